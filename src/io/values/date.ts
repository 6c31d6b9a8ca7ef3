// Reading dates and timestamps from CSV text (SPEC §1). Text without an offset is a wall-clock time
// in the config's zone — never the host's: the text is first read as bare fields (year … second), then
// placed in the zone by `wallToInstant`, whose DST rules are ours and tested, not whatever the host TZ
// would do. Formats are date-fns tokens; the numeric ones (yyyy MM dd HH mm ss SSS and their short
// forms) are read by a compiled reader that mirrors date-fns's rules — date-fns `parse` costs
// ~150 µs a call, too slow for millions of rows — and anything else goes to date-fns in a UTC context.
import { format as formatDate } from 'date-fns/format';
import { parse } from 'date-fns/parse';
import { isValidTimezone, localDayNumber, wallToInstant } from '../../model/zone.js';
import { literalText, REFERENCE, SAMPLE, tokenize, UTC, validateDateFormat, type FormatToken } from '../../model/date-format.js';
import { fail, ok, type ParseResult } from './result.js';
import { fastPath } from './fast-path.js';

export type { ParseResult } from './result.js';

export interface DateOptions {
  /** date-fns tokens (`dd.MM.yyyy HH:mm:ss`), or `excel` for Excel serial numbers. ISO is always read. */
  format?: string;
  /** IANA zone (or `+03:00`) for text without an offset. */
  timezone: string;
}

const MINUTE = 60_000;
const DAY = 86_400_000;

// Cells that say "no date" in words; they are missing, not bad dates.
const MISSING = new Set(['', '-', '\u2013', '\u2014', 'не закрыта', 'не указана', 'n/a', 'null']);

/** True when the cell means "no date": empty, a dash, `не закрыта`, `n/a`, `null`… */
export function isMissingDate(text: string): boolean {
  // Hot path (every date cell): a date starts with a digit, and no sentinel does.
  const c = text.charCodeAt(0);
  if (c >= 48 && c <= 57) return false;
  return MISSING.has(text.trim().toLowerCase());
}

// ---------------------------------------------------------------------------------------------
// Wall clock → instant

interface Wall {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  ms: number;
}

/**
 * The instant a wall clock in `zone` shows `w`, by the time-zone engine's DST rules (model/zone.ts):
 * a time in a spring gap moves forward by the gap's length (02:30 on 2025-03-09 in New York → 03:30
 * EDT), a time that exists twice is the earlier instant (the first pass, summer time).
 */
function wallFieldsToInstant(w: Wall, zone: string): number {
  return wallToInstant(Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, w.ms), zone);
}

function wallFromUtcFields(d: Date): Wall {
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    ms: d.getUTCMilliseconds(),
  };
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  if (month !== 2) return MONTH_DAYS[month - 1]!;
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
}

/** Calendar and clock ranges; years before 1000 are refused (two-digit years, typos). */
function isValidWall(w: Wall): boolean {
  return (
    w.year >= 1000 &&
    w.year <= 9999 &&
    w.month >= 1 &&
    w.month <= 12 &&
    w.day >= 1 &&
    w.day <= daysInMonth(w.year, w.month) &&
    w.hour <= 23 &&
    w.minute <= 59 &&
    w.second <= 59
  );
}

// ---------------------------------------------------------------------------------------------
// What was read: a wall clock (to place in the zone) or an instant (the text had an offset).

type Reading = { kind: 'wall'; wall: Wall } | { kind: 'instant'; at: number };

type Attempt = { ok: true; reading: Reading } | { ok: false; twoDigitYear?: boolean };

const NO: Attempt = { ok: false };

const ISO_RE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:\s?(Z|[+-]\d{2}(?::?\d{2})?))?)?$/i;

/** ISO 8601 (extended form): date, date + time, optional fraction and offset; `T` or a space. */
function readIso(text: string): Attempt {
  const m = ISO_RE.exec(text);
  if (!m) return NO;
  const [, y, mo, d, h, mi, s, frac, offset] = m;
  const wall: Wall = {
    year: Number(y),
    month: Number(mo),
    day: Number(d),
    hour: Number(h ?? 0),
    minute: Number(mi ?? 0),
    second: Number(s ?? 0),
    // Sub-millisecond digits are dropped (a Date has none), never rounded up into the next second.
    ms: Number((frac ?? '').padEnd(3, '0').slice(0, 3)),
  };
  if (!isValidWall(wall)) return NO;
  if (offset === undefined) return { ok: true, reading: { kind: 'wall', wall } };
  const minutes = offsetMinutes(offset);
  if (minutes === undefined) return NO;
  const local = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second, wall.ms);
  return { ok: true, reading: { kind: 'instant', at: local - minutes * MINUTE } };
}

function offsetMinutes(offset: string): number | undefined {
  if (offset.toUpperCase() === 'Z') return 0;
  const sign = offset.startsWith('-') ? -1 : 1;
  const digits = offset.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = Number(digits.slice(2) || '0');
  if (hours > 23 || minutes > 59) return undefined;
  return sign * (hours * 60 + minutes);
}

// Excel's 1900 date system: serial 1 = 1900-01-01, and Excel believes 1900-02-29 existed (serial 60).
const EXCEL_RE = /^(\d+)(?:[.,](\d+))?$/;
const EXCEL_MAX = 2_958_465; // 9999-12-31
const EXCEL_EPOCH = Date.UTC(1899, 11, 30); // serial 0 for serials ≥ 61

/**
 * An Excel serial (1900 system). Serial 60 is the fictitious 1900-02-29 and is refused; serials
 * below 61 are shifted by a day to skip it. The fraction is the time of day, rounded to the nearest
 * second (CSV writers cut the fraction to a few digits, so 09:30 comes back as 09:29:59.97).
 */
function readExcel(text: string): Attempt {
  const m = EXCEL_RE.exec(text);
  if (!m) return NO;
  const days = Number(m[1]);
  if (days < 1 || days === 60 || days > EXCEL_MAX) return NO;
  const fraction = Number(`0.${m[2] ?? '0'}`);
  const seconds = Math.round(fraction * 86_400);
  const dayStart = EXCEL_EPOCH + (days < 60 ? days + 1 : days) * DAY;
  const wall = wallFromUtcFields(new Date(dayStart + seconds * 1000));
  return { ok: true, reading: { kind: 'wall', wall } };
}

// ---------------------------------------------------------------------------------------------
// date-fns formats

const TIME_LETTERS = new Set(['a', 'b', 'B', 'h', 'H', 'k', 'K', 'm', 's', 'S', 'X', 'x', 'O', 'z']);
const INSTANT_LETTERS = new Set(['X', 'x', 't', 'T']);

/** The date part of a format with a time part (`dd.MM.yyyy HH:mm` → `dd.MM.yyyy`), if any. */
function datePartOf(tokens: FormatToken[]): string | undefined {
  const firstTime = tokens.findIndex((t) => t.letter !== undefined && TIME_LETTERS.has(t.letter));
  if (firstTime <= 0) return undefined;
  const head = tokens.slice(0, firstTime);
  while (head.length > 0 && head[head.length - 1]?.letter === undefined) head.pop();
  return head.some((t) => t.letter !== undefined) ? head.map((t) => t.text).join('') : undefined;
}

/** Reads one cell with one format. */
type FormatReader = (text: string) => Attempt;

/** The bare fields a format read, checked like every other source of a wall clock. */
function checkedWall(wall: Wall): Attempt {
  if (wall.year < 1000) return { ok: false, twoDigitYear: true };
  if (!isValidWall(wall)) return NO;
  return { ok: true, reading: { kind: 'wall', wall } };
}

/** date-fns `parse` in a UTC context, so the fields come out as written, free of any DST. */
function dateFnsReader(fmt: string): FormatReader {
  // Offsets (X, x) and timestamps (t, T) make the text an instant, not a wall clock.
  const instant = tokenize(fmt).some((t) => t.letter !== undefined && INSTANT_LETTERS.has(t.letter));
  return (text) => {
    let parsed: Date;
    try {
      parsed = parse(text, fmt, REFERENCE, { in: UTC });
    } catch {
      return NO;
    }
    const at = parsed.getTime();
    if (Number.isNaN(at)) return NO;
    const checked = checkedWall(wallFromUtcFields(new Date(at)));
    return checked.ok && instant ? { ok: true, reading: { kind: 'instant', at } } : checked;
  };
}

type FieldName = keyof Wall;
type Step =
  | { literal: string }
  | { field: FieldName; re: RegExp; fracDigits?: number }
  /** `h`/`hh`: the hour on a 12-hour clock, 1–12. */
  | { hour12: RegExp }
  /** `a`: AM or PM. */
  | { meridiem: true };

// date-fns's own patterns (parse/_lib/constants.js): one-letter tokens take 1–2 digits within range,
// doubled tokens take 1–2 digits of any value (checked afterwards), `y`/`yyyy` take 1–4 digits.
const ONE_LETTER: Record<string, RegExp> = {
  M: /1[0-2]|0?\d/y,
  d: /3[0-1]|[0-2]?\d/y,
  H: /2[0-3]|[0-1]?\d/y,
  h: /1[0-2]|0?\d/y,
  m: /[0-5]?\d/y,
  s: /[0-5]?\d/y,
};
const FIELD_OF: Record<string, FieldName> = { y: 'year', M: 'month', d: 'day', H: 'hour', m: 'minute', s: 'second' };

function upTo(n: number): RegExp {
  return new RegExp(`\\d{1,${n}}`, 'y');
}

/** The fast step for a token, or undefined when only date-fns can read it (MMM, X, do…). */
function fastStep(t: FormatToken): Step | undefined {
  if (t.letter === undefined) return { literal: literalText(t.text) };
  const n = t.text.length;
  const field = FIELD_OF[t.letter];
  if (t.letter === 'y') return n === 2 ? undefined : { field: 'year', re: upTo(n === 1 ? 4 : n) };
  if (t.letter === 'S') return { field: 'ms', re: upTo(n), fracDigits: n };
  if (t.letter === 'h') return n > 2 ? undefined : { hour12: n === 1 ? ONE_LETTER['h']! : upTo(2) };
  if (t.letter === 'a') return n > 3 ? undefined : { meridiem: true };
  if (field === undefined || n > 2) return undefined;
  const re = n === 1 ? ONE_LETTER[t.letter] : upTo(2);
  return re === undefined ? undefined : { field, re };
}

/**
 * Not read here: a 12-hour clock's text that only date-fns's locale rules can settle (`p.m.`, `noon`,
 * an hour out of range…). The compiled reader then asks date-fns (`readerFor`).
 */
const UNSURE: Attempt = { ok: false };

/**
 * A compiled reader for numeric formats, with date-fns's matching rules (greedy, no backtracking),
 * and 12-hour clocks (`h`, `a`) written `AM`/`PM` (either case): what date-fns reads of them — the
 * hour 12 AM is 0, 12 PM is 12, `h` without `a` is AM — for the forms exports write; anything else
 * at those tokens is UNSURE.
 */
function fastReader(fmt: string): FormatReader | undefined {
  const steps: Step[] = [];
  for (const token of tokenize(fmt)) {
    const step = fastStep(token);
    if (step === undefined) return undefined;
    steps.push(step);
  }
  const has = (kind: 'hour12' | 'meridiem') => steps.some((step) => kind in step);
  const hasHour24 = steps.some((step) => 'field' in step && step.field === 'hour');
  // `a` sets the hour only through `h` in date-fns (with `H` it is overruled); `h` with `H` is refused.
  if ((has('meridiem') && !has('hour12')) || (has('hour12') && hasHour24)) return undefined;
  return (text) => {
    // Fields absent from the format start at the reference date's midnight, as in date-fns.
    const wall: Wall = { year: 2000, month: 1, day: 1, hour: 0, minute: 0, second: 0, ms: 0 };
    let hour12 = -1;
    let pm = false;
    let pos = 0;
    for (const step of steps) {
      if ('literal' in step) {
        if (!text.startsWith(step.literal, pos)) return NO;
        pos += step.literal.length;
        continue;
      }
      if ('meridiem' in step) {
        const word = text.slice(pos, pos + 2).toUpperCase();
        if ((word !== 'AM' && word !== 'PM') || /[\p{L}.\s]/u.test(text.charAt(pos + 2))) return UNSURE;
        pm = word === 'PM';
        pos += 2;
        continue;
      }
      const re = 'hour12' in step ? step.hour12 : step.re;
      re.lastIndex = pos;
      const m = re.exec(text);
      if (m === null) return 'hour12' in step ? UNSURE : NO;
      const value = Number(m[0]);
      pos += m[0].length;
      if ('hour12' in step) hour12 = value;
      // `S`…`SSS` are fractions of a second: `S` = tenths, `SS` = hundredths (date-fns truncates).
      else wall[step.field] = step.fracDigits === undefined ? value : Math.trunc(value * 10 ** (3 - step.fracDigits));
    }
    if (text.slice(pos).trim() !== '') return NO;
    if (hour12 !== -1) {
      if (hour12 < 1 || hour12 > 12) return UNSURE;
      wall.hour = pm ? (hour12 < 12 ? hour12 + 12 : 12) : hour12 === 12 ? 0 : hour12;
    }
    return checkedWall(wall);
  };
}

interface CompiledFormat {
  /** Why the format is unusable, if it is. */
  invalid?: string;
  /** The format itself, then its date part when it has a time part. */
  readers: FormatReader[];
}

function readerFor(fmt: string): FormatReader {
  const fast = fastReader(fmt);
  if (fast === undefined) return dateFnsReader(fmt);
  const dateFns = dateFnsReader(fmt);
  return (text) => {
    const r = fast(text);
    return r === UNSURE ? dateFns(text) : r;
  };
}

// Formats are per file, rows are millions: validate and compile each format once.
const compiled = new Map<string, CompiledFormat>();

function compile(fmt: string): CompiledFormat {
  let c = compiled.get(fmt);
  if (c === undefined) {
    const invalid = validateDateFormat(fmt);
    if (invalid !== undefined) {
      c = { invalid, readers: [] };
    } else {
      const datePart = datePartOf(tokenize(fmt));
      c = { readers: datePart === undefined ? [readerFor(fmt)] : [readerFor(fmt), readerFor(datePart)] };
    }
    compiled.set(fmt, c);
  }
  return c;
}

// ---------------------------------------------------------------------------------------------
// The fixed-layout fast path. Most exports write every timestamp in one fixed-width numeric form
// (`2025-03-14 09:30:00`, `14.03.2025 09:30`), millions of times. For text laid out exactly like
// its format, reading the digits in place gives the same fields as the general reader would (each
// field has exactly its width, so its greedy matching takes the same digits), without a regex, a
// closure or a temporary object per cell. Anything else — other widths, surrounding spaces, offsets,
// impossible dates, words — takes the general way, which also words the errors. Only the reader the
// general way tries first is mirrored, so both ways cannot disagree on which reading wins; the
// equivalence is tested (test/io/values/date-fast-path.test.ts).

interface Layout {
  /** Per character: its code, or DIGIT. */
  chars: Int32Array;
  /** Start of each field (year, month, day, hour, minute, second, ms), -1 when absent. */
  starts: Int32Array;
  widths: Int32Array;
}

const DIGIT = -1;
const WIDTH: Record<string, number> = { yyyy: 4, MM: 2, dd: 2, HH: 2, mm: 2, ss: 2, S: 1, SS: 2, SSS: 3 };
const SLOT: Record<string, number> = { y: 0, M: 1, d: 2, H: 3, m: 4, s: 5, S: 6 };

/** The fixed layout of a date-fns format, or undefined when its fields can vary in width. */
function layoutOf(fmt: string): Layout | undefined {
  const chars: number[] = [];
  const starts = new Int32Array(7).fill(-1);
  const widths = new Int32Array(7);
  for (const t of tokenize(fmt)) {
    if (t.letter === undefined) {
      for (const ch of literalText(t.text)) {
        // A digit literal next to a greedy field would change what the field takes.
        if (ch >= '0' && ch <= '9') return undefined;
        chars.push(ch.charCodeAt(0));
      }
      continue;
    }
    const width = WIDTH[t.text];
    const slot = SLOT[t.letter];
    if (width === undefined || slot === undefined || starts[slot] !== -1) return undefined;
    starts[slot] = chars.length;
    widths[slot] = width;
    for (let i = 0; i < width; i++) chars.push(DIGIT);
  }
  // The general way trims the text first: a layout must start and end with a digit to be read as is.
  if (chars.length === 0 || chars[0] !== DIGIT || chars[chars.length - 1] !== DIGIT) return undefined;
  return { chars: Int32Array.from(chars), starts, widths };
}

// Per format: its own layout, then its date part's (the general way's second reader), when fixed.
const layouts = new Map<string, Layout[]>();

function layoutsFor(fmt: string): Layout[] {
  let list = layouts.get(fmt);
  if (list === undefined) {
    list = [];
    if (compile(fmt).invalid === undefined) {
      const full = layoutOf(fmt);
      const datePart = datePartOf(tokenize(fmt));
      // The date part is only reached when the whole format failed, which text of the date
      // part's (shorter) length always does; the whole format must be fixed for it to be mirrored.
      if (full !== undefined) {
        list.push(full);
        const part = datePart === undefined ? undefined : layoutOf(datePart);
        if (part !== undefined) list.push(part);
      }
    }
    layouts.set(fmt, list);
  }
  return list;
}

function formatLayout(fmt: string, text: string): Layout | undefined {
  for (const layout of layoutsFor(fmt)) if (layout.chars.length === text.length) return layout;
  return undefined;
}

/** The number in a field's digits, or `absent` when the layout has no such field. */
function fieldAt(text: string, layout: Layout, slot: number, absent: number): number {
  const start = layout.starts[slot]!;
  if (start === -1) return absent;
  const end = start + layout.widths[slot]!;
  let n = 0;
  for (let i = start; i < end; i++) n = n * 10 + (text.charCodeAt(i) - 48);
  return n;
}

/** `yyyy-MM-dd` of a day number (days since 1970-01-01), for years 1000–9999; no Date, no Intl. */
function isoDateOfDay(days: number): string {
  // Civil-from-days (H. Hinnant's algorithm): the proleptic Gregorian calendar in integer steps.
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${y}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

/**
 * The wall clock of `text` as `Date.UTC` of its fields, when `text` is laid out exactly as the
 * first reader of the general way expects and names a valid date; else NaN (take the general way).
 */
function fastLocal(text: string, opts: DateOptions): number {
  const fmt = opts.format;
  if (fmt === 'excel' || !fastPath.enabled) return NaN;
  if (fmt === undefined || ISO_FORMATS.has(fmt)) return isoLocal(text);
  const layout = formatLayout(fmt, text);
  if (layout === undefined || text.length !== layout.chars.length) return NaN;
  const chars = layout.chars;
  for (let i = 0; i < chars.length; i++) {
    const c = text.charCodeAt(i);
    if (chars[i] === DIGIT ? c < 48 || c > 57 : c !== chars[i]) return NaN;
  }
  const year = fieldAt(text, layout, 0, 2000);
  const month = fieldAt(text, layout, 1, 1);
  const day = fieldAt(text, layout, 2, 1);
  const hour = fieldAt(text, layout, 3, 0);
  const minute = fieldAt(text, layout, 4, 0);
  const second = fieldAt(text, layout, 5, 0);
  // `S`…`SSS` are fractions of a second: `S` = tenths, `SS` = hundredths.
  const ms = layout.starts[6] === -1 ? 0 : fieldAt(text, layout, 6, 0) * 10 ** (3 - layout.widths[6]!);
  return civilMs(year, month, day, hour, minute, second, ms);
}

/** Epoch ms of a wall-clock time read as UTC, or NaN when a field is out of range. */
function civilMs(year: number, month: number, day: number, hour: number, minute: number, second: number, ms: number): number {
  if (year < 1000 || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return NaN;
  // = Date.UTC(year, month - 1, day, hour, minute, second, ms), a quarter of its cost (a builtin call).
  return dayStartMs(year, month, day) + hour * 3_600_000 + minute * MINUTE + second * 1000 + ms;
}

// The days of the last dates read, direct-mapped by year, month and day: an export's dates fall on
// a few hundred days, so a cell of a day seen before needs no calendar arithmetic (four of a deal
// line's cells and one of every stage event are dates).
const DAY_SLOTS = 1024;
const dayKeys = new Float64Array(DAY_SLOTS).fill(-1);
const dayStarts = new Float64Array(DAY_SLOTS);

/** Epoch ms of the UTC midnight of a day (month 1–12, day 1–31), or NaN when there is no such day. */
function dayStartMs(year: number, month: number, day: number): number {
  const key = (year * 100 + month) * 100 + day;
  const slot = key & (DAY_SLOTS - 1);
  if (dayKeys[slot] === key) return dayStarts[slot]!;
  const start = day > daysInMonth(year, month) ? NaN : daysFromCivil(year, month, day) * DAY;
  dayKeys[slot] = key;
  dayStarts[slot] = start;
  return start;
}

/**
 * Formats that are ISO layouts themselves: their texts read as ISO 8601 (which a format never
 * turns off), and any other ISO text is read as ISO by the general way after the format fails, so
 * `isoLocal` gives what they give.
 */
const ISO_FORMATS = new Set(['yyyy-MM-dd', 'yyyy-MM-dd HH:mm', 'yyyy-MM-dd HH:mm:ss', "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss"]);

/**
 * `fastLocal` without a `date_format`: ISO 8601 as a wall clock (no offset), the form of most
 * exports and of every timestamp of a big one (`isoAt`).
 */
function isoLocal(text: string): number {
  return isoLocalAt(text, 0, text.length);
}

/** `isoAt` of a wall clock: NaN for a text with an offset (an instant), as for any other form. */
function isoLocalAt(text: string, at: number, length: number): number {
  const local = isoAt(text, at, length);
  return Number.isNaN(isoOffset) ? local : NaN;
}

/**
 * `parseInstant` of ISO 8601 in place: a text with an offset is that instant; a timestamp without
 * one is wall clock in `timestampZone`, a bare date in `zone` (they differ for sources that write
 * UTC, `CellContext.sourceTimezone`, which reads a comma fraction in `zone`: such a text is left to
 * the general way). Epoch ms, or NaN.
 */
function isoInstantAt(text: string, at: number, length: number, zone: string, timestampZone: string): number {
  const local = isoAt(text, at, length);
  if (Number.isNaN(local)) return NaN;
  if (!Number.isNaN(isoOffset)) return local - isoOffset * MINUTE;
  if (length === 10) return wallToInstant(local, zone);
  if (timestampZone !== zone && isoCommaFraction) return NaN;
  return wallToInstant(local, timestampZone);
}

// What the last `isoAt` read besides the wall clock: the offset in minutes (NaN: none) and whether
// its fraction of a second was written with a comma. Set by every call (one cell at a time).
let isoOffset = NaN;
let isoCommaFraction = false;

/**
 * ISO 8601 read in place as `readIso` reads it, for the forms exports write: `yyyy-MM-dd`, then
 * ` HH:mm` or `THH:mm`, then `:ss`, then a fraction (`.` or `,` and 1–9 digits), then `Z` or an
 * offset (`+03`, `+0300`, `+03:00`, after an optional space). The wall clock as `Date.UTC` of its
 * fields, or NaN for anything else (lower-case `t`/`z`, spaces around, another width…), which the
 * general way reads or words. The positions are fixed, so each digit pair is read where it is; the
 * general reader agrees (date-fast-path.test.ts).
 */
function isoAt(text: string, at: number, length: number): number {
  isoOffset = NaN;
  isoCommaFraction = false;
  if (length < 10 || text.charCodeAt(at + 4) !== 0x2d || text.charCodeAt(at + 7) !== 0x2d) return NaN;
  // Each character less '0': a digit is 0–9, anything else is out of that range (as an unsigned
  // 32-bit number, a negative too), so one test per digit and no branch per pair.
  const y0 = text.charCodeAt(at) - 48;
  const y1 = text.charCodeAt(at + 1) - 48;
  const y2 = text.charCodeAt(at + 2) - 48;
  const y3 = text.charCodeAt(at + 3) - 48;
  const m0 = text.charCodeAt(at + 5) - 48;
  const m1 = text.charCodeAt(at + 6) - 48;
  const d0 = text.charCodeAt(at + 8) - 48;
  const d1 = text.charCodeAt(at + 9) - 48;
  if (y0 >>> 0 > 9 || y1 >>> 0 > 9 || y2 >>> 0 > 9 || y3 >>> 0 > 9 || m0 >>> 0 > 9 || m1 >>> 0 > 9 || d0 >>> 0 > 9 || d1 >>> 0 > 9) return NaN;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let ms = 0;
  let offset = NaN;
  if (length > 10) {
    if (length < 16) return NaN;
    const sep = text.charCodeAt(at + 10);
    if ((sep !== 0x20 && sep !== 0x54) || text.charCodeAt(at + 13) !== 0x3a) return NaN;
    const h0 = text.charCodeAt(at + 11) - 48;
    const h1 = text.charCodeAt(at + 12) - 48;
    const i0 = text.charCodeAt(at + 14) - 48;
    const i1 = text.charCodeAt(at + 15) - 48;
    if (h0 >>> 0 > 9 || h1 >>> 0 > 9 || i0 >>> 0 > 9 || i1 >>> 0 > 9) return NaN;
    hour = h0 * 10 + h1;
    minute = i0 * 10 + i1;
    const end = at + length;
    let pos = at + 16;
    if (pos < end && text.charCodeAt(pos) === 0x3a) {
      if (pos + 3 > end) return NaN;
      const s0 = text.charCodeAt(pos + 1) - 48;
      const s1 = text.charCodeAt(pos + 2) - 48;
      if (s0 >>> 0 > 9 || s1 >>> 0 > 9) return NaN;
      second = s0 * 10 + s1;
      pos += 3;
      const mark = pos < end ? text.charCodeAt(pos) : 0;
      if (mark === 0x2e || mark === 0x2c) {
        // Sub-millisecond digits are dropped (a Date has none), never rounded up.
        let digits = 0;
        pos++;
        while (pos < end) {
          const d = text.charCodeAt(pos) - 48;
          if (d >>> 0 > 9) break;
          if (digits < 3) ms += d * (digits === 0 ? 100 : digits === 1 ? 10 : 1);
          digits++;
          pos++;
        }
        if (digits === 0 || digits > 9) return NaN;
        isoCommaFraction = mark === 0x2c;
      }
    }
    if (pos < end) {
      if (text.charCodeAt(pos) === 0x20) pos++;
      offset = isoOffsetAt(text, pos, end);
      if (Number.isNaN(offset)) return NaN;
    }
  }
  const local = civilMs(y0 * 1000 + y1 * 100 + y2 * 10 + y3, m0 * 10 + m1, d0 * 10 + d1, hour, minute, second, ms);
  if (!Number.isNaN(local)) isoOffset = offset;
  return local;
}

/** The offset `text.slice(pos, end)` in minutes (`Z`, `±hh`, `±hhmm`, `±hh:mm`), or NaN. */
function isoOffsetAt(text: string, pos: number, end: number): number {
  const n = end - pos;
  const sign = text.charCodeAt(pos);
  if (n === 1) return sign === 0x5a ? 0 : NaN;
  if ((sign !== 0x2b && sign !== 0x2d) || (n !== 3 && n !== 5 && n !== 6)) return NaN;
  const h0 = text.charCodeAt(pos + 1) - 48;
  const h1 = text.charCodeAt(pos + 2) - 48;
  let m = n - 2; // where the minutes start
  if (n === 6) {
    if (text.charCodeAt(pos + 3) !== 0x3a) return NaN;
    m = 4;
  } else if (n === 5) m = 3;
  const i0 = n === 3 ? 0 : text.charCodeAt(pos + m) - 48;
  const i1 = n === 3 ? 0 : text.charCodeAt(pos + m + 1) - 48;
  if (h0 >>> 0 > 9 || h1 >>> 0 > 9 || i0 >>> 0 > 9 || i1 >>> 0 > 9) return NaN;
  const hours = h0 * 10 + h1;
  const minutes = i0 * 10 + i1;
  if (hours > 23 || minutes > 59) return NaN;
  return (sign === 0x2d ? -1 : 1) * (hours * 60 + minutes);
}

/** Days since 1970-01-01 of a proleptic Gregorian date (the inverse of `isoDateOfDay`'s algorithm). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** Exported for the equivalence test only: both engines on one format. */
export const formatEngines = {
  fast: (fmt: string): FormatReader | undefined => (fastReader(fmt) === undefined ? undefined : readerFor(fmt)),
  dateFns: (fmt: string): FormatReader => dateFnsReader(fmt),
};

const exampleCache = new Map<string, string>();

function exampleOf(fmt: string): string {
  let example = exampleCache.get(fmt);
  if (example === undefined) {
    example = formatDate(SAMPLE, fmt, { in: UTC });
    exampleCache.set(fmt, example);
  }
  return example;
}

// ---------------------------------------------------------------------------------------------
// Putting it together

function expectation(fmt: string | undefined): string {
  if (fmt === 'excel') return 'expected an Excel serial date, e.g. 45730.395833, or ISO 8601, e.g. 2025-03-14';
  if (fmt !== undefined) return `expected ${fmt}, e.g. ${exampleOf(fmt)}`;
  return 'expected ISO 8601, e.g. 2025-03-14 or 2025-03-14T09:30:00';
}

function read(text: string, opts: DateOptions): ParseResult<Reading> {
  const t = text.trim();
  const cannot = `cannot read "${t === '' ? text : t}" as a date`;
  if (!isValidTimezone(opts.timezone)) return fail(`${cannot}: unknown timezone "${opts.timezone}"`);
  if (t === '') return fail(`${cannot}: the text is empty`);
  const fmt = opts.format;

  const attempts: Array<() => Attempt> = [];
  if (fmt === 'excel') {
    attempts.push(() => readExcel(t));
  } else if (fmt !== undefined) {
    const { invalid, readers } = compile(fmt);
    if (invalid !== undefined) return fail(`${cannot}: ${invalid}`);
    for (const reader of readers) attempts.push(() => reader(t));
  }
  attempts.push(() => readIso(t));

  let twoDigitYear = false;
  for (const attempt of attempts) {
    const r = attempt();
    if (r.ok) return ok(r.reading);
    twoDigitYear ||= r.twoDigitYear === true;
  }

  if (twoDigitYear) return fail(`${cannot}: two-digit years are refused, write the year in full (${expectation(fmt)})`, true);
  if (fmt === 'excel') {
    const days = Number(EXCEL_RE.exec(t)?.[1]);
    if (days === 60) return fail(`${cannot}: Excel serial 60 is 1900-02-29, a day that never existed`);
  } else if (EXCEL_RE.test(t) && Number(t.replace(',', '.')) <= EXCEL_MAX) {
    return fail(`${cannot}: it looks like an Excel serial date; those need date_format: excel (${expectation(fmt)})`, true);
  }
  return fail(`${cannot} (${expectation(fmt)})`);
}

function toInstant(r: Reading, zone: string): number {
  return r.kind === 'instant' ? r.at : wallFieldsToInstant(r.wall, zone);
}

/**
 * Read a date or timestamp: ISO 8601 always; `opts.format` (date-fns tokens; a format with a time
 * part also reads its bare date as midnight) or `excel` serials. Text without an offset is wall
 * clock in `opts.timezone` (see wallToInstant for the DST gap and overlap rules). Check
 * `isMissingDate` first: this function reads only dates.
 */
export function parseDateTime(text: string, opts: DateOptions): ParseResult<Date> {
  const r = parseInstant(text, opts);
  return r.ok ? ok(new Date(r.value)) : r;
}

/** Whether a format's texts are read by the ISO reader in place (`isoAt`): no format, or an ISO layout. */
function readsIso(fmt: string | undefined): boolean {
  return fmt === undefined || ISO_FORMATS.has(fmt);
}

/**
 * Whether `text` is a date or timestamp that the fast way reads — in the fixed layout of its format,
 * or ISO 8601 in the forms `isoAt` reads — and that names a real day and time: one that
 * `parseInstant` and `parseLocalDate` read without a word to say.
 */
export function isFastDate(text: string, opts: DateOptions): boolean {
  const fmt = opts.format;
  if (!fastPath.enabled || fmt === 'excel' || !isValidTimezone(opts.timezone)) return false;
  return !Number.isNaN(readsIso(fmt) ? isoAt(text, 0, text.length) : fastLocal(text, opts));
}

/**
 * `parseInstant` of a timestamp in the fixed layout of its format (or ISO 8601 in the forms `isoAt`
 * reads) as epoch milliseconds; NaN for anything else, which only the general way reads (or refuses).
 */
export function fastInstant(text: string, opts: DateOptions): number {
  const fmt = opts.format;
  const zone = opts.timezone;
  if (!fastPath.enabled || fmt === 'excel' || !isValidTimezone(zone)) return NaN;
  return readsIso(fmt) ? isoInstantAt(text, 0, text.length, zone, zone) : instantOfLocal(fastLocal(text, opts), zone);
}

/** A fast reader of a cell `text.slice(start, end)` in place: a number, or NaN (the careful way). */
export type CellReader = (text: string, start: number, end: number) => number;

const NOT_READ: CellReader = () => NaN;
const NOT_CHECKED = (): boolean => false;

/**
 * `isFastDate` of a cell in place, with the checks of `opts` made once (a reader per file, called on
 * millions of cells): ISO 8601 forms are read where they are (a digit or `Z` at both ends: nothing a
 * cell's trimming would remove), other formats from the cut cell. The fast-path switch is read when
 * the reader is made: a file is read one way or the other.
 */
export function fastDateCheck(opts: DateOptions): (text: string, start: number, end: number) => boolean {
  const fmt = opts.format;
  if (!fastPath.enabled || !isValidTimezone(opts.timezone) || fmt === 'excel') return NOT_CHECKED;
  if (readsIso(fmt)) return (text, start, end) => !Number.isNaN(isoAt(text, start, end - start));
  return (text, start, end) => !Number.isNaN(fastLocal(text.slice(start, end), opts));
}

/**
 * `fastInstant` of a cell in place: epoch ms, or NaN. `timestampZone` is the zone of ISO timestamps
 * written without an offset when it is not `opts.timezone` (`CellContext.sourceTimezone`: a source
 * that writes UTC); a format of its own is then left to the general way, which decides the zone by
 * the text's form.
 */
export function fastInstantReader(opts: DateOptions, timestampZone: string = opts.timezone): CellReader {
  const fmt = opts.format;
  const zone = opts.timezone;
  if (!fastPath.enabled || !isValidTimezone(zone) || !isValidTimezone(timestampZone) || fmt === 'excel') return NOT_READ;
  if (readsIso(fmt)) return (text, start, end) => isoInstantAt(text, start, end - start, zone, timestampZone);
  if (timestampZone !== zone) return NOT_READ;
  return (text, start, end) => instantOfLocal(fastLocal(text.slice(start, end), opts), zone);
}

/** The instant of a wall clock read by a fast reader (`localToInstant`); NaN stays NaN (not read). */
function instantOfLocal(local: number, zone: string): number {
  return Number.isNaN(local) ? NaN : wallToInstant(local, zone);
}

/** `parseDateTime` as epoch milliseconds: for the millions of stage events, no `Date` each. */
export function parseInstant(text: string, opts: DateOptions): ParseResult<number> {
  const fast = fastInstant(text, opts);
  if (!Number.isNaN(fast)) return ok(fast);
  const r = read(text, opts);
  return r.ok ? ok(toInstant(r.value, opts.timezone)) : r;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/**
 * The calendar date `yyyy-MM-dd` in `opts.timezone`: a date as written, or the local date of a
 * timestamp (a timestamp with an offset is converted into the zone first).
 */
export function parseLocalDate(text: string, opts: DateOptions): ParseResult<string> {
  if (isValidTimezone(opts.timezone)) {
    const local = fastLocal(text, opts);
    if (!Number.isNaN(local)) return ok(isoDateOfDay(Math.floor(local / DAY)));
  }
  return localDateOf(read(text, opts), opts);
}

function localDateOf(r: ParseResult<Reading>, opts: DateOptions): ParseResult<string> {
  if (!r.ok) return r;
  const reading = r.value;
  if (reading.kind === 'wall') {
    const w = reading.wall;
    return ok(`${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}`);
  }
  return ok(isoDateOfDay(localDayNumber(reading.at, opts.timezone)));
}
