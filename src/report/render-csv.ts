// CSV output (SPEC §5): the main table only, one header row of field names, machine values. Text
// cells are neutralised against formula injection here rather than with csv-stringify's
// `escape_formulas`, which misses LF and NUL and cannot tell the text `-2+3` from the amount `-5`:
// we know each value's type, so only text is ever prefixed and numbers stay numbers.
import { stringify } from 'csv-stringify/sync';
import { format as formatDate } from 'date-fns/format';
import { tz } from '@date-fns/tz';
import { Big } from '../model/money.js';
import { cellOf, machineDateTime, machineHours, machineMoney, machineNumber, machineRatio } from './format.js';
import type { Cell, ColumnKind, RenderOptions, Renderer, Report } from './report.js';

// What a spreadsheet may read as the start of a formula or a DDE command: = + - @, and tab, CR, LF
// and NUL (some import paths trim them and then see the formula), plus the full-width forms of
// = + - @ that Excel folds to ASCII.
const FORMULA_START = /^[=+\-@\t\r\n\u0000\uff1d\uff0b\uff0d\uff20]/;

/** Text that a spreadsheet could take for a formula gets a leading `'`; other text is unchanged. */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

interface CsvContext {
  currency: string;
  timezone: string;
  excel: boolean;
}

/** A number's text in the target locale: `--excel` means a comma-decimal spreadsheet. */
function numeric(text: string, ctx: CsvContext): string {
  return ctx.excel ? text.replace('.', ',') : text;
}

/** One cell's csv text; null leaves the field empty (missing is never 0). */
function csvCell(value: Cell, kind: ColumnKind, ctx: CsvContext): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Big) {
    return numeric(kind === 'money' ? machineMoney(value, ctx.currency) : machineNumber(value), ctx);
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return null;
    switch (kind) {
      case 'money':
        return numeric(machineMoney(new Big(value), ctx.currency), ctx);
      case 'ratio':
        return numeric(machineRatio(value), ctx);
      case 'hours':
        return numeric(machineNumber(machineHours(value)), ctx);
      default:
        return numeric(machineNumber(value), ctx);
    }
  }
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return null;
    if (kind === 'date') return formatDate(value, 'yyyy-MM-dd', { in: tz(ctx.timezone) });
    // A spreadsheet does not read `…T…Z` as a date; local wall-clock time in the report's zone is
    // what `--excel` users expect to see and sort.
    return ctx.excel ? formatDate(value, 'yyyy-MM-dd HH:mm:ss', { in: tz(ctx.timezone) }) : machineDateTime(value);
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return neutraliseFormula(value);
}

/** The main table as CSV: `,` and LF; with `excel`, UTF-8 BOM, `;`, decimal comma and CRLF. */
export const renderCsv: Renderer = (report: Report, options: RenderOptions): string => {
  const excel = options.excel === true;
  const ctx: CsvContext = { currency: report.currency, timezone: report.timezone, excel };
  const { columns, rows } = report.main;
  const records: Array<Array<string | null>> = [
    columns.map((c) => neutraliseFormula(c.key)),
    ...rows.map((row) => columns.map((c) => csvCell(cellOf(row, c.key), c.kind, ctx))),
  ];
  return stringify(records, {
    delimiter: excel ? ';' : ',',
    record_delimiter: excel ? 'windows' : 'unix',
    bom: excel,
    // csv-stringify quotes only the configured record delimiter: with CRLF a bare CR or LF inside a
    // value would go out unquoted and split the record.
    quoted_match: [/[\r\n]/],
  });
};
