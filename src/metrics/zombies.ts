// Zombie deals (SPEC §4 "zombies"): open deals that are too old for their size (`age`), stuck in
// their stage (`stuck`), without contact (`silent`) or past their expected close date (`overdue`),
// and the *parked* ones: over their age limit but deliberately postponed to a later date.
//
// Decisions the SPEC leaves open, made here once:
// - Considered: deals with status `open` created at or before as-of. The export's current status is
//   what counts; a deal closed after a past as-of is not reconstructed as open.
// - A deal without an amount takes the first rule that has neither `amount_from` nor
//   `amount_below` (the catch-all); with no such rule it has no age limit. A deal whose amount falls
//   in no band has no age limit either. Both are counted so the report can say so.
// - Days in stage: from the last entry (≤ as-of) in the stage history when that entry is into the
//   deal's current stage; else the `stage_changed_at` column (≤ as-of); else unknown — and an
//   unknown count never makes a deal `stuck`. A timestamp after as-of (last activity, stage change)
//   is unknown at as-of too, never a negative count.
// - Parked: over the age limit with `expected_close_at` on or after the local date of as-of. A date
//   equal to as-of's date has not passed yet, so a parked deal turns `overdue` the day after its
//   date, never spends a day as a plain `age` zombie in between.
// - Parked rows keep, in `reasons`, the reasons parking suppresses (always `age` first).
import type { PipelineConfig, ZombieRule } from '../config/schema.js';
import { Big, sumMoney } from '../model/money.js';
import { calendarDaysBetween, localDate } from '../model/period.js';
import type { LastEntries, LastEntry } from '../model/entry-groups.js';
import type { Deal } from '../model/records.js';
import { groupValues } from './grouping.js';

/** In the order they are listed in `reasons`. */
export const ZOMBIE_REASONS = ['age', 'stuck', 'silent', 'overdue'] as const;
export type ZombieReason = (typeof ZOMBIE_REASONS)[number];

export interface ZombiesInput {
  deals: readonly Deal[];
  /** Each deal's last entry in the stage history (`lastEntries`); absent when no history was read. */
  lastEntries?: LastEntries;
  rules: readonly ZombieRule[];
  maxDaysInStage?: number;
  maxDaysWithoutActivity?: number;
  /** Only `rot_days` is used. */
  pipelines: Readonly<Record<string, Pick<PipelineConfig, 'rot_days'>>>;
  asOf: Date;
  /** IANA zone day counts are taken in. */
  timezone: string;
  /** Grouping fields of the summary (default: manager). */
  by?: readonly string[];
}

/** Where a deal's days in stage were counted from. */
export type StageSource = 'history' | 'stage_changed_at';

export interface DealVerdict {
  deal: Deal;
  /** The deal's stage, or the stage of its last history entry when the export has no stage. */
  stage?: string;
  ageDays: number;
  /** The first rule whose band holds the deal; absent when none does. */
  rule?: ZombieRule;
  daysInStage?: number;
  stageSource?: StageSource;
  /** `rot_days` of the stage, else `max_days_in_stage`; absent when neither is set. */
  stuckLimit?: number;
  daysSinceActivity?: number;
  /** Zombies: why. Parked deals: the reasons that parking suppresses. */
  reasons: ZombieReason[];
}

export interface ZombieGroup {
  /** Values of the `by` fields, in order. */
  key: string[];
  zombies: number;
  amountAtRisk: Big;
  parked: number;
  parkedAmount: Big;
}

export interface ZombiesResult {
  asOf: Date;
  /** Local date of as-of, `yyyy-MM-dd`: ages run to it, `overdue` is before it. */
  asOfDate: string;
  by: string[];
  /** Sorted by amount (desc, missing last), then age (desc), then id. */
  zombies: DealVerdict[];
  parked: DealVerdict[];
  /** Groups with a zombie or a parked deal, worst first; totals over all of them. */
  groups: ZombieGroup[];
  totals: Omit<ZombieGroup, 'key'>;
  /** How many times each reason holds among the zombies. */
  reasonCounts: Record<ZombieReason, number>;
  /** Open deals considered. */
  open: number;
  createdAfterAsOf: number;
  /** Deals the export says are closed, with a close date after as-of: not listed (`Deal.closedLater`). */
  closedLater: number;
  /** Open deals without an amount, and the catch-all rule they were given (if any). */
  withoutAmount: number;
  catchAllRule?: string;
  /** Open deals no rule applies to (no age limit). */
  withoutRule: number;
  /** Open deals whose days in stage could not be told (never `stuck`). */
  stageDaysUnknown: number;
  /** Open deals with a last activity or stage change after as-of (left unknown). */
  timestampsAfterAsOf: number;
  /** Zombies / parked deals without an amount (left out of the sums). */
  zombiesWithoutAmount: number;
  parkedWithoutAmount: number;
}

const collator = new Intl.Collator('en', { numeric: true });

/** Stage names are matched like the readers' won/lost words: trimmed, case-insensitive. */
function sameStage(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

/** First rule whose band holds `amount`; a missing amount takes the first rule without a band. */
export function matchRule(amount: Big | undefined, rules: readonly ZombieRule[]): ZombieRule | undefined {
  if (amount === undefined) return rules.find((r) => r.amount_from === undefined && r.amount_below === undefined);
  return rules.find((r) => (r.amount_from === undefined || amount.gte(r.amount_from)) && (r.amount_below === undefined || amount.lt(r.amount_below)));
}

function rotDays(pipeline: Pick<PipelineConfig, 'rot_days'> | undefined, stage: string): number | undefined {
  if (!pipeline) return undefined;
  const exact = pipeline.rot_days[stage];
  if (exact !== undefined) return exact;
  const key = Object.keys(pipeline.rot_days).find((k) => sameStage(k, stage));
  return key === undefined ? undefined : pipeline.rot_days[key];
}

interface StageClock {
  stage?: string;
  since?: Date;
  source?: StageSource;
  afterAsOf: boolean;
}

/** When the deal entered its current stage, as far as as-of knows. */
function stageClock(deal: Deal, entry: LastEntry | undefined, asOf: Date): StageClock {
  // An entry after as-of is not one as-of knows (`lastEntries` is asked up to as-of).
  const last = entry !== undefined && entry.enteredMs <= asOf.getTime() ? entry : undefined;
  const stage = deal.stage ?? last?.stage;
  if (last && stage !== undefined && sameStage(last.stage, stage)) return { stage, since: new Date(last.enteredMs), source: 'history', afterAsOf: false };
  const changed = deal.stageChangedAt;
  if (changed && changed <= asOf) return { stage, since: changed, source: 'stage_changed_at', afterAsOf: false };
  return { stage, afterAsOf: changed !== undefined };
}

/** Amount desc (missing last), then age desc, then id (numeric-aware). */
function compareVerdicts(a: DealVerdict, b: DealVerdict): number {
  const x = a.deal.amount;
  const y = b.deal.amount;
  if (x && y && !x.eq(y)) return y.cmp(x);
  if (x && !y) return -1;
  if (!x && y) return 1;
  if (a.ageDays !== b.ageDays) return b.ageDays - a.ageDays;
  return collator.compare(a.deal.id, b.deal.id);
}

function amountOf(vs: readonly DealVerdict[]): Big {
  return sumMoney(vs.flatMap((v) => (v.deal.amount ? [v.deal.amount] : [])));
}

export function computeZombies(input: ZombiesInput): ZombiesResult {
  const { asOf, timezone, rules } = input;
  const by = input.by && input.by.length > 0 ? [...input.by] : ['manager'];
  const asOfDate = localDate(asOf, timezone);
  const catchAll = matchRule(undefined, rules);

  const zombies: DealVerdict[] = [];
  const parked: DealVerdict[] = [];
  let open = 0;
  let createdAfterAsOf = 0;
  let closedLater = 0;
  let withoutAmount = 0;
  let withoutRule = 0;
  let stageDaysUnknown = 0;
  let timestampsAfterAsOf = 0;

  for (const deal of input.deals) {
    if (deal.status !== 'open') continue;
    if (deal.createdAt > asOf) {
      createdAfterAsOf++;
      continue;
    }
    open++;
    // Open at as-of, but the export says it is closed (its close date lies after as-of, and CRMs
    // write planned close dates on closed deals): never listed as a dead open deal.
    if (deal.closedLater !== undefined) {
      closedLater++;
      continue;
    }
    const ageDays = calendarDaysBetween(deal.createdAt, asOf, timezone);
    if (deal.amount === undefined) withoutAmount++;
    const rule = matchRule(deal.amount, rules);
    if (!rule) withoutRule++;

    const clock = stageClock(deal, input.lastEntries?.(deal.id), asOf);
    const daysInStage = clock.since ? calendarDaysBetween(clock.since, asOf, timezone) : undefined;
    if (daysInStage === undefined) stageDaysUnknown++;
    const stuckLimit = (clock.stage !== undefined ? rotDays(input.pipelines[deal.pipeline], clock.stage) : undefined) ?? input.maxDaysInStage;

    const activity = deal.lastActivityAt;
    const activityKnown = activity !== undefined && activity <= asOf;
    const daysSinceActivity = activityKnown ? calendarDaysBetween(activity, asOf, timezone) : undefined;
    if (clock.afterAsOf || (activity !== undefined && !activityKnown)) timestampsAfterAsOf++;

    const overAge = rule !== undefined && ageDays > rule.max_age_days;
    const reasons: ZombieReason[] = [];
    if (overAge) reasons.push('age');
    if (daysInStage !== undefined && stuckLimit !== undefined && daysInStage > stuckLimit) reasons.push('stuck');
    if (daysSinceActivity !== undefined && input.maxDaysWithoutActivity !== undefined && daysSinceActivity > input.maxDaysWithoutActivity) {
      reasons.push('silent');
    }
    const expected = deal.expectedCloseAt;
    if (expected !== undefined && expected < asOfDate) reasons.push('overdue');

    const verdict: DealVerdict = { deal, ageDays, reasons };
    if (clock.stage !== undefined) verdict.stage = clock.stage;
    if (rule) verdict.rule = rule;
    if (daysInStage !== undefined) verdict.daysInStage = daysInStage;
    if (clock.source) verdict.stageSource = clock.source;
    if (stuckLimit !== undefined) verdict.stuckLimit = stuckLimit;
    if (daysSinceActivity !== undefined) verdict.daysSinceActivity = daysSinceActivity;

    if (overAge && expected !== undefined && expected >= asOfDate) parked.push(verdict);
    else if (reasons.length > 0) zombies.push(verdict);
  }

  const groupOf = (v: DealVerdict) => groupValues(v.deal, by);
  const compareGroups = (a: string[], b: string[]) => {
    for (let i = 0; i < a.length; i++) {
      const c = collator.compare(a[i]!, b[i]!);
      if (c !== 0) return c;
    }
    return 0;
  };
  // With an explicit grouping the list is ordered group by group, worst deals first in each.
  const order = (a: DealVerdict, b: DealVerdict) =>
    (input.by && input.by.length > 0 ? compareGroups(groupOf(a), groupOf(b)) : 0) || compareVerdicts(a, b);
  zombies.sort(order);
  parked.sort(order);

  const groupMap = new Map<string, { key: string[]; zombies: DealVerdict[]; parked: DealVerdict[] }>();
  const bucket = (v: DealVerdict) => {
    const key = groupOf(v);
    const id = JSON.stringify(key);
    let g = groupMap.get(id);
    if (!g) groupMap.set(id, (g = { key, zombies: [], parked: [] }));
    return g;
  };
  for (const v of zombies) bucket(v).zombies.push(v);
  for (const v of parked) bucket(v).parked.push(v);
  const groups: ZombieGroup[] = [...groupMap.values()].map((g) => ({
    key: g.key,
    zombies: g.zombies.length,
    amountAtRisk: amountOf(g.zombies),
    parked: g.parked.length,
    parkedAmount: amountOf(g.parked),
  }));
  groups.sort(
    (a, b) =>
      b.amountAtRisk.cmp(a.amountAtRisk) || b.zombies - a.zombies || b.parkedAmount.cmp(a.parkedAmount) || b.parked - a.parked || compareGroups(a.key, b.key),
  );

  const reasonCounts = Object.fromEntries(ZOMBIE_REASONS.map((r) => [r, zombies.filter((v) => v.reasons.includes(r)).length])) as Record<ZombieReason, number>;

  const result: ZombiesResult = {
    asOf,
    asOfDate,
    by,
    zombies,
    parked,
    groups,
    totals: { zombies: zombies.length, amountAtRisk: amountOf(zombies), parked: parked.length, parkedAmount: amountOf(parked) },
    reasonCounts,
    open,
    createdAfterAsOf,
    closedLater,
    withoutAmount,
    withoutRule,
    stageDaysUnknown,
    timestampsAfterAsOf,
    zombiesWithoutAmount: zombies.filter((v) => v.deal.amount === undefined).length,
    parkedWithoutAmount: parked.filter((v) => v.deal.amount === undefined).length,
  };
  if (catchAll) result.catchAllRule = catchAll.name;
  return result;
}
