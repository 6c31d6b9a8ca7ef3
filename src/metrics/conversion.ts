// Conversion (SPEC §4): leads, won, lost, conversion, win rate, won amount and average deal per
// period × group, against the configured targets. Pure: deals, periods and "now" come in, a typed
// result goes out; no I/O, no clock, no formatting.
//
// Decisions where the SPEC is silent (also in the README):
// - Rows. Every group that has a lead, a won or a lost deal in ANY of the asked periods gets a row in
//   EVERY period (zeros and empty ratios where it had nothing), so a manager's months line up.
//   Groups are sorted alphabetically (root collation: Latin, then Cyrillic), `(none)` last.
// - Totals per period are recomputed from the summed counts, never averaged from rows; the overall
//   total (the whole asked range) is the sum of the period totals, as the periods partition it.
// - Missing amounts: `won_amount` leaves them out and `amounts_missing` counts them; `avg_deal`
//   divides by the won deals that HAVE an amount (a missing amount is never a zero deal), which is
//   `won_amount / won` whenever nothing is missing.
// - Cohort method: `won` / `lost` are leads of the period closed won / lost at or before `asOf` and,
//   with a window, at most `windowDays` calendar days (SPEC §3 day counts, in the zone) after their
//   creation — the window applies to lost deals too, so win_rate compares like with like.
// - Period method: no `asOf` cut (the SPEC defines it by the period alone).
// - Targets: a `by_<field>` map applies to a row only when the row is grouped by that field (a
//   manager's personal target says nothing about a team total). Grouped by several fields with a
//   target for more than one, the first field in `--by` order wins. Then the narrowest period key
//   containing the row's period, then `default`.
// - Lost reasons: over the same lost deals as the row's `lost` (so they add up to it); a deal
//   without a reason is listed as `(none)`; share = count / the row's lost.
import { AmountSum, Big, countRatio, ratioBig } from '../model/money.js';
import { calendarDaysBetween, daysInRange, parsePeriod, PERIOD_KEY, type CalendarContext, type Period } from '../model/period.js';
import { countedDeal, type CountedDeal, type Deal } from '../model/records.js';
import type { ConversionTargets } from '../config/schema.js';
import { NO_VALUE, groupValue, groupValues } from './grouping.js';

export type ConversionMethod = 'period' | 'cohort';
export type TargetStatus = 'met' | 'below';

/** The period method over the given deals: what a commission bonus on conversion needs. */
export interface PeriodConversion {
  leads: number;
  won: number;
  lost: number;
  /** won / leads; null when there are no leads. May exceed 1. */
  conversion: number | null;
}

/** The figures of one row (a period × group, a period total or the overall total). */
export interface ConversionFigures {
  leads: number;
  won: number;
  lost: number;
  conversion: number | null;
  /** won / (won + lost); null when nothing was closed. */
  winRate: number | null;
  /** Sum of the amounts of won deals that have one (0 when none). */
  wonAmount: Big;
  /** wonAmount / won deals with an amount; null when there are none. */
  avgDeal: Big | null;
  /** Won deals left out of wonAmount because their amount is missing. */
  amountsMissing: number;
  target: number | null;
  /** Which config key gave the target: `by_manager`, `2025-Q1`, `default`…; null without one. */
  targetSource: string | null;
  /** null when there is no target or no conversion (no leads). */
  status: TargetStatus | null;
}

export interface ConversionRow extends ConversionFigures {
  period: Period;
  /** Values of the `by` fields, in `by` order (empty when not grouped). */
  group: readonly string[];
}

export interface ConversionTotal extends ConversionFigures {
  period: Period;
}

export interface LostReasonRow {
  period: Period;
  group: readonly string[];
  /** `lost_reason`, or `(none)`. */
  reason: string;
  count: number;
  /** count / lost deals of the row; never null here (count ≥ 1). */
  share: number;
  /** Sum of the amounts of these lost deals that have one. */
  amount: Big;
  amountsMissing: number;
}

export interface ConversionOptions {
  /** One entry per row group, in order (the pieces of `--every`, or the asked period alone). */
  periods: readonly Period[];
  /** The range `periods` partition; when given, `overall` is computed for it. */
  whole?: Period;
  /** Grouping fields (`manager`, `pipeline`, `source`, custom fields); [] for one row per period. */
  by: readonly string[];
  method: ConversionMethod;
  /** Cohort only: a lead counts as won (or lost) only within this many calendar days of creation. */
  windowDays?: number;
  /** "Now": the cohort method counts deals closed at or before it. */
  asOf: Date;
  targets?: ConversionTargets;
  /** The zone day counts are taken in, and the week convention of week target keys. */
  calendar: Pick<CalendarContext, 'timezone' | 'weekStartsOn'>;
  /** Also break lost deals down by reason. */
  lostReasons?: boolean;
}

export interface ConversionResult {
  method: ConversionMethod;
  windowDays: number | null;
  by: readonly string[];
  /** Grouped: period × group rows. Not grouped: one row per period (the same as `totals`). */
  rows: ConversionRow[];
  /** One per period, recomputed from counts. */
  totals: ConversionTotal[];
  /** The whole range, when `whole` was given. */
  overall: ConversionTotal | null;
  /** With `lostReasons`: per period × group, most frequent reason first. */
  lostReasons: LostReasonRow[];
  /** Leads of the periods that are won (lost) but have no close date: never in won (lost) counts. */
  wonWithoutCloseDate: number;
  lostWithoutCloseDate: number;
}

// ---------------------------------------------------------------------------------------------
// Counting.

interface Tally {
  leads: number;
  won: number;
  lost: number;
  /** Exact running sum. */
  wonAmount: AmountSum;
  amountsMissing: number;
  /**
   * Only with lost reasons asked for: per reason, what its lost deals add up to. Sums, not the deals
   * themselves, so that counting can run over a stream of deals without keeping them.
   */
  lostByReason: Map<string, ReasonTally>;
}

interface ReasonTally {
  count: number;
  amount: Big;
  amountsMissing: number;
}

function emptyTally(): Tally {
  return { leads: 0, won: 0, lost: 0, wonAmount: new AmountSum(), amountsMissing: 0, lostByReason: new Map() };
}

function addWon(t: Tally, deal: CountedDeal): void {
  t.won += 1;
  const hundredths = deal.amountHundredths;
  if (!Number.isNaN(hundredths)) {
    t.wonAmount.addHundredths(hundredths);
    return;
  }
  const amount = deal.amount;
  if (amount === undefined) t.amountsMissing += 1;
  else t.wonAmount.add(amount);
}

function addLost(t: Tally, deal: CountedDeal, byReason: boolean): void {
  t.lost += 1;
  if (!byReason) return;
  const reason = deal.lostReason ?? NO_VALUE;
  const r = t.lostByReason.get(reason);
  const amount = deal.amount;
  if (r === undefined) t.lostByReason.set(reason, { count: 1, amount: amount ?? new Big(0), amountsMissing: amount === undefined ? 1 : 0 });
  else {
    r.count += 1;
    if (amount === undefined) r.amountsMissing += 1;
    else r.amount = r.amount.plus(amount);
  }
}

function mergeTallies(tallies: Iterable<Tally>): Tally {
  const sum = emptyTally();
  for (const t of tallies) {
    sum.leads += t.leads;
    sum.won += t.won;
    sum.lost += t.lost;
    sum.wonAmount.add(t.wonAmount.total());
    sum.amountsMissing += t.amountsMissing;
    for (const [reason, r] of t.lostByReason) {
      const into = sum.lostByReason.get(reason);
      if (into === undefined) sum.lostByReason.set(reason, { ...r });
      else {
        into.count += r.count;
        into.amount = into.amount.plus(r.amount);
        into.amountsMissing += r.amountsMissing;
      }
    }
  }
  return sum;
}

/**
 * Finds the periods holding an instant. Periods of a report are sorted and disjoint, so a binary
 * search does; any other list (a caller's own) is scanned.
 */
function periodLocator(periods: readonly Period[]): (ms: number) => readonly number[] {
  const starts = periods.map((p) => p.start.getTime());
  const ends = periods.map((p) => p.end.getTime());
  const disjoint = periods.every((_, i) => i === 0 || (starts[i] as number) >= (ends[i - 1] as number));
  if (!disjoint) {
    return (ms) => {
      return periods.flatMap((_, i) => ((starts[i] as number) <= ms && ms < (ends[i] as number) ? [i] : []));
    };
  }
  // One shared, never-written list per answer: a deal is located twice, and there are millions.
  const only = periods.map((_, i) => Object.freeze([i]));
  const none: readonly number[] = Object.freeze([]);
  return (ms) => {
    let lo = 0;
    let hi = periods.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (ms < (starts[mid] as number)) hi = mid - 1;
      else if (ms >= (ends[mid] as number)) lo = mid + 1;
      else return only[mid] as readonly number[];
    }
    return none;
  };
}

type CountRules =
  | { method: 'period' }
  | { method: 'cohort'; asOf: Date; timezone: string; windowDays?: number };

/** Whether a closed lead of a cohort counts: closed by as-of, and within the window if any. */
function inCohort(deal: CountedDeal, rules: Extract<CountRules, { method: 'cohort' }>): boolean {
  if (deal.closedMs > rules.asOf.getTime()) return false;
  if (rules.windowDays === undefined) return true;
  return calendarDaysBetween(new Date(deal.createdMs), new Date(deal.closedMs), rules.timezone) <= rules.windowDays;
}

/** Won / lost leads of the counted periods that have no close date (never in won / lost counts). */
interface Uncounted {
  wonWithoutCloseDate: number;
  lostWithoutCloseDate: number;
}

/**
 * Adds one deal where it counts under `rules`, through `tallyFor(periodIndex, deal)`. The one place
 * the SPEC's counting rules live; `periodConversion` and `conversionCounter` both go through it.
 * One deal at a time, so that a caller may count a stream of deals without keeping them.
 */
function dealCounter(
  periods: readonly Period[],
  rules: CountRules,
  tallyFor: (periodIndex: number, deal: CountedDeal) => Tally,
  lostByReason: boolean,
): { add(deal: CountedDeal): void; uncounted: Uncounted } {
  const locate = periodLocator(periods);
  const uncounted: Uncounted = { wonWithoutCloseDate: 0, lostWithoutCloseDate: 0 };
  const add = (deal: CountedDeal): void => {
    // Indexed loops: `for…of` over the located periods made an iterator and its results for every
    // deal (≈ 120 bytes each, a quarter of all a counting read allocated on the 1m bench file).
    const createdIn = locate(deal.createdMs);
    for (let k = 0; k < createdIn.length; k++) tallyFor(createdIn[k]!, deal).leads += 1;
    if (deal.status === 'open') return;
    if (Number.isNaN(deal.closedMs)) {
      // Warned at read time; a lead of its creation period, never won or lost.
      if (createdIn.length > 0) {
        if (deal.status === 'won') uncounted.wonWithoutCloseDate += 1;
        else uncounted.lostWithoutCloseDate += 1;
      }
      return;
    }
    const closedIn = rules.method === 'period' ? locate(deal.closedMs) : inCohort(deal, rules) ? createdIn : [];
    for (let k = 0; k < closedIn.length; k++) {
      const t = tallyFor(closedIn[k]!, deal);
      if (deal.status === 'won') addWon(t, deal);
      else addLost(t, deal, lostByReason);
    }
  };
  return { add, uncounted };
}

/**
 * The `period` method over the given deals for one period: leads created in it, won / lost closed
 * in it, conversion = won / leads (null without leads). Used by commission's conversion bonus.
 */
export function periodConversion(deals: readonly Deal[], period: Period): PeriodConversion {
  const t = emptyTally();
  const counter = dealCounter([period], { method: 'period' }, () => t, false);
  for (const deal of deals) counter.add(countedDeal(deal));
  return { leads: t.leads, won: t.won, lost: t.lost, conversion: countRatio(t.won, t.leads) };
}

// ---------------------------------------------------------------------------------------------
// Targets.

interface PeriodKey {
  key: string;
  target: number;
  startDate: string;
  endDate: string;
  days: number;
}


export interface ResolvedTarget {
  target: number | null;
  /** The config key that gave it (`by_manager`, `2025-Q1`, `default`); null without a target. */
  source: string | null;
}

/** Looks up the target of a row: group (`by_<field>`) > narrowest period key > `default`. */
export class TargetResolver {
  private readonly single: number | undefined;
  private readonly fallback: number | undefined;
  private readonly byField = new Map<string, Record<string, number>>();
  private readonly periodKeys: PeriodKey[] = [];

  constructor(targets: ConversionTargets | undefined, calendar: Pick<CalendarContext, 'weekStartsOn'>) {
    if (typeof targets === 'number') {
      this.single = targets;
      return;
    }
    if (targets === undefined) return;
    // Keys are whole calendar periods; they are compared by their dates, so the zone is irrelevant.
    const ctx: CalendarContext = { timezone: 'UTC', weekStartsOn: calendar.weekStartsOn, asOf: new Date(0) };
    for (const [key, value] of Object.entries(targets)) {
      if (typeof value === 'object') {
        if (key.startsWith('by_')) this.byField.set(key.slice(3), value);
      } else if (key === 'default') {
        this.fallback = value;
      } else if (PERIOD_KEY.test(key)) {
        const p = parsePeriod(key, ctx);
        this.periodKeys.push({ key, target: value, startDate: p.startDate, endDate: p.endDate, days: daysInRange(p.startDate, p.endDate) });
      }
    }
  }

  /** `by` and `group` are the row's grouping fields and values (empty for totals). */
  resolve(period: Period, by: readonly string[], group: readonly string[]): ResolvedTarget {
    if (this.single !== undefined) return { target: this.single, source: 'default' };
    for (let i = 0; i < by.length; i++) {
      const field = by[i] as string;
      const map = this.byField.get(field);
      const value = group[i];
      if (map !== undefined && value !== undefined && Object.hasOwn(map, value)) {
        return { target: map[value] as number, source: `by_${field}` };
      }
    }
    let best: PeriodKey | undefined;
    for (const k of this.periodKeys) {
      const inside = k.startDate <= period.startDate && period.endDate <= k.endDate;
      if (inside && (best === undefined || k.days < best.days)) best = k;
    }
    if (best !== undefined) return { target: best.target, source: best.key };
    if (this.fallback !== undefined) return { target: this.fallback, source: 'default' };
    return { target: null, source: null };
  }
}

/** `met` when conversion ≥ target (compared exactly: won ≥ target × leads), else `below`. */
function statusOf(won: number, leads: number, target: number | null): TargetStatus | null {
  if (target === null || leads === 0) return null;
  return new Big(won).gte(new Big(String(target)).times(leads)) ? 'met' : 'below';
}

function figuresOf(t: Tally, target: ResolvedTarget): ConversionFigures {
  const wonAmount = t.wonAmount.total();
  return {
    leads: t.leads,
    won: t.won,
    lost: t.lost,
    conversion: countRatio(t.won, t.leads),
    winRate: countRatio(t.won, t.won + t.lost),
    wonAmount,
    avgDeal: ratioBig(wonAmount, new Big(t.won - t.amountsMissing)),
    amountsMissing: t.amountsMissing,
    target: target.target,
    targetSource: target.source,
    status: statusOf(t.won, t.leads, target.target),
  };
}

// ---------------------------------------------------------------------------------------------
// The report.

const collator = new Intl.Collator('und', { numeric: true });

function compareGroups(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as string;
    const y = b[i] as string;
    if (x === y) continue;
    if (x === NO_VALUE) return 1;
    if (y === NO_VALUE) return -1;
    return collator.compare(x, y) || (x < y ? -1 : 1);
  }
  return 0;
}

function lostReasonRows(period: Period, group: readonly string[], t: Tally): LostReasonRow[] {
  const rows = [...t.lostByReason].map(([reason, r]): LostReasonRow => ({
    period,
    group,
    reason,
    count: r.count,
    share: r.count / t.lost,
    amount: r.amount,
    amountsMissing: r.amountsMissing,
  }));
  return rows.sort((a, b) => b.count - a.count || compareGroups([a.reason], [b.reason]));
}

/** Counts deals one at a time (`add`), then gives the result (`finish`). */
export interface ConversionCounter {
  add(deal: Deal): void;
  /** `add` of a deal as a counting read hands it over (read-deals-fast.ts): what `add` counts of it. */
  addCounted(deal: CountedDeal): void;
  finish(): ConversionResult;
  /** What it has counted so far, as plain data (amounts as decimal strings) for another counter… */
  state(): ConversionCounts;
  /** …of the same options to add to its own: counting parts of the deals apart and then together. */
  absorb(counts: ConversionCounts): void;
}

/** A counter's tallies as plain data (structured-cloneable: it crosses threads). */
export interface ConversionCounts {
  /** Per period (in the options' order): group key → tally. */
  tallies: Array<Array<[string, TallyCounts]>>;
  groups: Array<[string, readonly string[]]>;
  uncounted: Uncounted;
}

interface TallyCounts {
  leads: number;
  won: number;
  lost: number;
  wonAmount: string;
  amountsMissing: number;
  lostByReason: Array<[string, { count: number; amount: string; amountsMissing: number }]>;
}

export function computeConversion(deals: readonly Deal[], options: ConversionOptions): ConversionResult {
  const counter = conversionCounter(options);
  for (const deal of deals) counter.add(deal);
  return counter.finish();
}

/**
 * Conversion over a stream of deals: what `computeConversion` does over an array, without holding
 * the deals (a counter keeps only its tallies), so that a file of any size can be counted as it is
 * read. Deals may come in any order; the result depends only on which deals were added.
 */
export function conversionCounter(options: ConversionOptions): ConversionCounter {
  const { periods, by, method } = options;
  const keepLost = options.lostReasons === true;
  const rules: CountRules =
    method === 'period'
      ? { method }
      : {
          method,
          asOf: options.asOf,
          timezone: options.calendar.timezone,
          ...(options.windowDays !== undefined ? { windowDays: options.windowDays } : {}),
        };

  // Per period: group key → tally. Group values are remembered once per key.
  const tallies = periods.map(() => new Map<string, Tally>());
  const groups = new Map<string, readonly string[]>();
  // The key of a deal's group: the value itself for one field (the common `--by manager`, no
  // string built per deal), the JSON of the values for several.
  const field = by.length === 1 ? (by[0] as string) : undefined;
  const keyOf = (deal: CountedDeal): string => (field !== undefined ? groupValue(deal, field) : JSON.stringify(groupValues(deal, by)));
  // The tallies of a group by period index, beside `tallies`: one lookup a count, not two.
  const rows = new Map<string, Array<Tally | undefined>>();
  const tallyFor = (i: number, deal: CountedDeal): Tally => {
    const key = keyOf(deal);
    let row = rows.get(key);
    if (row === undefined) {
      row = [];
      rows.set(key, row);
      if (!groups.has(key)) groups.set(key, groupValues(deal, by));
    }
    let t = row[i];
    if (t === undefined) {
      const perPeriod = tallies[i] as Map<string, Tally>;
      t = perPeriod.get(key);
      if (t === undefined) {
        t = emptyTally();
        perPeriod.set(key, t);
      }
      row[i] = t;
    }
    return t;
  };
  const counter = dealCounter(periods, rules, tallyFor, keepLost);
  return {
    add: (deal) => counter.add(countedDeal(deal)),
    addCounted: counter.add,
    finish: () => conversionResult(options, rules, tallies, groups, counter.uncounted),
    state: () => ({
      tallies: tallies.map((perPeriod) => [...perPeriod].map(([key, t]): [string, TallyCounts] => [key, tallyCounts(t)])),
      groups: [...groups],
      uncounted: { ...counter.uncounted },
    }),
    absorb: (counts) => {
      rows.clear(); // the tallies it holds are replaced below
      for (const [key, values] of counts.groups) if (!groups.has(key)) groups.set(key, values);
      counts.tallies.forEach((perPeriod, i) => {
        const into = tallies[i] as Map<string, Tally>;
        for (const [key, t] of perPeriod) {
          const mine = into.get(key);
          const theirs = tallyOf(t);
          into.set(key, mine === undefined ? theirs : mergeTallies([mine, theirs]));
        }
      });
      counter.uncounted.wonWithoutCloseDate += counts.uncounted.wonWithoutCloseDate;
      counter.uncounted.lostWithoutCloseDate += counts.uncounted.lostWithoutCloseDate;
    },
  };
}

function tallyCounts(t: Tally): TallyCounts {
  return {
    leads: t.leads,
    won: t.won,
    lost: t.lost,
    wonAmount: t.wonAmount.total().toString(),
    amountsMissing: t.amountsMissing,
    lostByReason: [...t.lostByReason].map(([reason, r]) => [reason, { count: r.count, amount: r.amount.toString(), amountsMissing: r.amountsMissing }]),
  };
}

function tallyOf(c: TallyCounts): Tally {
  return {
    leads: c.leads,
    won: c.won,
    lost: c.lost,
    wonAmount: new AmountSum(new Big(c.wonAmount)),
    amountsMissing: c.amountsMissing,
    lostByReason: new Map(c.lostByReason.map(([reason, r]) => [reason, { count: r.count, amount: new Big(r.amount), amountsMissing: r.amountsMissing }])),
  };
}

function conversionResult(
  options: ConversionOptions,
  rules: CountRules,
  tallies: readonly Map<string, Tally>[],
  groups: ReadonlyMap<string, readonly string[]>,
  uncounted: Uncounted,
): ConversionResult {
  const { periods, by, method } = options;
  const keepLost = options.lostReasons === true;
  const resolver = new TargetResolver(options.targets, options.calendar);
  const orderedGroups = [...groups].sort(([, a], [, b]) => compareGroups(a, b));
  const rows: ConversionRow[] = [];
  const totals: ConversionTotal[] = [];
  const lostReasons: LostReasonRow[] = [];
  const periodSums: Tally[] = [];
  periods.forEach((period, i) => {
    const perPeriod = tallies[i] as Map<string, Tally>;
    const total = mergeTallies(perPeriod.values());
    periodSums.push(total);
    const periodTotal = figuresOf(total, resolver.resolve(period, [], []));
    totals.push({ period, ...periodTotal });
    if (by.length === 0) {
      rows.push({ period, group: [], ...periodTotal });
      if (keepLost) lostReasons.push(...lostReasonRows(period, [], total));
      return;
    }
    for (const [key, group] of orderedGroups) {
      const t = perPeriod.get(key) ?? emptyTally();
      rows.push({ period, group, ...figuresOf(t, resolver.resolve(period, by, group)) });
      if (keepLost && t.lost > 0) lostReasons.push(...lostReasonRows(period, group, t));
    }
  });

  let overall: ConversionTotal | null = null;
  if (options.whole !== undefined) {
    // The periods' sums added up: exact sums, so the same as every tally's, with a period's
    // hundreds of group sums added once, not twice.
    const sum = mergeTallies(periodSums);
    overall = { period: options.whole, ...figuresOf(sum, resolver.resolve(options.whole, [], [])) };
  }

  return {
    method,
    windowDays: rules.method === 'cohort' ? (rules.windowDays ?? null) : null,
    by,
    rows,
    totals,
    overall,
    lostReasons,
    ...uncounted,
  };
}
