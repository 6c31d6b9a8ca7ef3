// Reporting periods (SPEC §3), cut in the config's IANA time zone and never in the host's.
//
// How it works. A period is first decided as a run of *calendar days* (civil dates, kept as day
// numbers: days since 1970-01-01, with no time zone at all), and only its two ends are turned into
// instants: `start` is the local midnight of the first day, `end` the local midnight after the last
// day. So a period is always whole local days, and a DST day simply lasts 23 or 25 hours.
//
// Why not TZDate's constructor or setters for the wall-clock -> instant step: they resolve DST
// edges through the *host's* zone (seen with @date-fns/tz 1.5.0: Europe/Berlin 2025-10-26 02:30 is
// +01:00 on a UTC host and +02:00 on an Asia/Kolkata one; startOfDay in America/Santiago on
// 2034-04-02 is an hour early on a host in that zone). Every wall-clock time is therefore resolved
// here, from the zone's offsets as reported by `tzOffset` (Intl data, host-independent):
//   - a time that does not exist (spring gap) moves forward by the length of the gap
//     (Berlin 2025-03-30 02:30 -> 03:30 CEST); so a midnight lost in a gap (America/Santiago
//     2022-09-11) starts the day at its first instant (01:00), and a day a zone skipped altogether
//     (Pacific/Kiritimati 1994-12-31) is an empty period (start = end);
//   - a time that happens twice (autumn overlap) is, for `--as-of`, its FIRST occurrence;
//   - a midnight that happens twice starts the day where the date stops going back: America/Havana
//     2024-11-03 (01:00 -> 00:00, both passes are on the 3rd) starts at the first 00:00;
//     America/St_Johns 2009-11-01 (00:01 -> 23:01 on the 31st) starts at the second 00:00, so the
//     31st keeps its repeated hour. There the wall clock showed the 1st for one minute inside the
//     31st's period; `periodContaining` follows the periods (the timeline), not that minute.
// Instant -> wall clock goes through `tzOffset` too; the tests check it against date-fns
// `format(…, { in: tz(zone) })`, which only reads fields and is host-independent.
//
// Weeks. `weekStartsOn: 'monday'` gives ISO weeks, labelled `RRRR-'W'II` (ISO week-numbering year:
// 2024-12-30 is 2025-W01, 2027-01-01 is 2026-W53). With `'sunday'` a week runs Sunday–Saturday and
// is labelled by the ISO week of the Monday inside it (Sun 2025-02-23 .. Sat 2025-03-01 is
// 2025-W09), so a label always names the same Monday whichever convention is configured.
//
// Splitting (`--from/--to --every`). The natural sub-periods are clipped to the asked period, so no
// deal outside the asked range is ever counted. A piece that had to be clipped is no longer a whole
// week/month/…: it gets a range label (`2025-03-05..2025-03-09`) and kind `range`. A piece that is
// exactly the asked period (e.g. `--period 2025-03 --every quarter`) keeps the asked period's own
// label and kind.
import { UsageError } from './errors.js';
import { afterGap, DAY_MS, localDayNumber as zoneDayNumber, wallClockInstants, wallToInstant } from './zone.js';

/**
 * Period keys a config's targets may have: 2025, 2025-Q1, 2025-03, 2025-W09, 2025-03-14. Here, not
 * in the config schema, so that a reading thread's counter can test them without loading zod.
 */
export const PERIOD_KEY = /^\d{4}(-Q[1-4]|-(0[1-9]|1[0-2])|-W(0[1-9]|[1-4]\d|5[0-3])|-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01]))?$/;

export type PeriodKind = 'year' | 'quarter' | 'month' | 'week' | 'day' | 'range';
export type Every = 'day' | 'week' | 'month' | 'quarter' | 'year';

export interface CalendarContext {
  /** IANA zone the periods are cut in. */
  timezone: string;
  weekStartsOn: 'monday' | 'sunday';
  /** "Now" for relative periods (`this-month`, …). */
  asOf: Date;
}

export interface Period {
  /** '2025', '2025-Q1', '2025-03', '2025-W09', '2025-03-14', or '2025-03-01..2025-03-20'. */
  label: string;
  kind: PeriodKind;
  /** Instant of local midnight at the first day (inclusive). */
  start: Date;
  /** Instant of local midnight after the last day (exclusive). */
  end: Date;
  /** First day, 'yyyy-MM-dd'. */
  startDate: string;
  /** Last day (inclusive), 'yyyy-MM-dd': the SPEC's `period_end`. */
  endDate: string;
}

const ACCEPTED_FORMS =
  'accepted: 2025, 2025-Q1, 2025-03, 2025-W09 (ISO week), 2025-03-14, 2025-03-01..2025-03-20, ' +
  'this-week, last-week, this-month, last-month, this-quarter, last-quarter, this-year, last-year';

// ---------------------------------------------------------------------------------------------
// Civil dates as day numbers. `setUTCFullYear` rather than `Date.UTC`, which maps years 0–99 to
// 1900–1999.

interface Ymd {
  y: number;
  m: number; // 1-12
  d: number;
}

function dayNumber(y: number, m: number, d: number): number {
  // Month/day overflow is wanted: (2025, 13, 1) is 2026-01-01, (2025, 3, 0) is 2025-02-28.
  return new Date(0).setUTCFullYear(y, m - 1, d) / DAY_MS;
}

function civil(dn: number): Ymd {
  const t = new Date(dn * DAY_MS);
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function formatDay(dn: number): string {
  const { y, m, d } = civil(dn);
  return `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
}

/** Strict 'yyyy-MM-dd' → day number, or undefined (also for 2025-02-30). */
function parseDay(text: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return undefined;
  const y = Number(match[1]);
  const m = Number(match[2]);
  const d = Number(match[3]);
  if (m < 1 || m > 12 || d < 1 || d > 31) return undefined;
  const dn = dayNumber(y, m, d);
  return civil(dn).d === d ? dn : undefined;
}

/** 0 = Monday … 6 = Sunday (1970-01-01, day 0, was a Thursday). */
function isoWeekday(dn: number): number {
  return (((dn + 3) % 7) + 7) % 7;
}

function mondayOf(dn: number): number {
  return dn - isoWeekday(dn);
}

/** Monday of ISO week 1: the week holding 4 January. */
function isoWeekOneMonday(isoYear: number): number {
  return mondayOf(dayNumber(isoYear, 1, 4));
}

function isoWeeksInYear(isoYear: number): number {
  return (isoWeekOneMonday(isoYear + 1) - isoWeekOneMonday(isoYear)) / 7;
}

/** `RRRR-'W'II` of a day: the ISO year is the year of the week's Thursday. */
function isoWeekLabel(dn: number): string {
  const thursday = mondayOf(dn) + 3;
  const isoYear = civil(thursday).y;
  const week = Math.floor((thursday - dayNumber(isoYear, 1, 1)) / 7) + 1;
  return `${pad(isoYear, 4)}-W${pad(week, 2)}`;
}

// ---------------------------------------------------------------------------------------------
// Local midnights, from the time-zone engine (zone.ts).

// Periods are computed per deal; each midnight costs a few Intl calls, so remember them.
const midnightCache = new Map<string, number>();

/** The instant day `dn` starts in `timezone`: the last time the local date moves up into it. */
function midnightMs(dn: number, timezone: string): number {
  const key = `${timezone}|${dn}`;
  let t = midnightCache.get(key);
  if (t === undefined) {
    if (midnightCache.size >= 20_000) midnightCache.clear();
    const wall = dn * DAY_MS;
    const crossings = wallClockInstants(wall, timezone).filter((c) => zoneDayNumber(c - 1, timezone) < dn);
    t = crossings.at(-1) ?? afterGap(wall, timezone);
    midnightCache.set(key, t);
  }
  return t;
}

function localDayNumber(instant: Date, timezone: string): number {
  const t = instant.getTime();
  if (Number.isNaN(t)) throw new RangeError('invalid Date');
  return zoneDayNumber(t, timezone);
}

// ---------------------------------------------------------------------------------------------
// Building periods from day numbers.

function makePeriod(kind: PeriodKind, label: string, first: number, last: number, timezone: string): Period {
  return {
    label,
    kind,
    start: new Date(midnightMs(first, timezone)),
    end: new Date(midnightMs(last + 1, timezone)),
    startDate: formatDay(first),
    endDate: formatDay(last),
  };
}

function rangeOfDays(first: number, last: number, timezone: string): Period {
  return makePeriod('range', `${formatDay(first)}..${formatDay(last)}`, first, last, timezone);
}

function weekStart(dn: number, weekStartsOn: CalendarContext['weekStartsOn']): number {
  return weekStartsOn === 'monday' ? mondayOf(dn) : dn - ((isoWeekday(dn) + 1) % 7);
}

function weekFrom(first: number, ctx: CalendarContext): Period {
  const monday = ctx.weekStartsOn === 'monday' ? first : first + 1;
  return makePeriod('week', isoWeekLabel(monday), first, first + 6, ctx.timezone);
}

function yearPeriod(y: number, timezone: string): Period {
  return makePeriod('year', pad(y, 4), dayNumber(y, 1, 1), dayNumber(y + 1, 1, 1) - 1, timezone);
}

function quarterPeriod(y: number, q: number, timezone: string): Period {
  const firstMonth = 3 * (q - 1) + 1;
  const first = dayNumber(y, firstMonth, 1);
  return makePeriod('quarter', `${pad(y, 4)}-Q${q}`, first, dayNumber(y, firstMonth + 3, 1) - 1, timezone);
}

function monthPeriod(y: number, m: number, timezone: string): Period {
  return makePeriod('month', `${pad(y, 4)}-${pad(m, 2)}`, dayNumber(y, m, 1), dayNumber(y, m + 1, 1) - 1, timezone);
}

function dayPeriod(dn: number, timezone: string): Period {
  return makePeriod('day', formatDay(dn), dn, dn, timezone);
}

/** The natural period of kind `every` holding calendar day `dn`. */
function naturalPeriod(dn: number, every: Every, ctx: CalendarContext): Period {
  const { y, m } = civil(dn);
  switch (every) {
    case 'day':
      return dayPeriod(dn, ctx.timezone);
    case 'week':
      return weekFrom(weekStart(dn, ctx.weekStartsOn), ctx);
    case 'month':
      return monthPeriod(y, m, ctx.timezone);
    case 'quarter':
      return quarterPeriod(y, Math.floor((m - 1) / 3) + 1, ctx.timezone);
    case 'year':
      return yearPeriod(y, ctx.timezone);
  }
}

function firstDay(p: Period): number {
  return parseDay(p.startDate) as number;
}

function lastDay(p: Period): number {
  return parseDay(p.endDate) as number;
}

function badPeriod(spec: string, reason?: string): UsageError {
  return new UsageError(`bad period "${spec}"${reason ? `: ${reason}` : ''} (${ACCEPTED_FORMS})`);
}

// ---------------------------------------------------------------------------------------------
// Public API.

/**
 * Parses a `--period` value. Relative forms (`this-month`, `last-week`, …) are taken relative to
 * `ctx.asOf` in `ctx.timezone`. A range label (`2025-03-01..2025-03-20`) is accepted too, so that
 * every label this module prints parses back to the same period.
 */
export function parsePeriod(spec: string, ctx: CalendarContext): Period {
  const text = spec.trim();
  const tz = ctx.timezone;

  const relative = /^(this|last)-(week|month|quarter|year)$/i.exec(text);
  if (relative) {
    const every = (relative[2] as string).toLowerCase() as Every;
    const current = naturalPeriod(localDayNumber(ctx.asOf, tz), every, ctx);
    if ((relative[1] as string).toLowerCase() === 'this') return current;
    return naturalPeriod(firstDay(current) - 1, every, ctx);
  }

  let match: RegExpExecArray | null;
  if ((match = /^(\d{4})$/.exec(text))) return yearPeriod(Number(match[1]), tz);

  if ((match = /^(\d{4})-Q(\d)$/i.exec(text))) {
    const q = Number(match[2]);
    if (q < 1 || q > 4) throw badPeriod(spec, 'quarter must be Q1..Q4');
    return quarterPeriod(Number(match[1]), q, tz);
  }

  if ((match = /^(\d{4})-(\d{2})$/.exec(text))) {
    const m = Number(match[2]);
    if (m < 1 || m > 12) throw badPeriod(spec, 'month must be 01..12');
    return monthPeriod(Number(match[1]), m, tz);
  }

  if ((match = /^(\d{4})-W(\d{2})$/i.exec(text))) {
    const isoYear = Number(match[1]);
    const week = Number(match[2]);
    const weeks = isoWeeksInYear(isoYear);
    if (week < 1 || week > weeks) throw badPeriod(spec, `ISO year ${pad(isoYear, 4)} has weeks W01..W${weeks}`);
    const monday = isoWeekOneMonday(isoYear) + 7 * (week - 1);
    return weekFrom(ctx.weekStartsOn === 'monday' ? monday : monday - 1, ctx);
  }

  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    const dn = parseDay(text);
    if (dn === undefined) throw badPeriod(spec, 'no such date');
    return dayPeriod(dn, tz);
  }

  if ((match = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/.exec(text))) {
    return rangePeriod(match[1] as string, match[2] as string, ctx);
  }

  throw badPeriod(spec);
}

/** `--from DATE --to DATE`: an inclusive range of calendar days in the zone. */
export function rangePeriod(from: string, to: string, ctx: CalendarContext): Period {
  const first = parseDay(from.trim());
  if (first === undefined) throw new UsageError(`bad --from date "${from}": expected yyyy-MM-dd, e.g. 2025-03-01`);
  const last = parseDay(to.trim());
  if (last === undefined) throw new UsageError(`bad --to date "${to}": expected yyyy-MM-dd, e.g. 2025-03-20`);
  if (first > last) throw new UsageError(`--from ${formatDay(first)} is after --to ${formatDay(last)}`);
  return rangeOfDays(first, last, ctx.timezone);
}

/**
 * The natural sub-periods of kind `every` covering `p`, in order, clipped to `p` (see the module
 * comment for the labels of clipped pieces).
 */
export function splitPeriod(p: Period, every: Every, ctx: CalendarContext): Period[] {
  const first = firstDay(p);
  const last = lastDay(p);
  const pieces: Period[] = [];
  for (let dn = first; dn <= last; ) {
    const natural = naturalPeriod(dn, every, ctx);
    const pieceLast = Math.min(lastDay(natural), last);
    if (dn === first && pieceLast === last) return [p];
    const whole = firstDay(natural) === dn && lastDay(natural) === pieceLast;
    pieces.push(whole ? natural : rangeOfDays(dn, pieceLast, ctx.timezone));
    dn = pieceLast + 1;
  }
  return pieces;
}

/** The natural period of kind `every` holding `instant`, by its local date in `ctx.timezone`. */
export function periodContaining(instant: Date, every: Every, ctx: CalendarContext): Period {
  const p = naturalPeriod(localDayNumber(instant, ctx.timezone), every, ctx);
  // Only where the clock went back across midnight (see the module comment) can the wall-clock
  // date and the periods disagree, and then by one period at most.
  if (instant < p.start) return naturalPeriod(firstDay(p) - 1, every, ctx);
  if (instant >= p.end) return naturalPeriod(lastDay(p) + 1, every, ctx);
  return p;
}

/**
 * The period of the same kind just before `p` (month-over-month and the like). A range (also a
 * clipped piece of a split) gives the same number of days just before it.
 */
export function previousPeriod(p: Period, ctx: CalendarContext): Period {
  const first = firstDay(p);
  if (p.kind === 'range') {
    const days = lastDay(p) - first + 1;
    return rangeOfDays(first - days, first - 1, ctx.timezone);
  }
  return naturalPeriod(first - 1, p.kind, ctx);
}

/** Period membership: start <= t < end. */
export function contains(p: Period, instant: Date): boolean {
  return containsMs(p, instant.getTime());
}

/** `contains` for an instant in epoch milliseconds. */
export function containsMs(p: Period, ms: number): boolean {
  return p.start.getTime() <= ms && ms < p.end.getTime();
}

/** The wall-clock date of `instant` in `timezone`, 'yyyy-MM-dd'. */
/** Days from `startDate` to `endDate`, both included (`2025-03-01`, `2025-03-31` → 31). */
export function daysInRange(startDate: string, endDate: string): number {
  const first = parseDay(startDate);
  const last = parseDay(endDate);
  if (first === undefined || last === undefined) throw new RangeError(`not a yyyy-MM-dd date: ${first === undefined ? startDate : endDate}`);
  return last - first + 1;
}

/** The calendar date `days` after `date` (`yyyy-MM-dd`; negative goes back). */
export function addDaysToDate(date: string, days: number): string {
  const dn = parseDay(date);
  if (dn === undefined) throw new RangeError(`not a yyyy-MM-dd date: ${date}`);
  return formatDay(dn + days);
}

export function localDate(instant: Date, timezone: string): string {
  return formatDay(localDayNumber(instant, timezone));
}

/**
 * The instant of local midnight starting calendar day `date` ('yyyy-MM-dd') in `timezone`; a
 * midnight lost to a DST gap gives the first instant of that day (see the module comment).
 */
export function localMidnight(date: string, timezone: string): Date {
  const dn = parseDay(date);
  if (dn === undefined) throw new UsageError(`bad date "${date}": expected yyyy-MM-dd`);
  return new Date(midnightMs(dn, timezone));
}

/**
 * Calendar days between the local dates of two instants (SPEC §3 day counts): created on the 1st
 * at 23:59, as-of the 31st at 00:01 is 30, whatever the hours. Negative when `to` is before `from`.
 */
export function calendarDaysBetween(from: Date, to: Date, timezone: string): number {
  return localDayNumber(to, timezone) - localDayNumber(from, timezone);
}

/**
 * `--as-of`. Undefined → `now()`. An ISO datetime with an offset (`Z`, `+03:00`, `+0300`, `+03`) is
 * that instant; without an offset it is wall-clock time in `timezone` (overlap/gap rule of the
 * module comment). A bare date `2025-03-31` means the END of that local day: the last millisecond
 * before the next local midnight, so that everything that happened on the 31st is "before now" and
 * a report "as of the 31st" counts the whole day. Anything else is a UsageError.
 */
export function parseAsOf(text: string | undefined, timezone: string, now: () => Date): Date {
  if (text === undefined) return now();
  const value = text.trim();
  const bad = (reason: string) =>
    new UsageError(
      `bad --as-of "${text}": ${reason} (expected 2025-03-31, 2025-03-31T18:00, 2025-03-31T18:00:00+03:00 or ...Z)`,
    );

  // date [T|space hh:mm [:ss [.fraction]] [Z | ±hh[[:]mm]]]
  const match = new RegExp(
    '^(\\d{4}-\\d{2}-\\d{2})' +
      '(?:[Tt ](\\d{2}):(\\d{2})(?::(\\d{2})(?:[.,](\\d{1,9}))?)?([Zz]|[+-]\\d{2}(?::?\\d{2})?)?)?$',
  ).exec(value);
  if (!match) throw bad('not an ISO date or datetime');
  const dn = parseDay(match[1] as string);
  if (dn === undefined) throw bad('no such date');

  if (match[2] === undefined) return new Date(midnightMs(dn + 1, timezone) - 1);

  const hours = Number(match[2]);
  const minutes = Number(match[3]);
  const seconds = Number(match[4] ?? '0');
  // Sub-millisecond digits are dropped: instants are whole milliseconds.
  const millis = Number((match[5] ?? '').padEnd(3, '0').slice(0, 3));
  if (hours > 23 || minutes > 59 || seconds > 59) throw bad('time out of range');
  const wall = dn * DAY_MS + ((hours * 60 + minutes) * 60 + seconds) * 1000 + millis;

  const zone = match[6];
  if (zone === undefined) return new Date(wallToInstant(wall, timezone));
  if (zone === 'Z' || zone === 'z') return new Date(wall);
  const offset = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
  const offsetHours = Number(offset?.[2]);
  const offsetMinutes = Number(offset?.[3] ?? '0');
  if (offsetHours > 23 || offsetMinutes > 59) throw bad('offset out of range');
  const sign = offset?.[1] === '-' ? -1 : 1;
  return new Date(wall - sign * (offsetHours * 60 + offsetMinutes) * 60_000);
}
