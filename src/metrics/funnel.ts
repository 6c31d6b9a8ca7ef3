// The stage funnel (SPEC §4 "funnel"): per pipeline stage, how many deals entered, moved on, were
// lost there, how long they stayed, how many sit there now, and how many broke the stage's SLA;
// plus the first-response time per manager. Pure: records and config in, numbers out.
//
// Visits. A deal's entries come from groupStageEntries (sorted, stable on ties, consecutive repeats
// collapsed). Each entry into a working stage starts a visit that ends at the deal's next entry;
// the last visit ends at `closed_at` when the deal is closed, else it is open and runs to `asOf`.
// Entries into won/lost stages end visits and start none. `time_in_stage` = the sum of a deal's
// visits to the stage, so re-entries add up.
//
// Decisions where the SPEC is silent (also in the README):
// - "Now" is `asOf`: events after it are ignored and a deal closed after it is still open.
// - A closed deal without `closed_at` has a last visit of unknown length: that stage's time is left
//   out of durations and SLA counts, and the deal is not open.
// - With a period, a stage row is about the deals whose visit to the stage *started* in the period
//   (`entered`): `moved_on`, `lost_here`, durations and `sla_breaches` are over those deals (their
//   whole time in the stage, all visits). `open_now` is a snapshot at `asOf`, whatever the period.
// - `open_median_hours` uses the deal's time in the stage so far (earlier visits included).
// - `moved_on` looks at everything after the deal's first-ever entry into the stage; "won" is an
//   entry into a won stage or the deal's won status. `lost_here` is the last working stage before
//   the deal's final loss (a lost entry last, or lost status without a later won entry).
// - Stages in the data but not in the config are kept: rows after the configured stages, with no
//   position in the order (`moved_on`, `conversion_to_next`, SLA empty); a warning with counts.
// - Events of deals missing from the deals file: their pipeline is the events' pipeline, else the
//   only configured pipeline, else they are skipped; each such deal is one warning (kept/skipped).
// - Deals of pipelines that are not configured have no stage order: left out, counted.
//
// Cost: one pass over the events to group them, a per-deal sort (in groupStageEntries), then one
// pass over each deal's entries; only the per-stage duration lists are sorted, for percentiles.
import type { Diagnostic } from '../model/diagnostic.js';
import { contains, containsMs, type Period } from '../model/period.js';
import { positionsOf } from '../model/deal-id.js';
import type { Deal, DealStatus, StageEvent } from '../model/records.js';
import { groupValue, NO_VALUE, type GroupSource } from './grouping.js';
import { eventsUpTo, TextTable, widened, type EventTable } from '../model/event-table.js';
import { groupEntries } from './entry-groups.js';
import { groupStageEntries } from './stage-entries.js';

const HOUR_MS = 3_600_000;

/** What funnel reads of a deal: a `Deal` will do; `FunnelDeals` keeps just this, as columns. */
export type FunnelDeal = GroupSource & Pick<Deal, 'id' | 'closedAt'>;

const STATUS_CODE: Readonly<Record<DealStatus, number>> = { open: 0, won: 1, lost: 2 };
const STATUS_OF: readonly DealStatus[] = ['open', 'won', 'lost'];

/**
 * What funnel reads of its deals, as columns: the id, the pipeline, the status, the close time and
 * the values of the `--by` fields, each repeated text kept once. Taken deal by deal as they are read
 * (`add`): a few dozen bytes a deal instead of a record of ≈ 200, and a million deals are alive
 * through the whole funnel, while the files are read and while the funnel is computed.
 */
export class FunnelDeals {
  count = 0;
  private ids: string[] = [];
  private pipelineIndex = new Int32Array(1024);
  private readonly pipelines = new TextTable();
  private status = new Uint8Array(1024);
  /** Epoch ms; NaN: no close date. */
  private closed = new Float64Array(1024);
  private groupIndex: Int32Array[];
  private readonly groupValues: TextTable[];

  constructor(readonly by: readonly string[]) {
    this.groupIndex = by.map(() => new Int32Array(1024));
    this.groupValues = by.map(() => new TextTable());
  }

  /** The columns of a list of deals (tests, small exports). */
  static of(deals: readonly FunnelDeal[], by: readonly string[]): FunnelDeals {
    const table = new FunnelDeals(by);
    for (const d of deals) table.add(d);
    return table;
  }

  add(d: FunnelDeal): void {
    if (this.count === this.status.length) this.grow();
    const i = this.count++;
    this.ids.push(d.id);
    this.pipelineIndex[i] = this.pipelines.indexOf(d.pipeline);
    this.status[i] = STATUS_CODE[d.status];
    this.closed[i] = d.closedAt === undefined ? NaN : d.closedAt.getTime();
    for (let k = 0; k < this.by.length; k++) this.groupIndex[k]![i] = this.groupValues[k]!.indexOf(groupValue(d, this.by[k]!));
  }

  /** Forget every deal (the read starts over). */
  reset(): void {
    this.count = 0;
    this.ids = [];
  }

  id(i: number): string {
    return this.ids[i]!;
  }

  pipeline(i: number): string {
    return this.pipelines.texts[this.pipelineIndex[i]!]!;
  }

  statusOf(i: number): DealStatus {
    return STATUS_OF[this.status[i]!]!;
  }

  /** The close time in epoch ms, NaN without a close date. */
  closedMs(i: number): number {
    return this.closed[i]!;
  }

  /** The deal's values of the `by` fields, in order. */
  group(i: number): string[] {
    return this.by.map((_, k) => this.groupValues[k]!.texts[this.groupIndex[k]![i]!]!);
  }

  private grow(): void {
    const size = this.status.length * 2;
    this.pipelineIndex = widened(this.pipelineIndex, size);
    this.status = widened(this.status, size);
    this.closed = widened(this.closed, size);
    this.groupIndex = this.groupIndex.map((a) => widened(a, size));
  }
}

/** What funnel needs of a configured pipeline. */
export interface FunnelPipelineConfig {
  stages: readonly string[];
  won: readonly string[];
  lost: readonly string[];
  sla_days: Readonly<Record<string, number>>;
}

export interface FunnelOptions {
  asOf: Date;
  /** Undefined: all time. */
  period?: Period;
  /** Only this configured pipeline; undefined: every configured pipeline. */
  pipeline?: string;
  /** Deal fields to repeat the rows by (`manager`…); deals missing from the deals file get NO_VALUE. */
  by?: readonly string[];
}

export interface FunnelStageRow {
  stage: string;
  /** False for a stage found in the data but not in the pipeline's config. */
  configured: boolean;
  entered: number;
  /** Null for stages not in the config (they have no place in the order). */
  movedOn: number | null;
  conversionToNext: number | null;
  lostHere: number;
  /** Deals with all their visits to the stage finished: the durations below are over them. */
  finished: number;
  medianHours: number | null;
  p90Hours: number | null;
  meanHours: number | null;
  openNow: number;
  openMedianHours: number | null;
  slaDays: number | null;
  slaBreaches: number | null;
}

export interface FunnelBlock {
  pipeline: string;
  /** Values of the `by` fields, in order; empty for the pipeline-wide block. */
  group: string[];
  /** Distinct deals with at least one visit in this pipeline (and group). */
  deals: number;
  /** Configured stages in pipeline order, then stages not in the config. */
  stages: FunnelStageRow[];
  /** The configured stage with the slowest median, if any stage has finished durations. */
  bottleneck?: string;
}

export interface UnconfiguredStage {
  pipeline: string;
  stage: string;
  entries: number;
  deals: number;
}

export interface FunnelStats {
  events: number;
  /** Events with a time after `asOf`: ignored. */
  eventsAfterAsOf: number;
  outOfOrder: number;
  /** Events with the same time as the previous event of the same deal (file order kept). */
  ties: number;
  /** Where the first few ties are, `file:line`. */
  tieExamples: string[];
  /** Consecutive repeats of a stage merged into one visit. */
  collapsed: number;
  /** Deals in the deals file (and the reported pipelines) without any stage event. */
  dealsWithoutHistory: number;
  unknownDeals: number;
  unknownDealEvents: number;
  /** Unknown deals whose pipeline could not be told: left out. */
  unknownDealsSkipped: number;
  /** Pipelines found in the data but not in the config → deals left out. */
  pipelinesNotInConfig: Array<{ pipeline: string; deals: number }>;
  stagesNotInConfig: UnconfiguredStage[];
  /** Closed deals without `closed_at` whose last visit has no end. */
  closedWithoutDate: number;
  /** Closed deals whose `closed_at` is before their last entry: that visit counted as 0 h. */
  closedBeforeLastEntry: number;
}

export interface FunnelResult {
  /** One block per reported pipeline, all deals. */
  pipelines: FunnelBlock[];
  /** With `by`: one block per pipeline × group, groups sorted (NO_VALUE last). Empty otherwise. */
  groups: FunnelBlock[];
  stats: FunnelStats;
  /** Row-level warnings: events of unknown deals, stages not in the config. */
  diagnostics: Diagnostic[];
}

// ---------------------------------------------------------------------------------------------
// Statistics.

/**
 * The p-th percentile (0–100) of ascending `sorted` by linear interpolation between order
 * statistics: numpy.percentile's default ("linear") and Excel's PERCENTILE.INC. Null when empty.
 */
export function percentile(sorted: ArrayLike<number>, p: number): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  const pos = (p / 100) * (n - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, n - 1);
  const a = sorted[lo]!;
  const b = sorted[hi]!;
  return a + (b - a) * (pos - lo);
}

function mean(values: ArrayLike<number>): number | null {
  if (values.length === 0) return null;
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]!;
  return sum / values.length;
}

/** Sorted copy; a Float64Array sorts numerically without a comparator call per comparison. */
function ascending(values: readonly number[]): Float64Array {
  return Float64Array.from(values).sort();
}

// ---------------------------------------------------------------------------------------------
// Per-deal visits.

interface CompiledPipeline {
  name: string;
  config: FunnelPipelineConfig;
  index: Map<string, number>;
  won: Set<string>;
  lost: Set<string>;
}

function compile(name: string, config: FunnelPipelineConfig): CompiledPipeline {
  return {
    name,
    config,
    index: new Map(config.stages.map((s, i) => [s, i])),
    won: new Set(config.won),
    lost: new Set(config.lost),
  };
}

/** How a deal's last visit ends, as of `asOf` (`at`: epoch ms). */
type Closing = { kind: 'open' } | { kind: 'closed'; at: number } | { kind: 'unknown' };

/** `status` undefined: a deal that is not in the deals file; `closedMs` NaN: no close date. */
function closingOf(status: DealStatus | undefined, closedMs: number, asOf: Date): Closing {
  if (status === undefined || status === 'open') return { kind: 'open' };
  if (Number.isNaN(closedMs)) return { kind: 'unknown' };
  if (closedMs > asOf.getTime()) return { kind: 'open' };
  return { kind: 'closed', at: closedMs };
}

/** One deal's time in one stage, summed over its visits. */
interface StageTime {
  stage: string;
  /** The stage's number in the event table. */
  stageIndex: number;
  /** The deal went further in the order after its first entry here (or was won). */
  movedOn: boolean;
  hours: number;
  /** The deal's last visit is to this stage and still runs. */
  open: boolean;
  /** A visit has no known end (closed deal without closed_at). */
  unknownEnd: boolean;
  /** Position (in the deal's entries) of its first entry into the stage. */
  firstPos: number;
  /** A visit starts inside the period (always true without a period). */
  startsInPeriod: boolean;
}

interface DealFunnel {
  /** Per stage the deal visited, in the order of first entry (a deal has a handful: a list, not a map). */
  times: StageTime[];
  lostStage?: string;
  closedBeforeLastEntry: boolean;
  /** The last visit needed a close date the deal does not have. */
  unknownEnd: boolean;
}

/** One deal's entries: event numbers `entries[from]` … `entries[to - 1]` of `table` (entry-groups.ts). */
interface DealEntries {
  table: EventTable;
  entries: Int32Array;
  from: number;
  to: number;
}

/**
 * What each stage of an event table is in one pipeline, by the table's stage number: its position
 * in the pipeline's order (-1: none) and whether it is a won or a lost stage. Looked up for every
 * entry of millions: an array read instead of a few hash lookups.
 */
interface StageLookup {
  rank: Int32Array;
  won: Uint8Array;
  lost: Uint8Array;
}

function stageLookup(p: CompiledPipeline, stages: readonly string[]): StageLookup {
  const rank = new Int32Array(stages.length);
  const won = new Uint8Array(stages.length);
  const lost = new Uint8Array(stages.length);
  stages.forEach((stage, i) => {
    rank[i] = p.index.get(stage) ?? -1;
    won[i] = p.won.has(stage) ? 1 : 0;
    lost[i] = p.lost.has(stage) ? 1 : 0;
  });
  return { rank, won, lost };
}

/** `walkDeal`'s per-entry scratch (a million deals: no array each); only `[0, n)` is used. */
let furthestScratch = new Float64Array(64);

/** Visits, moves and loss of one deal; linear in its entries. */
function walkDeal(d: DealEntries, look: StageLookup, closing: Closing, dealWon: boolean, dealLost: boolean, asOf: Date, period: Period | undefined): DealFunnel {
  const { table, entries, from } = d;
  const n = d.to - from;
  const indexAt = (i: number) => table.stageIndex[entries[from + i]!]!;
  const stageAt = (i: number) => table.stages[indexAt(i)]!;
  const msAt = (i: number) => table.enteredMs[entries[from + i]!]!;
  const closed = (stageIndex: number) => look.won[stageIndex] === 1 || look.lost[stageIndex] === 1;
  const times: StageTime[] = [];
  let closedBeforeLastEntry = false;
  let anyUnknownEnd = false;

  for (let i = 0; i < n; i++) {
    const stageIndex = indexAt(i);
    if (closed(stageIndex)) continue;
    const stage = table.stages[stageIndex]!;
    const start = msAt(i);
    let hours = 0;
    let open = false;
    let unknownEnd = false;
    if (i + 1 < n) hours = (msAt(i + 1) - start) / HOUR_MS;
    else if (closing.kind === 'open') {
      hours = (asOf.getTime() - start) / HOUR_MS;
      open = true;
    } else if (closing.kind === 'closed') {
      const end = closing.at;
      if (end < start) closedBeforeLastEntry = true;
      hours = Math.max(0, end - start) / HOUR_MS;
    } else {
      unknownEnd = true;
      anyUnknownEnd = true;
    }

    const inPeriod = period === undefined || containsMs(period, start);
    let t: StageTime | undefined;
    for (let k = 0; k < times.length && t === undefined; k++) if (times[k]!.stage === stage) t = times[k];
    if (t) {
      t.hours += hours;
      t.open ||= open;
      t.unknownEnd ||= unknownEnd;
      t.startsInPeriod ||= inPeriod;
    } else {
      times.push({ stage, stageIndex, movedOn: false, hours, open, unknownEnd, firstPos: i, startsInPeriod: inPeriod });
    }
  }

  // furthest[i]: the furthest position in the order entered after entry i (won = beyond the end;
  // lost and unconfigured stages have no position).
  if (furthestScratch.length < n) furthestScratch = new Float64Array(Math.max(n, 2 * furthestScratch.length));
  const furthest = furthestScratch;
  if (n > 0) furthest[n - 1] = -Infinity;
  for (let i = n - 2; i >= 0; i--) {
    const next = indexAt(i + 1);
    const at = look.rank[next]!;
    const rank = look.won[next] === 1 ? Infinity : at === -1 ? -Infinity : at;
    furthest[i] = Math.max(rank, furthest[i + 1]!);
  }
  for (const t of times) {
    const k = look.rank[t.stageIndex]!;
    if (k !== -1 && (dealWon || furthest[t.firstPos]! > k)) t.movedOn = true;
  }

  const result: DealFunnel = { times, closedBeforeLastEntry, unknownEnd: anyUnknownEnd };
  const last = n > 0 ? indexAt(n - 1) : -1;
  const lost = last !== -1 && (look.lost[last] === 1 || (dealLost && look.won[last] !== 1));
  if (lost) {
    for (let i = n - 1; i >= 0; i--) {
      if (!closed(indexAt(i))) {
        result.lostStage = stageAt(i);
        break;
      }
    }
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// Aggregation per block (pipeline, or pipeline × group).

interface StageAcc {
  stage: string;
  configured: boolean;
  entered: number;
  movedOn: number;
  lostHere: number;
  durations: number[];
  open: number[];
  slaBreaches: number;
}

class BlockAcc {
  readonly stages = new Map<string, StageAcc>();
  readonly extra: string[] = [];
  deals = 0;

  constructor(
    readonly p: CompiledPipeline,
    readonly group: string[],
  ) {
    for (const s of p.config.stages) this.stages.set(s, newStageAcc(s, true));
  }

  add(deal: DealFunnel): void {
    this.deals++;
    for (const t of deal.times) {
      const stage = t.stage;
      let acc = this.stages.get(stage);
      if (!acc) {
        acc = newStageAcc(stage, false);
        this.stages.set(stage, acc);
        this.extra.push(stage);
      }
      if (t.open) acc.open.push(t.hours);
      if (!t.startsInPeriod) continue;
      acc.entered++;
      if (t.movedOn) acc.movedOn++;
      if (deal.lostStage === stage) acc.lostHere++;
      if (t.unknownEnd) continue;
      if (!t.open) acc.durations.push(t.hours);
      const sla = this.p.config.sla_days[stage];
      if (sla !== undefined && t.hours > sla * 24) acc.slaBreaches++;
    }
  }

  finish(): FunnelBlock {
    const order = [...this.p.config.stages, ...[...this.extra].sort(compareText)];
    const stages = order.map((s) => stageRow(this.stages.get(s)!, this.p.config));
    const block: FunnelBlock = { pipeline: this.p.name, group: this.group, deals: this.deals, stages };
    let slowest: FunnelStageRow | undefined;
    for (const row of stages) {
      if (row.configured && row.medianHours !== null && (slowest === undefined || row.medianHours > slowest.medianHours!)) slowest = row;
    }
    if (slowest) block.bottleneck = slowest.stage;
    return block;
  }
}

function newStageAcc(stage: string, configured: boolean): StageAcc {
  return { stage, configured, entered: 0, movedOn: 0, lostHere: 0, durations: [], open: [], slaBreaches: 0 };
}

function stageRow(acc: StageAcc, config: FunnelPipelineConfig): FunnelStageRow {
  const durations = ascending(acc.durations);
  const open = ascending(acc.open);
  const sla = acc.configured ? (config.sla_days[acc.stage] ?? null) : null;
  return {
    stage: acc.stage,
    configured: acc.configured,
    entered: acc.entered,
    movedOn: acc.configured ? acc.movedOn : null,
    conversionToNext: acc.configured && acc.entered > 0 ? acc.movedOn / acc.entered : null,
    lostHere: acc.lostHere,
    finished: durations.length,
    medianHours: percentile(durations, 50),
    p90Hours: percentile(durations, 90),
    meanHours: mean(durations),
    openNow: open.length,
    openMedianHours: percentile(open, 50),
    slaDays: sla,
    slaBreaches: sla === null ? null : acc.slaBreaches,
  };
}

/** Code-point order: the same on every host and locale. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Groups sorted by their values, the NO_VALUE group last. */
function compareGroups(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x === y) continue;
    if (x === NO_VALUE) return 1;
    if (y === NO_VALUE) return -1;
    return compareText(x, y);
  }
  return 0;
}

// ---------------------------------------------------------------------------------------------
// The funnel.

/**
 * The funnel of `deals` from their stage events (`packEvents` makes the table of event objects).
 * Events after `asOf` are ignored (counted in `stats.eventsAfterAsOf`).
 */
export function computeFunnel(
  dealList: FunnelDeals | readonly FunnelDeal[],
  events: EventTable,
  pipelines: Readonly<Record<string, FunnelPipelineConfig>>,
  options: FunnelOptions,
): FunnelResult {
  const { asOf, period } = options;
  const by = options.by ?? [];
  const deals = dealList instanceof FunnelDeals ? dealList : FunnelDeals.of(dealList, by);
  if (deals.by.length !== by.length || deals.by.some((f, i) => f !== by[i])) {
    throw new Error(`computeFunnel: the deals were taken by ${deals.by.join(',') || 'nothing'}, the funnel is by ${by.join(',') || 'nothing'}`);
  }
  const names = Object.keys(pipelines);
  const compiled = new Map(names.map((name) => [name, compile(name, pipelines[name]!)]));
  const reported = options.pipeline === undefined ? names : names.filter((n) => n === options.pipeline);

  // Deal id → position in `deals` (-1: not a deal of the deals file); which deals have a history.
  const dealAt = positionsOf(deals.count, (i) => deals.id(i));
  const hasHistory = new Uint8Array(deals.count);

  const table = eventsUpTo(events, asOf.getTime());
  const grouped = groupEntries(table);
  const lookups = new Map([...compiled].map(([name, p]) => [name, stageLookup(p, table.stages)]));
  const srcOf = (event: number) => ({ file: table.file, line: table.lines[event]! });

  const stats: FunnelStats = {
    events: events.count,
    eventsAfterAsOf: events.count - table.count,
    outOfOrder: grouped.outOfOrder,
    ties: grouped.ties.length,
    tieExamples: grouped.ties
      .map((e) => table.lines[e]!)
      .sort((a, b) => a - b)
      .slice(0, 3)
      .map((line) => `${table.file}:${line}`),
    collapsed: grouped.collapsed,
    dealsWithoutHistory: 0,
    unknownDeals: 0,
    unknownDealEvents: 0,
    unknownDealsSkipped: 0,
    pipelinesNotInConfig: [],
    stagesNotInConfig: [],
    closedWithoutDate: 0,
    closedBeforeLastEntry: 0,
  };
  const diagnostics: Diagnostic[] = [];

  const wide = new Map<string, BlockAcc>(reported.map((name) => [name, new BlockAcc(compiled.get(name)!, [])]));
  const groups = new Map<string, BlockAcc>();
  const unconfiguredPipelines = new Map<string, number>();
  // pipeline\0stage → entries (collapsed), deals, first event
  const strayStages = new Map<string, { pipeline: string; stage: string; entries: number; deals: number; first: number }>();

  for (let k = 0; k < grouped.deals.length; k++) {
    const dealId = table.dealIds[grouped.deals[k]!]!;
    const entries: DealEntries = { table, entries: grouped.entries, from: grouped.start[k]!, to: grouped.start[k + 1]! };
    const at = dealAt(dealId);
    if (at !== -1) hasHistory[at] = 1;
    let pipelineName = at === -1 ? undefined : deals.pipeline(at);
    for (let j = entries.from; pipelineName === undefined && j < entries.to; j++) {
      const i = table.pipelineIndex[grouped.entries[j]!]!;
      if (i !== -1) pipelineName = table.pipelines[i];
    }
    if (pipelineName === undefined && names.length === 1) pipelineName = names[0];
    const p = pipelineName === undefined ? undefined : compiled.get(pipelineName);
    if (at === -1) {
      const count = grouped.events[k]!;
      stats.unknownDeals++;
      stats.unknownDealEvents += count;
      const its = `its ${count} stage event${count === 1 ? '' : 's'}`;
      let reason: string;
      if (pipelineName === undefined) reason = `${its} do not say which pipeline it is in (the config has ${names.length}): left out of the funnel`;
      else if (!p) reason = `${its} are in pipeline "${pipelineName}", which is not in the config: left out of the funnel`;
      else reason = `${its} are counted in pipeline "${pipelineName}" (no manager)`;
      if (!p) stats.unknownDealsSkipped++;
      diagnostics.push({
        ...srcOf(grouped.entries[entries.from]!),
        field: 'deal_id',
        value: dealId,
        reason: `deal ${dealId} is not in the deals file: ${reason}`,
        code: 'unknown-deal',
        action: p ? 'kept' : 'skipped',
      });
    }
    if (pipelineName === undefined) continue;
    if (!p) {
      if (at !== -1) unconfiguredPipelines.set(pipelineName, (unconfiguredPipelines.get(pipelineName) ?? 0) + 1);
      continue;
    }
    const block = wide.get(pipelineName);
    if (!block) continue;

    const status = at === -1 ? undefined : deals.statusOf(at);
    const closing = closingOf(status, at === -1 ? NaN : deals.closedMs(at), asOf);
    const settled = closing.kind !== 'open';
    const look = lookups.get(pipelineName)!;
    const walked = walkDeal(entries, look, closing, settled && status === 'won', settled && status === 'lost', asOf, period);
    if (walked.closedBeforeLastEntry) stats.closedBeforeLastEntry++;
    if (walked.unknownEnd) stats.closedWithoutDate++;

    let strayHere: Set<string> | undefined;
    for (let j = entries.from; j < entries.to; j++) {
      const event = grouped.entries[j]!;
      const stageIndex = table.stageIndex[event]!;
      if (look.rank[stageIndex] !== -1 || look.won[stageIndex] === 1 || look.lost[stageIndex] === 1) continue;
      const stage = table.stages[stageIndex]!;
      const key = `${pipelineName}\u0000${stage}`;
      strayHere ??= new Set();
      const stray = strayStages.get(key);
      if (stray) stray.entries++;
      else strayStages.set(key, { pipeline: pipelineName, stage, entries: 1, deals: 0, first: event });
      if (!strayHere.has(key)) {
        strayHere.add(key);
        strayStages.get(key)!.deals++;
      }
    }

    block.add(walked);
    if (by.length > 0) {
      const values = at !== -1 ? deals.group(at) : by.map(() => NO_VALUE);
      const key = `${pipelineName}\u0000${values.join('\u0000')}`;
      let g = groups.get(key);
      if (!g) {
        g = new BlockAcc(p, values);
        groups.set(key, g);
      }
      g.add(walked);
    }
  }

  // By id, as the events see the deals (a repeated id is one deal).
  for (let i = 0; i < deals.count; i++) {
    if (hasHistory[dealAt(deals.id(i))] === 0 && reported.includes(deals.pipeline(i))) stats.dealsWithoutHistory++;
  }
  stats.pipelinesNotInConfig = [...unconfiguredPipelines]
    .map(([pipeline, n]) => ({ pipeline, deals: n }))
    .sort((a, b) => compareText(a.pipeline, b.pipeline));
  const strays = [...strayStages.values()].sort((a, b) => compareText(a.pipeline, b.pipeline) || compareText(a.stage, b.stage));
  stats.stagesNotInConfig = strays.map(({ pipeline, stage, entries, deals: n }) => ({ pipeline, stage, entries, deals: n }));
  for (const s of strays) {
    diagnostics.push({
      ...srcOf(s.first),
      field: 'stage',
      value: s.stage,
      reason: `stage "${s.stage}" is not one of pipeline "${s.pipeline}"'s stages in the config: ${s.entries} entr${s.entries === 1 ? 'y' : 'ies'} (${s.deals} deal${s.deals === 1 ? '' : 's'}) kept and shown after the configured stages; add it to pipelines.${s.pipeline}.stages to place it in the order`,
      code: 'stage-not-in-config',
      action: 'kept',
    });
  }

  const pipelineOrder = new Map(reported.map((name, i) => [name, i]));
  const groupBlocks = [...groups.values()]
    .sort((a, b) => pipelineOrder.get(a.p.name)! - pipelineOrder.get(b.p.name)! || compareGroups(a.group, b.group))
    .map((g) => g.finish());
  return { pipelines: [...wide.values()].map((b) => b.finish()), groups: groupBlocks, stats, diagnostics };
}

// ---------------------------------------------------------------------------------------------
// First response: how fast a new lead gets its first stage change.

export interface FirstResponseRow {
  manager: string;
  /** Deals (created in the period, when given) that have a stage history. */
  deals: number;
  /** Of them, deals with a first stage change (or a close) by `asOf`. */
  responded: number;
  medianHours: number | null;
  p90Hours: number | null;
  /** Open deals still in the stage they were created in. */
  waiting: number;
}

export interface FirstResponseResult {
  rows: FirstResponseRow[];
  total: FirstResponseRow;
  /** Deals in scope without any stage event: left out. */
  dealsWithoutHistory: number;
  /** Deals whose first change is dated before their creation: left out of the times. */
  changeBeforeCreation: number;
}

export interface FirstResponseOptions {
  asOf: Date;
  period?: Period;
  /** Only deals of this pipeline; undefined: every deal. */
  pipeline?: string;
}

/**
 * Per manager, hours from `created_at` to the deal's first stage change. The deal's first history
 * entry is the stage it was created in; its second entry is the first change. A deal closed without
 * a second entry was answered when it was closed (`closed_at`); an open deal without one is
 * `waiting`. Deals are those created in the period (all deals without one).
 */
export function computeFirstResponse(deals: readonly Deal[], events: readonly StageEvent[], options: FirstResponseOptions): FirstResponseResult {
  const { asOf, period } = options;
  const grouped = groupStageEntries(events.filter((e) => e.enteredMs <= asOf.getTime()));
  const byManager = new Map<string, { deals: number; waiting: number; hours: number[] }>();
  const all = { deals: 0, waiting: 0, hours: [] as number[] };
  let dealsWithoutHistory = 0;
  let changeBeforeCreation = 0;

  for (const deal of deals) {
    if (options.pipeline !== undefined && deal.pipeline !== options.pipeline) continue;
    if (deal.createdAt > asOf) continue;
    if (period && !contains(period, deal.createdAt)) continue;
    const entries = grouped.byDeal.get(deal.id);
    if (!entries || entries.length === 0) {
      dealsWithoutHistory++;
      continue;
    }
    let acc = byManager.get(deal.manager);
    if (!acc) {
      acc = { deals: 0, waiting: 0, hours: [] };
      byManager.set(deal.manager, acc);
    }
    acc.deals++;
    all.deals++;
    const closing = closingOf(deal.status, deal.closedAt?.getTime() ?? NaN, asOf);
    const change = entries[1]?.enteredMs ?? (closing.kind === 'closed' ? closing.at : undefined);
    if (change === undefined) {
      if (closing.kind === 'open') {
        acc.waiting++;
        all.waiting++;
      }
      continue;
    }
    const hours = (change - deal.createdAt.getTime()) / HOUR_MS;
    if (hours < 0) {
      changeBeforeCreation++;
      continue;
    }
    acc.hours.push(hours);
    all.hours.push(hours);
  }

  const row = (manager: string, a: { deals: number; waiting: number; hours: number[] }): FirstResponseRow => {
    const sorted = ascending(a.hours);
    return {
      manager,
      deals: a.deals,
      responded: sorted.length,
      medianHours: percentile(sorted, 50),
      p90Hours: percentile(sorted, 90),
      waiting: a.waiting,
    };
  };
  const rows = [...byManager].sort((a, b) => compareText(a[0], b[0])).map(([m, a]) => row(m, a));
  return { rows, total: row('Total', all), dealsWithoutHistory, changeBeforeCreation };
}
