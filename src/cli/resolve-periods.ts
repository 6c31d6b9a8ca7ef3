// Turns --period / --from / --to / --every into the list of periods a report has rows for.
import { UsageError } from '../model/errors.js';
import { localDate, parsePeriod, rangePeriod, splitPeriod, type CalendarContext, type Every, type Period } from '../model/period.js';
import type { PeriodOptions } from './options.js';

/** More rows than any report can be read as (20 years by day); protects memory from typos. */
const MAX_ROWS = 7_500;

export interface ResolvedPeriods {
  /** The whole asked period, or undefined for "all time" (when the command allows it). */
  whole?: Period;
  /** One entry per row group: the pieces of --every, or the whole period alone. */
  rows: Period[];
}

/**
 * `fallback` is the period a command uses when none is asked (e.g. `this-month`); undefined means
 * all time, which cannot be split with --every.
 */
export function resolvePeriods(opts: PeriodOptions, calendar: CalendarContext, fallback?: string): ResolvedPeriods {
  if (opts.period !== undefined && (opts.from !== undefined || opts.to !== undefined)) {
    throw new UsageError('use either --period or --from/--to, not both');
  }
  let whole: Period | undefined;
  if (opts.period !== undefined) whole = parsePeriod(opts.period, calendar);
  else if (opts.from !== undefined) whole = rangePeriod(opts.from, opts.to ?? localDate(calendar.asOf, calendar.timezone), calendar);
  else if (opts.to !== undefined) throw new UsageError('--to needs --from (an inclusive range of days)');
  else if (fallback !== undefined) whole = parsePeriod(fallback, calendar);

  if (opts.every === undefined) return whole ? { whole, rows: [whole] } : { rows: [] };
  if (!whole) throw new UsageError('--every needs a range to split: give --period or --from/--to');
  // A typo such as --from 1000-01-01 --every day would ask for a million rows and exhaust memory.
  const days = Math.round((whole.end.getTime() - whole.start.getTime()) / 86_400_000);
  const approx = { day: days, week: days / 7, month: days / 28, quarter: days / 90, year: days / 365 }[opts.every as Every];
  if (approx > MAX_ROWS) throw new UsageError(`--every ${opts.every} over ${whole.label} gives about ${Math.round(approx)} periods (at most ${MAX_ROWS}); use a shorter range or a longer --every`);
  return { whole, rows: splitPeriod(whole, opts.every as Every, calendar) };
}
