// Typed cell readers on top of RowView: amounts, dates, booleans, with the rules of SPEC §1.
// A bad value throws RowProblem (the row is skipped with file:line, field, column and the text).
import type Big from 'big.js';
import { isMissingDate, parseDateTime, parseLocalDate } from './values/date.js';
import { parseAmount } from './values/number.js';
import { parseBoolean } from './values/boolean.js';
import type { RowView } from './read-table.js';

export interface CellContext {
  timezone: string;
  /** `date_format:` of the file, if any. */
  dateFormat?: string;
  /** `,` when the file is `;`/tab-delimited (decimal commas are likely), else `.`. */
  decimalHint: ',' | '.';
  /** The config's currency: an amount written in another currency is refused. */
  currency: string;
}

export function readAmount(row: RowView, field: string, ctx: CellContext): Big | undefined {
  const text = row.text(field);
  if (text === undefined) return undefined;
  const r = parseAmount(text, { decimalHint: ctx.decimalHint });
  if (!r.ok) row.fail(field, r.reason, text);
  if (r.value.currency !== undefined && r.value.currency !== ctx.currency) {
    row.fail(field, `"${text}" is in ${r.value.currency}, but the config's currency is ${ctx.currency}; dealpulse does not convert currencies`, text);
  }
  return r.value.value;
}

export function readDateTime(row: RowView, field: string, ctx: CellContext): Date | undefined {
  const text = row.text(field);
  if (text === undefined || isMissingDate(text)) return undefined;
  const r = parseDateTime(text, dateOptions(ctx));
  if (!r.ok) row.fail(field, r.reason, text);
  return r.value;
}

export function readLocalDate(row: RowView, field: string, ctx: CellContext): string | undefined {
  const text = row.text(field);
  if (text === undefined || isMissingDate(text)) return undefined;
  const r = parseLocalDate(text, dateOptions(ctx));
  if (!r.ok) row.fail(field, r.reason, text);
  return r.value;
}

/** Booleans of custom fields (commission gates): an empty cell is false, a gate not passed. */
export function readCustomBoolean(row: RowView, name: string): boolean {
  const text = row.customText(name) ?? '';
  const r = parseBoolean(text);
  if (!r.ok) row.fail(name, r.reason, text);
  return r.value;
}

function dateOptions(ctx: CellContext): { timezone: string; format?: string } {
  return ctx.dateFormat === undefined ? { timezone: ctx.timezone } : { timezone: ctx.timezone, format: ctx.dateFormat };
}
