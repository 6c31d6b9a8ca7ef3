// Typed cell readers on top of RowView: amounts, dates, booleans, with the rules of SPEC §1.
// A bad value of a required field throws RowProblem (the row is skipped with file:line, field,
// column and the text); where the reader keeps unreadable cells, another field's is left empty and
// the row kept with a warning (`RowView.unreadable`).
import type Big from 'big.js';
import { fastDateCheck, fastInstantReader, isFastDate, isMissingDate, parseInstant, parseLocalDate, type CellReader, type DateOptions, type ParseResult } from './values/date.js';
import { isPlainAmount, parseAmount } from './values/number.js';
import { detectDateFormat } from './sniff-values.js';
import { parseBoolean } from './values/boolean.js';
import { isKnownCurrency } from '../model/money.js';
import type { RowView } from './read-table.js';
import type { FilePreset } from './presets/preset.js';

export interface CellContext {
  timezone: string;
  /** `date_format:` of the file, if any. */
  dateFormat?: string;
  /** `,` when the file is `;`/tab-delimited (decimal commas are likely), else `.`. */
  decimalHint: ',' | '.';
  /** The config's currency: an amount written in another currency is refused. */
  currency: string;
  /** The preset's extra "no date" words, lower-cased (amoCRM's `не закрыта` is known anyway). */
  missing?: ReadonlySet<string>;
  /**
   * Zone of ISO timestamps written without an offset, when the source writes UTC (Salesforce API
   * exports): an Excel re-save that dropped the `Z` must not move every time by the zone's offset.
   * Bare dates stay calendar days in `timezone`.
   */
  sourceTimezone?: string;
  /** The date options of `timezone` and `dateFormat`, made once per file (a cache, not a setting). */
  dateOptions?: DateOptions;
  /** The formats guessed for dates that failed, by shape of text (`withFormatSeen`; a cache). */
  formatsSeen?: Map<string, string | null>;
}

const ISO_TIMESTAMP_WITHOUT_OFFSET = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;

function isMissing(text: string, ctx: CellContext): boolean {
  return isMissingDate(text) || (ctx.missing !== undefined && ctx.missing.has(text.trim().toLowerCase()));
}

export function readAmount(row: RowView, field: string, ctx: CellContext): Big | undefined {
  const r = readAmountIn(row, field, ctx);
  if (r.foreign !== undefined) {
    row.fatal(field, `"${row.text(field)}" is in ${r.foreign}, but the config's currency is ${ctx.currency}; dealpulse does not convert currencies`);
  }
  return r.value;
}

/**
 * An amount and the other currency it names, if it names one (`$ 100` in a RUB config): the value
 * is then the caller's to leave out (a deal is counted, its amount left out of sums), never added.
 */
export function readAmountIn(row: RowView, field: string, ctx: CellContext): { value: Big | undefined; foreign?: string } {
  const text = row.text(field);
  if (text === undefined) return { value: undefined };
  const r = parseAmount(text, { decimalHint: ctx.decimalHint });
  if (!r.ok) return { value: row.unreadable(field, r.reason, text) };
  const currency = r.value.currency;
  return currency !== undefined && currency !== ctx.currency ? { value: r.value.value, foreign: currency } : { value: r.value.value };
}

/**
 * An amount cell that is checked but not kept (a command that only counts): a plain amount is
 * valid as it stands; any other text goes through `readAmountIn`, with its errors. The other
 * currency it names, if any.
 */
export function checkAmount(row: RowView, field: string, ctx: CellContext): string | undefined {
  const text = row.text(field);
  return text !== undefined && !isPlainAmount(text, ctx.decimalHint) ? readAmountIn(row, field, ctx).foreign : undefined;
}

export function readDateTime(row: RowView, field: string, ctx: CellContext): Date | undefined {
  const at = readInstant(row, field, ctx);
  return at === undefined ? undefined : new Date(at);
}

/** `readDateTime` as epoch milliseconds (stage events: millions of them, no `Date` each). */
export function readInstant(row: RowView, field: string, ctx: CellContext): number | undefined {
  const text = row.text(field);
  if (text === undefined || isMissing(text, ctx)) return undefined;
  const r = parseInstantCell(text, ctx);
  if (!r.ok) {
    if (r.systematic) row.fatal(field, r.reason);
    return row.unreadable(field, withFormatSeen(r.reason, text, ctx), text);
  }
  return r.value;
}

/** A timestamp cell's text with the file's rules (format, zone, source zone); never throws. */
export function parseDateTimeCell(text: string, ctx: CellContext): ParseResult<Date> {
  const r = parseInstantCell(text, ctx);
  return r.ok ? { ok: true, value: new Date(r.value) } : r;
}

export function parseInstantCell(text: string, ctx: CellContext): ParseResult<number> {
  const zone = ctx.sourceTimezone !== undefined && ISO_TIMESTAMP_WITHOUT_OFFSET.test(text.trim()) ? ctx.sourceTimezone : ctx.timezone;
  return parseInstant(text, zone === ctx.timezone ? (ctx.dateOptions ??= dateOptions(ctx)) : dateOptions({ ...ctx, timezone: zone }));
}

/**
 * The fast readers of a file's date cells in place (read-table.ts `FastRow`), made once per file:
 * `instant`, a timestamp as `readInstant` reads it (epoch ms, in the source's zone where it has one),
 * and `isDate`, whether a cell is a date or timestamp in a form that `checkInstant` and
 * `checkLocalDate` take without a word. NaN / false means the careful way decides (another form, a
 * word for "no date", an error to word).
 */
export function fastDateReaders(ctx: CellContext): { instant: CellReader; isDate: (text: string, start: number, end: number) => boolean } {
  const opts = (ctx.dateOptions ??= dateOptions(ctx));
  return { instant: fastInstantReader(opts, ctx.sourceTimezone ?? ctx.timezone), isDate: fastDateCheck(opts) };
}

/**
 * `readInstant` for a cell that is checked but not kept: a timestamp in the plain form is valid as
 * it stands (no instant is worked out); any other text goes through `readInstant`, with its errors.
 */
export function checkInstant(row: RowView, field: string, ctx: CellContext): void {
  const text = row.text(field);
  if (text === undefined || isMissing(text, ctx)) return;
  if (isFastDate(text, (ctx.dateOptions ??= dateOptions(ctx)))) return; // valid in any zone
  readInstant(row, field, ctx);
}

/**
 * `readLocalDate` for a cell that is checked but not kept: whether it holds a date (a plain one is
 * valid as it stands; any other text goes through `readLocalDate`, with its errors).
 */
export function checkLocalDate(row: RowView, field: string, ctx: CellContext): boolean {
  const text = row.text(field);
  if (text === undefined || isMissing(text, ctx)) return false;
  if (isFastDate(text, (ctx.dateOptions ??= dateOptions(ctx)))) return true;
  return readLocalDate(row, field, ctx) !== undefined;
}

export function readLocalDate(row: RowView, field: string, ctx: CellContext): string | undefined {
  const text = row.text(field);
  if (text === undefined || isMissing(text, ctx)) return undefined;
  const r = parseLocalDate(text, dateOptions(ctx));
  if (!r.ok) {
    if (r.systematic) row.fatal(field, r.reason);
    return row.unreadable(field, withFormatSeen(r.reason, text, ctx), text);
  }
  return r.value;
}

/**
 * A date error with the format the text is written in, when one of the usual ones reads it (`the
 * cell looks like M/d/yyyy: set date_format: "M/d/yyyy"`): the fix, not only the fault. Guessed once
 * per shape of text (digits and letters as classes) and file: a file whose every date fails costs
 * one guess per shape.
 */
function withFormatSeen(reason: string, text: string, ctx: CellContext): string {
  const shape = text.trim().replace(/\d/g, '9').replace(/\p{L}/gu, 'a');
  const seen = (ctx.formatsSeen ??= new Map<string, string | null>());
  let format = seen.get(shape);
  if (format === undefined) {
    const guess = detectDateFormat([text.trim()]);
    // A bare date is named by its date part (a format with a time reads it too, but says more).
    const named = guess.format !== undefined && !/\d:\d/.test(text) ? guess.format.replace(/[\s,T']*[Hh].*$/, '') : guess.format;
    format = named !== undefined && guess.read === 1 && named !== ctx.dateFormat ? named : null;
    if (seen.size < 100) seen.set(shape, format);
  }
  return format === null ? reason : `${reason}; the cell looks like ${format}: set date_format: "${format}" for this file`;
}

/** Booleans of custom fields (commission gates): an empty cell is false, a gate not passed. */
export function readCustomBoolean(row: RowView, name: string): boolean {
  const text = row.customText(name) ?? '';
  const r = parseBoolean(text);
  if (!r.ok) {
    // A gate that cannot be read is not passed.
    row.unreadable(name, r.reason, text);
    return false;
  }
  return r.value;
}

/** True when a date cell says "no date" in words (or is empty). */
export function isMissingDateCell(text: string | undefined, ctx: CellContext): boolean {
  return text === undefined || isMissing(text, ctx);
}

function dateOptions(ctx: CellContext): DateOptions {
  return ctx.dateFormat === undefined ? { timezone: ctx.timezone } : { timezone: ctx.timezone, format: ctx.dateFormat };
}

/**
 * The cell rules of one file: its date format (config over preset), the preset's "no date" words and
 * time convention. `decimalHint` is provisional until the delimiter is known (see `decimalHintFor`).
 */
export function fileCellContext(input: {
  timezone: string;
  currency: string;
  dateFormat?: string | undefined;
  preset: FilePreset;
}): CellContext {
  const { preset } = input;
  const ctx: CellContext = { timezone: input.timezone, decimalHint: preset.decimal ?? ',', currency: input.currency };
  const dateFormat = input.dateFormat ?? preset.dateFormat;
  if (dateFormat !== undefined) ctx.dateFormat = dateFormat;
  if (preset.missingDates && preset.missingDates.length > 0) ctx.missing = new Set(preset.missingDates.map((w) => w.trim().toLowerCase()));
  if (preset.timezone === 'utc') ctx.sourceTimezone = 'UTC';
  return ctx;
}

/**
 * The decimal separator of a file's numbers: as declared (config `decimal:`, else the preset), else a
 * `;` or tab file is taken to come from a decimal-comma locale and a `,` file cannot.
 */
export function decimalHintFor(delimiter: string, declared: '.' | ',' | undefined): '.' | ',' {
  return declared ?? (delimiter === ',' ? '.' : ',');
}

// Currency names as CRMs write them in a currency column (Bitrix24: "Российский рубль").
const CURRENCY_NAMES: Record<string, string> = {
  'российский рубль': 'RUB', 'рубль': 'RUB', 'руб': 'RUB', 'руб.': 'RUB', 'доллар сша': 'USD', 'евро': 'EUR',
  'us dollar': 'USD', 'euro': 'EUR', 'казахстанский тенге': 'KZT', 'белорусский рубль': 'BYN', 'украинская гривна': 'UAH',
};

/**
 * A currency column must agree with the config's currency: amounts of two currencies must never be
 * added up. Unknown text is kept with a warning (it cannot be checked).
 */
export function checkCurrencyColumn(row: RowView, ctx: CellContext): string | undefined {
  const { text, foreign } = readCurrencyColumn(row, ctx);
  if (foreign !== undefined) row.fatal('currency', `"${text}" is ${foreign}, but the config's currency is ${ctx.currency}; dealpulse does not convert currencies`);
  return text;
}

/**
 * A currency column's text, and the other currency it names when it is not the config's (the
 * caller decides: a payment stops the run, a deal is counted without its amount). Unknown text is
 * kept with a warning (it cannot be checked).
 */
export function readCurrencyColumn(row: RowView, ctx: CellContext): { text: string | undefined; foreign?: string } {
  const text = row.text('currency');
  if (text === undefined) return { text };
  const code = currencyCode(text);
  if (code === undefined) row.warn(`currency "${text}" is not an ISO code or a known name; it cannot be checked against ${ctx.currency}`, 'currency');
  return code !== undefined && code !== ctx.currency ? { text, foreign: code } : { text };
}

/** The ISO code a currency cell names (`RUB`, `Российский рубль`), or undefined when unknown. */
export function currencyCode(text: string): string | undefined {
  const upper = text.trim().toUpperCase();
  return /^[A-Z]{3}$/.test(upper) && isKnownCurrency(upper) ? upper : CURRENCY_NAMES[text.trim().toLowerCase()];
}
