// Value formatting shared by every renderer: one place decides how money, ratios, durations and
// dates look to a person (table, md, html) and to a machine (csv, json), so the formats never drift.
//
// Conventions (for the README's output section):
// - Human money: integer digits grouped in threes with a plain space, `.` decimal point, exactly the
//   currency's minor-unit digits, then a space and the currency symbol (`1 250 000.50 ₽`, `-5.00 $`,
//   `1 250 ¥`); the ISO code stands in for currencies without a well-known symbol (`12.500 KWD`).
//   A plain space rather than U+202F: every terminal font has it, columns stay aligned, and a value
//   copied from the terminal reads back (the reader accepts space separators).
// - Human ratio: percent with one decimal (`35.0%`); hours: `3d 4h` / `5h 20m` / `45m`;
//   datetimes `yyyy-MM-dd HH:mm` in the report's zone; missing → '' (the table shows `—`).
// - Machine (csv/json): money rounded half-up to the minor unit (csv: fixed digits `1250000.50`,
//   json: a number); ratios as fractions (csv: at most 6 decimals, json: the number as computed);
//   hours to 2 decimals; datetimes as ISO instants (UTC, `Z`; `--excel` csv: local
//   `yyyy-MM-dd HH:mm:ss`, which spreadsheets read as dates); dates `yyyy-MM-dd` as given.
import { format as formatDate } from 'date-fns/format';
import { tz } from '@date-fns/tz';
import { Big, minorUnit, moneyToNumber, roundMoney } from '../model/money.js';
import type { Cell, ColumnKind, Row, TableData } from './report.js';

/** What the table and md renderers show for a missing value. */
export const MISSING = '—';

/** The report-level facts a cell's rendering depends on. */
export interface FormatContext {
  currency: string;
  timezone: string;
}

// ---------------------------------------------------------------------------------------------
// Control characters. Data text (deal titles, manager names) comes from exports anyone can edit;
// an ESC sequence in a title could recolour, hide or rewrite the terminal, so it never reaches one.

// 7-bit ESC sequences: CSI (`ESC [ … final`), string commands (OSC `ESC ]`, DCS `ESC P`, SOS `ESC X`,
// PM `ESC ^`, APC `ESC _`) up to their terminator (BEL or ST) or the end of the text, and the short
// two- or three-character forms (`ESC c`, `ESC ( B`).
const ESCAPE_SEQUENCE =
  /\u001b\[[\u0030-\u003f]*[\u0020-\u002f]*[\u0040-\u007e]|\u001b[\]PX^_][\s\S]*?(?:\u0007|\u001b\\|\u009c|$)|\u001b[\u0020-\u002f]*[\u0030-\u007e]/g;
// Whitespace controls become one space, so `a\nb` stays two words and cannot break a table row.
const WHITESPACE_CONTROL = /[\t\n\v\f\r\u0085\u2028\u2029]+/g;
// Remaining C0, DEL, C1, and the explicit bidi overrides/isolates, which can visually reorder the
// rest of a line ("Trojan Source") without being printable themselves.
const OTHER_CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Data text made safe for a terminal, Markdown or HTML: ESC sequences removed whole (so `\e[31m`
 * leaves nothing behind), line breaks and tabs turned into a single space, every other control
 * character removed. Printable text, including non-Latin scripts and emoji, is kept as is.
 */
export function stripControl(text: string): string {
  return text.replace(ESCAPE_SEQUENCE, '').replace(WHITESPACE_CONTROL, ' ').replace(OTHER_CONTROL, '');
}

// ---------------------------------------------------------------------------------------------
// Human forms.

/** Kinds whose values are numbers: right-aligned in tables, never formula-escaped in csv. */
export function isNumericKind(kind: ColumnKind): boolean {
  return kind === 'int' || kind === 'number' || kind === 'money' || kind === 'ratio' || kind === 'hours';
}

// Symbols only where they are unambiguous for our users; `$` is USD (the other dollars keep their
// code), `¥` is JPY (CNY keeps its code).
const CURRENCY_SYMBOLS: Readonly<Record<string, string>> = {
  RUB: '₽',
  USD: '$',
  EUR: '€',
  GBP: '£',
  JPY: '¥',
  KZT: '₸',
  UAH: '₴',
  INR: '₹',
  TRY: '₺',
  KRW: '₩',
  ILS: '₪',
};

/** The symbol shown after amounts in tables; the ISO code when there is no well-known symbol. */
export function currencySymbol(currency: string): string {
  const code = currency.trim().toUpperCase();
  return CURRENCY_SYMBOLS[code] ?? code;
}

/** `1234567.5` → `1 234 567.5`: groups the integer digits of a plain decimal string. */
function groupThousands(plain: string): string {
  const negative = plain.startsWith('-');
  const unsigned = negative ? plain.slice(1) : plain;
  const dot = unsigned.indexOf('.');
  const intPart = dot < 0 ? unsigned : unsigned.slice(0, dot);
  const fraction = dot < 0 ? '' : unsigned.slice(dot);
  const grouped = intPart.replace(/\B(?=(\d{3})+$)/g, ' ');
  return `${negative ? '-' : ''}${grouped}${fraction}`;
}

/** `1 250 000.50 ₽`: rounded half-up to the minor unit, grouped, with the currency symbol. */
export function formatMoney(x: Big, currency: string): string {
  return `${groupThousands(machineMoney(x, currency))} ${currencySymbol(currency)}`;
}

/** `0.35` → `35.0%` (one decimal, half-up on the decimal value, not on binary noise). */
export function formatRatio(x: number): string {
  const percent = new Big(x).times(100).round(1, Big.roundHalfUp);
  return `${groupThousands(noNegativeZero(percent).toFixed(1))}%`;
}

/**
 * A duration in hours, to the precision a person reads: `3d 4h` from one day up (rounded to the
 * hour), `5h 20m` from one hour up (rounded to the minute), `45m` below. Both parts are always
 * shown (`2d 0h`) so a column of durations lines up.
 */
export function formatHours(hours: number): string {
  const sign = hours < 0 ? '-' : '';
  const minutes = Math.round(Math.abs(hours) * 60);
  if (minutes >= 24 * 60) {
    const wholeHours = Math.round(minutes / 60);
    return `${sign}${Math.floor(wholeHours / 24)}d ${wholeHours % 24}h`;
  }
  if (minutes >= 60) return `${sign}${Math.floor(minutes / 60)}h ${minutes % 60}m`;
  return minutes === 0 ? '0m' : `${sign}${minutes}m`;
}

/** `yyyy-MM-dd HH:mm`, wall-clock time in `timeZone` (never the host's zone). */
export function formatDateTime(d: Date, timeZone: string): string {
  return formatDate(d, 'yyyy-MM-dd HH:mm', { in: tz(timeZone) });
}

/** A plain number for people: integer part grouped, at most 4 decimals (trailing zeros dropped). */
export function formatNumber(n: number | Big): string {
  return groupThousands(plainDecimal(n, 4));
}

/**
 * A cell as a person reads it (table, md, html), or '' when missing. Text is stripped of control
 * characters here, so no renderer can forget it. The value's runtime type wins over the column
 * kind when they disagree (a metric putting a note in a money column still gets its text shown).
 */
export function formatCell(value: Cell, kind: ColumnKind, ctx: FormatContext): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Big) {
    return kind === 'money' ? formatMoney(value, ctx.currency) : formatNumber(value);
  }
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return '';
    return kind === 'date' ? formatDate(value, 'yyyy-MM-dd', { in: tz(ctx.timezone) }) : formatDateTime(value, ctx.timezone);
  }
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'number') {
    // A ratio with a zero denominator is empty, never NaN (SPEC §4); guard every kind the same way.
    if (!Number.isFinite(value)) return '';
    switch (kind) {
      case 'money':
        return formatMoney(new Big(value), ctx.currency);
      case 'ratio':
        return formatRatio(value);
      case 'hours':
        return formatHours(value);
      default:
        return formatNumber(value);
    }
  }
  return stripControl(value);
}

/** A row's own value for `key` (never an inherited `constructor` or `toString`). */
export function cellOf(row: Row, key: string): Cell {
  return Object.hasOwn(row, key) ? row[key] : undefined;
}

/** A table as people read it: every value already a string, ready for a human-facing renderer. */
export interface DisplayTable {
  title?: string;
  headers: string[];
  /** Per column: right-align it (numbers, money, ratios, durations). */
  numeric: boolean[];
  /** Body cells; '' where the value is missing (each renderer picks its placeholder). */
  rows: string[][];
  /** Same length as `rows`. */
  marks: Array<'bad' | 'good' | undefined>;
  totals?: string[];
}

/** The human form of a whole table (table, md and html renderers share it). */
export function displayTable(table: TableData, ctx: FormatContext): DisplayTable {
  const { columns } = table;
  const cells = (row: Row): string[] => columns.map((c) => formatCell(cellOf(row, c.key), c.kind, ctx));
  const display: DisplayTable = {
    headers: columns.map((c) => stripControl(c.title ?? c.key)),
    numeric: columns.map((c) => isNumericKind(c.kind)),
    rows: table.rows.map(cells),
    marks: table.rows.map((_, i) => table.marks?.[i]),
  };
  if (table.title !== undefined) display.title = stripControl(table.title);
  if (table.totals) display.totals = cells(table.totals);
  return display;
}

// ---------------------------------------------------------------------------------------------
// Machine forms.

function noNegativeZero(x: Big): Big {
  return x.eq(0) ? new Big(0) : x;
}

/** `n` rounded half-up to at most `dp` decimals, as a plain string (never exponent notation). */
function plainDecimal(n: number | Big, dp: number): string {
  return noNegativeZero(new Big(n).round(dp, Big.roundHalfUp)).toFixed();
}

/** Money for csv: rounded half-up to the minor unit, fixed digits, `.` point (`-5.00`, `1250`). */
export function machineMoney(x: Big, currency: string): string {
  return roundMoney(x, currency).toFixed(minorUnit(currency));
}

/** Money for json: a number rounded to the minor unit. */
export function machineMoneyNumber(x: Big, currency: string): number {
  return moneyToNumber(x, currency);
}

/** A ratio for csv: the fraction to at most 6 decimals (`0.35`, `0.333333`). */
export function machineRatio(x: number): string {
  return plainDecimal(x, 6);
}

/** Hours for csv/json: rounded to 2 decimals. */
export function machineHours(hours: number): number {
  return Number(plainDecimal(hours, 2));
}

/** An exact ratio (attainment, a rate) as the number a `ratio` cell holds; missing stays missing. */
export function ratioCell(x: Big | null): number | null {
  return x === null ? null : x.toNumber();
}

/** A number for csv without exponent notation (`1e21` → `1000000000000000000000`). */
export function machineNumber(n: number | Big): string {
  // A count is a safe integer, whose own text has no exponent (nor a sign on zero): no Big for it.
  if (typeof n === 'number' && Number.isSafeInteger(n)) return String(n === 0 ? 0 : n);
  return noNegativeZero(new Big(n)).toFixed();
}

/** A datetime for csv/json: an ISO instant in UTC. */
export function machineDateTime(d: Date): string {
  return d.toISOString();
}
