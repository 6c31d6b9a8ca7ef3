// The Friday snapshot's own numbers (`dealpulse report`): the headline of a period against the one
// before it (leads, won, conversion, won amount, average deal, with their changes), the weekly trend
// of the weeks leading up to it, and which month "commission to date" covers. Pure: deals, periods
// and "now" come in, typed figures go out.
//
// The definitions are conversion's (SPEC §4, period method): every figure here is a total of
// computeConversion, so the snapshot and `dealpulse conversion --period …` always agree. This module
// only picks the periods and takes differences.
//
// Decisions where the SPEC is silent (also in the README):
// - Previous period: the period of the same kind just before (`previousPeriod`): the week before a
//   week, the month before a month, a range of as many days before a range. A period that is not
//   over at `asOf` is compared with the whole previous one (the figures say "so far").
// - Changes: `delta` = current − previous; `relative` = delta / previous, empty when the previous
//   value is 0 or either value is empty (a change from nothing has no percentage). For conversion
//   the delta is in points of the fraction (0.388 − 0.350 = 0.038, shown as +3.8 pp).
// - Trend: the `weeks` calendar weeks (ISO, or Sunday-based per config) ending with the week that
//   holds the snapshot's anchor: the last instant of the period, or `asOf` when that is earlier (a
//   snapshot never plots weeks after "now"). A week without leads has an empty conversion.
// - Commission month: the calendar month holding the same anchor.
import type { ConversionTargets } from '../config/schema.js';
import { Big, ratio } from '../model/money.js';
import { localDate, periodContaining, previousPeriod, type CalendarContext, type Period } from '../model/period.js';
import type { Deal } from '../model/records.js';
import { computeConversion, type ConversionTotal, type TargetStatus } from './conversion.js';

/** Weeks in the trend unless asked otherwise. */
export const TREND_WEEKS = 12;

/** The headline figures of one period (conversion's totals, period method). */
export interface SnapshotFigures {
  period: Period;
  leads: number;
  won: number;
  /** won / leads; null without leads. */
  conversion: number | null;
  /** Sum of the amounts of the won deals that have one. */
  wonAmount: Big;
  /** wonAmount / won deals with an amount; null without any. */
  avgDeal: Big | null;
  /** Won deals without an amount (left out of wonAmount and avgDeal). */
  amountsMissing: number;
  /** The conversion target that applies to the period total, and met / below. */
  target: number | null;
  status: TargetStatus | null;
}

/** A change of a count or a ratio. */
export interface NumberChange {
  /** current − previous; null when either is empty. */
  delta: number | null;
  /** delta / previous; null when the previous value is 0 or either is empty. */
  relative: number | null;
}

/** A change of an amount. */
export interface MoneyChange {
  delta: Big | null;
  relative: number | null;
}

export interface SnapshotChanges {
  leads: NumberChange;
  won: NumberChange;
  /** delta in points of the fraction (0.038 = +3.8 pp). */
  conversion: NumberChange;
  wonAmount: MoneyChange;
  avgDeal: MoneyChange;
}

/** One week of the trend. */
export interface TrendWeek {
  period: Period;
  leads: number;
  won: number;
  /** null when the week has no leads (never 0, never NaN). */
  conversion: number | null;
}

export interface SnapshotOptions {
  /** The snapshot's period (`--period`, default this-week). */
  period: Period;
  asOf: Date;
  calendar: CalendarContext;
  targets?: ConversionTargets;
  /** Weeks in the trend; default TREND_WEEKS. */
  weeks?: number;
}

export interface Snapshot {
  current: SnapshotFigures;
  previous: SnapshotFigures;
  changes: SnapshotChanges;
  /** Oldest first; the last week holds the anchor. */
  trend: TrendWeek[];
  /**
   * Whether the period's last day comes after the local date of `asOf` (as conversion's note: an
   * as-of on the last day counts as the end): the current figures are "so far".
   */
  periodOpen: boolean;
}

/**
 * The instant the snapshot is about: the period's last instant, or `asOf` when that is earlier.
 * The trend ends with its week and commission to date uses its month.
 */
export function snapshotAnchor(period: Period, asOf: Date): Date {
  const last = period.end.getTime() - 1;
  return new Date(Math.max(period.start.getTime(), Math.min(last, asOf.getTime())));
}

/** The calendar month whose commission "to date" the snapshot shows. */
export function commissionMonth(period: Period, asOf: Date, calendar: CalendarContext): Period {
  return periodContaining(snapshotAnchor(period, asOf), 'month', calendar);
}

/** The `count` weeks ending with the week that holds `anchor`, oldest first. */
export function trendWeeks(anchor: Date, count: number, calendar: CalendarContext): Period[] {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`trend weeks must be a whole number ≥ 1, got ${count}`);
  const weeks = [periodContaining(anchor, 'week', calendar)];
  while (weeks.length < count) weeks.unshift(previousPeriod(weeks[0]!, calendar));
  return weeks;
}

/**
 * conversion / target: how far a conversion has come toward its target (1 = on target, above 1 =
 * beyond it); null when either is empty or the target is 0.
 */
export function targetAttainment(conversion: number | null, target: number | null): number | null {
  if (conversion === null || target === null) return null;
  return ratio(new Big(conversion), new Big(target));
}

function figuresOf(t: ConversionTotal): SnapshotFigures {
  return {
    period: t.period,
    leads: t.leads,
    won: t.won,
    conversion: t.conversion,
    wonAmount: t.wonAmount,
    avgDeal: t.avgDeal,
    amountsMissing: t.amountsMissing,
    target: t.target,
    status: t.status,
  };
}

function numberChange(current: number | null, previous: number | null): NumberChange {
  if (current === null || previous === null) return { delta: null, relative: null };
  // Exact decimal subtraction: 0.3 − 0.1 must not come out as 0.19999999999999998.
  const delta = new Big(current).minus(previous);
  return { delta: delta.toNumber(), relative: ratio(delta, new Big(previous)) };
}

function moneyChange(current: Big | null, previous: Big | null): MoneyChange {
  if (current === null || previous === null) return { delta: null, relative: null };
  const delta = current.minus(previous);
  return { delta, relative: ratio(delta, previous) };
}

/** The changes from `previous` to `current`. */
export function compareFigures(current: SnapshotFigures, previous: SnapshotFigures): SnapshotChanges {
  return {
    leads: numberChange(current.leads, previous.leads),
    won: numberChange(current.won, previous.won),
    conversion: numberChange(current.conversion, previous.conversion),
    wonAmount: moneyChange(current.wonAmount, previous.wonAmount),
    avgDeal: moneyChange(current.avgDeal, previous.avgDeal),
  };
}

export function computeSnapshot(deals: readonly Deal[], options: SnapshotOptions): Snapshot {
  const { period, asOf, calendar } = options;
  const previous = previousPeriod(period, calendar);
  const common = {
    by: [],
    method: 'period' as const,
    asOf,
    calendar,
    ...(options.targets !== undefined ? { targets: options.targets } : {}),
  };
  // One run over both: a period and the one before it are disjoint and in order.
  const [prev, curr] = computeConversion(deals, { ...common, periods: [previous, period] }).totals;
  const currentFigures = figuresOf(curr!);
  const previousFigures = figuresOf(prev!);

  const weeks = trendWeeks(snapshotAnchor(period, asOf), options.weeks ?? TREND_WEEKS, calendar);
  const trend = computeConversion(deals, { ...common, periods: weeks }).totals.map(
    (t): TrendWeek => ({ period: t.period, leads: t.leads, won: t.won, conversion: t.conversion }),
  );

  return {
    current: currentFigures,
    previous: previousFigures,
    changes: compareFigures(currentFigures, previousFigures),
    trend,
    periodOpen: localDate(asOf, calendar.timezone) < period.endDate,
  };
}
