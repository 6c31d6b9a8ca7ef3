// JSON output (SPEC §5): `{ command, as_of, params, rows, summary, warnings }` for scripts. Values are
// machine values: money a number rounded to the currency's minor unit, ratios numbers as computed,
// datetimes ISO instants, missing `null` (never dropped, so every row has every field).
import { format as formatDate } from 'date-fns/format';
import { tz } from '@date-fns/tz';
import { Big } from '../model/money.js';
import type { Diagnostic } from '../model/diagnostic.js';
import { cellOf, machineDateTime, machineHours, machineMoneyNumber } from './format.js';
import type { Cell, ColumnKind, RenderOptions, Renderer, Report } from './report.js';

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** A cell of a typed column. */
function jsonCell(value: Cell, kind: ColumnKind, report: Report): Json {
  if (value === null || value === undefined) return null;
  if (value instanceof Big) return kind === 'money' ? machineMoneyNumber(value, report.currency) : value.toNumber();
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return null;
    return kind === 'date' ? formatDate(value, 'yyyy-MM-dd', { in: tz(report.timezone) }) : machineDateTime(value);
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return null;
    if (kind === 'money') return machineMoneyNumber(new Big(value), report.currency);
    if (kind === 'hours') return machineHours(value);
    return value;
  }
  return value;
}

/**
 * An untyped value (params, summary): walked recursively. With no column kind to go by, every Big
 * is money — the report contract says summary amounts are Big and everything else plain.
 */
function jsonValue(value: unknown, currency: string): Json {
  if (value === null || value === undefined) return null;
  if (value instanceof Big) return machineMoneyNumber(value, currency);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : machineDateTime(value);
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : null;
    case 'bigint':
      return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
    case 'object':
      break;
    default:
      return null; // functions and symbols have no JSON form
  }
  if (Array.isArray(value)) return value.map((v) => jsonValue(v, currency));
  if (value instanceof Map) return jsonValue(Object.fromEntries(value), currency);
  if (value instanceof Set) return jsonValue([...value], currency);
  // fromEntries defines own properties, so even a `__proto__` key is data, not a prototype.
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, jsonValue(v, currency)]));
}

/** `{file, line, column?, field?, value?, reason, action}`: absent optional fields are left out. */
function jsonWarning(d: Diagnostic): Json {
  const out: { [key: string]: Json } = { file: d.file, line: d.line };
  if (d.column !== undefined) out.column = d.column;
  if (d.field !== undefined) out.field = d.field;
  if (d.value !== undefined) out.value = d.value;
  out.reason = d.reason;
  out.action = d.action;
  return out;
}

/** The report as one JSON document, 2-space indented, with a trailing newline. */
export const renderJson: Renderer = (report: Report, _options: RenderOptions): string => {
  const { columns, rows } = report.main;
  const doc: Json = {
    command: report.command,
    as_of: machineDateTime(report.asOf),
    params: jsonValue(report.params, report.currency),
    rows: rows.map((row) =>
      Object.fromEntries(columns.map((c) => [c.key, jsonCell(cellOf(row, c.key), c.kind, report)])),
    ),
    summary: jsonValue(report.summary, report.currency),
    warnings: report.warnings.map(jsonWarning),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
};
