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
//   only configured pipeline, else the one configured pipeline whose stages hold all of the deal's,
//   else they are skipped; each such deal is one warning (kept/skipped).
// - Deals of pipelines that are not configured have no stage order: left out, counted.
//
// Cost: one pass over the events to group them, a per-deal sort (in groupStageEntries), then one
// pass over each deal's entries; percentiles of the per-stage durations by selection (samples.ts).
import type { Diagnostic } from '../model/diagnostic.js';
import { contains, containsMs, type Period } from '../model/period.js';
import { DealIdsBuilder, dealIdAt, positionsOf, type DealIds } from '../model/deal-id.js';
import type { Deal, DealStatus, StageEvent } from '../model/records.js';
import { groupValue, NO_VALUE, type GroupSource } from './grouping.js';
import { eventsUpTo, TextTable, type EventTable } from '../model/event-table.js';
import { widened } from '../model/typed-arrays.js';
import { groupEntries } from '../model/entry-groups.js';
import { groupStageEntries } from './stage-entries.js';
import { meanOf, percentiles, Samples } from './samples.js';

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
  private readonly ids = new DealIdsBuilder();
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
    this.ids.reset();
  }

  /** The columns as plain data, for another FunnelDeals to take in (a part of the deals file read in a thread). */
  state(): FunnelDealsState {
    const n = this.count;
    return {
      by: [...this.by],
      count: n,
      ids: this.ids.ids(),
      pipelines: this.pipelines.texts,
      pipelineIndex: this.pipelineIndex.slice(0, n),
      status: this.status.slice(0, n),
      closed: this.closed.slice(0, n),
      groupValues: this.groupValues.map((t) => t.texts),
      groupIndex: this.groupIndex.map((a) => a.slice(0, n)),
    };
  }

  /** Adds the deals of `state` after these, in their order (the parts of a file, in file order). */
  absorb(state: FunnelDealsState): void {
    if (!sameFields(state.by, this.by)) {
      throw new Error(`FunnelDeals.absorb: deals taken by ${fieldList(state.by)} into deals by ${fieldList(this.by)}`);
    }
    // Each text table numbers its texts in its own order: renumbered through this one's.
    const pipelineOf = state.pipelines.map((p) => this.pipelines.indexOf(p));
    const groupOf = state.groupValues.map((texts, k) => texts.map((v) => this.groupValues[k]!.indexOf(v)));
    for (let j = 0; j < state.count; j++) {
      if (this.count === this.status.length) this.grow();
      const i = this.count++;
      this.ids.pushFrom(state.ids, j);
      this.pipelineIndex[i] = pipelineOf[state.pipelineIndex[j]!]!;
      this.status[i] = state.status[j]!;
      this.closed[i] = state.closed[j]!;
      for (let k = 0; k < this.by.length; k++) this.groupIndex[k]![i] = groupOf[k]![state.groupIndex[k]![j]!]!;
    }
  }

  id(i: number): string {
    return this.ids.at(i);
  }

  /** Every deal's id, by position. */
  idList(): DealIds {
    return this.ids.ids();
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

/** Whether two `--by` lists name the same fields in the same order. */
function sameFields(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((f, i) => f === b[i]);
}

/** A `--by` list as messages name it. */
function fieldList(by: readonly string[]): string {
  return by.join(',') || 'nothing';
}

/** `FunnelDeals` as plain data (structured-cloneable): what a reading thread hands back. */
export interface FunnelDealsState {
  by: string[];
  count: number;
  ids: DealIds;
  pipelines: string[];
  pipelineIndex: Int32Array;
  status: Uint8Array;
  closed: Float64Array;
  groupValues: string[][];
  groupIndex: Int32Array[];
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

/**
 * What a stage of an event table is in one pipeline, by the table's stage number: its position in
 * the pipeline's order (-1: none) and whether it is a won or a lost stage. Looked up for every entry
 * of millions: an array read instead of a few hash lookups.
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

// Flags of a deal's time in a stage (DealWalk.flags).
/** The deal's last visit is to this stage and still runs. */
const OPEN = 1;
/** A visit has no known end (closed deal without closed_at). */
const UNKNOWN_END = 2;
/** A visit starts inside the period (always set without a period). */
const IN_PERIOD = 4;
/** The deal went further in the order after its first entry here (or was won). */
const MOVED_ON = 8;

/**
 * One deal's visits, moves and loss (`walkDeal`): per stage the deal visited, in the order of its
 * first entry there, the stage's number in the event table, its time summed over the visits, flags
 * and the position of the first entry. Columns reused deal after deal: a million deals make no
 * object each.
 */
class DealWalk {
  /** Stages visited: entries `[0, count)` of the columns below. */
  count = 0;
  stage = new Int32Array(16);
  hours = new Float64Array(16);
  flags = new Uint8Array(16);
  firstPos = new Int32Array(16);
  /** The stage (table number) the deal was lost in; -1: not lost. */
  lostStage = -1;
  closedBeforeLastEntry = false;
  /** The last visit needed a close date the deal does not have. */
  unknownEnd = false;
  /** Per entry: the furthest position in the order entered after it. */
  furthest = new Float64Array(16);

  /** Room for a deal of `n` entries (it visits at most `n` stages). */
  start(n: number): void {
    if (this.stage.length < n) {
      const size = Math.max(n, 2 * this.stage.length);
      this.stage = new Int32Array(size);
      this.hours = new Float64Array(size);
      this.flags = new Uint8Array(size);
      this.firstPos = new Int32Array(size);
      this.furthest = new Float64Array(size);
    }
    this.count = 0;
    this.lostStage = -1;
    this.closedBeforeLastEntry = false;
    this.unknownEnd = false;
  }
}

/**
 * Visits, moves and loss of one deal, whose entries are event numbers `entries[from]` …
 * `entries[to - 1]` of `table` (model/entry-groups.ts), into `w`; linear in its entries (and in the
 * handful of stages it visits).
 */
function walkDeal(
  w: DealWalk,
  table: EventTable,
  entries: Int32Array,
  from: number,
  to: number,
  look: StageLookup,
  closing: Closing,
  dealWon: boolean,
  dealLost: boolean,
  asOfMs: number,
  period: Period | undefined,
): void {
  const n = to - from;
  w.start(n);
  const { stageIndex: stageOf, enteredMs } = table;
  const { stage, hours, flags, firstPos } = w;

  for (let i = 0; i < n; i++) {
    const s = stageOf[entries[from + i]!]!;
    if (look.won[s] === 1 || look.lost[s] === 1) continue;
    const start = enteredMs[entries[from + i]!]!;
    let h = 0;
    let f = 0;
    if (i + 1 < n) h = (enteredMs[entries[from + i + 1]!]! - start) / HOUR_MS;
    else if (closing.kind === 'open') {
      h = (asOfMs - start) / HOUR_MS;
      f = OPEN;
    } else if (closing.kind === 'closed') {
      const end = closing.at;
      if (end < start) w.closedBeforeLastEntry = true;
      h = Math.max(0, end - start) / HOUR_MS;
    } else {
      f = UNKNOWN_END;
      w.unknownEnd = true;
    }
    if (period === undefined || containsMs(period, start)) f |= IN_PERIOD;
    let t = 0;
    while (t < w.count && stage[t] !== s) t++;
    if (t < w.count) {
      hours[t] = hours[t]! + h;
      flags[t]! |= f;
    } else {
      stage[t] = s;
      hours[t] = h;
      flags[t] = f;
      firstPos[t] = i;
      w.count++;
    }
  }

  // furthest[i]: the furthest position in the order entered after entry i (won = beyond the end;
  // lost and unconfigured stages have no position).
  const furthest = w.furthest;
  if (n > 0) furthest[n - 1] = -Infinity;
  for (let i = n - 2; i >= 0; i--) {
    const next = stageOf[entries[from + i + 1]!]!;
    const at = look.rank[next]!;
    const rank = look.won[next] === 1 ? Infinity : at === -1 ? -Infinity : at;
    furthest[i] = Math.max(rank, furthest[i + 1]!);
  }
  for (let t = 0; t < w.count; t++) {
    const k = look.rank[stage[t]!]!;
    if (k !== -1 && (dealWon || furthest[firstPos[t]!]! > k)) flags[t]! |= MOVED_ON;
  }

  const last = n > 0 ? stageOf[entries[to - 1]!]! : -1;
  const lost = last !== -1 && (look.lost[last] === 1 || (dealLost && look.won[last] !== 1));
  if (lost) {
    for (let i = n - 1; i >= 0; i--) {
      const s = stageOf[entries[from + i]!]!;
      if (look.won[s] !== 1 && look.lost[s] !== 1) {
        w.lostStage = s;
        break;
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Aggregation per block (pipeline, or pipeline × group).

interface StageAcc {
  stage: string;
  configured: boolean;
  /** The stage's SLA in hours, when it has one. */
  slaHours: number | undefined;
  entered: number;
  movedOn: number;
  lostHere: number;
  durations: Samples;
  open: Samples;
  slaBreaches: number;
}

class BlockAcc {
  readonly stages = new Map<string, StageAcc>();
  readonly extra: string[] = [];
  /** The accumulator of each stage of the event table, by its number, once looked up. */
  private readonly byIndex: Array<StageAcc | undefined>;
  deals = 0;

  constructor(
    readonly p: CompiledPipeline,
    readonly group: string[],
    /** The event table's stages (`DealWalk.stage` numbers them). */
    private readonly tableStages: readonly string[],
  ) {
    for (const s of p.config.stages) this.stages.set(s, newStageAcc(s, true, p.config));
    this.byIndex = new Array<StageAcc | undefined>(tableStages.length);
  }

  add(w: DealWalk): void {
    this.deals++;
    for (let t = 0; t < w.count; t++) {
      const s = w.stage[t]!;
      const acc = this.byIndex[s] ?? this.accOf(s);
      const hours = w.hours[t]!;
      const f = w.flags[t]!;
      if (f & OPEN) acc.open.push(hours);
      if (!(f & IN_PERIOD)) continue;
      acc.entered++;
      if (f & MOVED_ON) acc.movedOn++;
      if (w.lostStage === s) acc.lostHere++;
      if (f & UNKNOWN_END) continue;
      if (!(f & OPEN)) acc.durations.push(hours);
      if (acc.slaHours !== undefined && hours > acc.slaHours) acc.slaBreaches++;
    }
  }

  private accOf(stageIndex: number): StageAcc {
    const stage = this.tableStages[stageIndex]!;
    let acc = this.stages.get(stage);
    if (!acc) {
      acc = newStageAcc(stage, false, this.p.config);
      this.stages.set(stage, acc);
      this.extra.push(stage);
    }
    this.byIndex[stageIndex] = acc;
    return acc;
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

function newStageAcc(stage: string, configured: boolean, config: FunnelPipelineConfig): StageAcc {
  const sla = config.sla_days[stage];
  return { stage, configured, slaHours: sla === undefined ? undefined : sla * 24, entered: 0, movedOn: 0, lostHere: 0, durations: new Samples(), open: new Samples(), slaBreaches: 0 };
}

function stageRow(acc: StageAcc, config: FunnelPipelineConfig): FunnelStageRow {
  const durations = acc.durations.view();
  const [median, p90] = percentiles(durations, [50, 90]);
  const sla = acc.configured ? (config.sla_days[acc.stage] ?? null) : null;
  return {
    stage: acc.stage,
    configured: acc.configured,
    entered: acc.entered,
    movedOn: acc.configured ? acc.movedOn : null,
    conversionToNext: acc.configured && acc.entered > 0 ? acc.movedOn / acc.entered : null,
    lostHere: acc.lostHere,
    finished: durations.length,
    medianHours: median ?? null,
    p90Hours: p90 ?? null,
    meanHours: meanOf(durations),
    openNow: acc.open.length,
    openMedianHours: percentiles(acc.open.view(), [50])[0] ?? null,
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
  if (!sameFields(deals.by, by)) {
    throw new Error(`computeFunnel: the deals were taken by ${fieldList(deals.by)}, the funnel is by ${fieldList(by)}`);
  }
  const names = Object.keys(pipelines);
  const compiled = new Map(names.map((name) => [name, compile(name, pipelines[name]!)]));
  const stagesOfPipeline = new Map(names.map((name) => [name, new Set([...pipelines[name]!.stages, ...pipelines[name]!.won, ...pipelines[name]!.lost])]));
  const reported = options.pipeline === undefined ? names : names.filter((n) => n === options.pipeline);

  // Deal id → position in `deals` (-1: not a deal of the deals file); which deals have a history.
  const dealIds = deals.idList();
  const dealAt = positionsOf(dealIds);
  const hasHistory = new Uint8Array(deals.count);

  const asOfMs = asOf.getTime();
  const table = eventsUpTo(events, asOfMs);
  const walk = new DealWalk();
  const grouped = table.grouped ?? groupEntries(table);
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

  const wide = new Map<string, BlockAcc>(reported.map((name) => [name, new BlockAcc(compiled.get(name)!, [], table.stages)]));
  const groups = new Map<string, BlockAcc>();
  const unconfiguredPipelines = new Map<string, number>();
  // pipeline\0stage → entries (collapsed), deals, first event
  const strayStages = new Map<string, { pipeline: string; stage: string; entries: number; deals: number; first: number }>();

  for (let k = 0; k < grouped.deals.length; k++) {
    const dealIndex = grouped.deals[k]!;
    const from = grouped.start[k]!;
    const to = grouped.start[k + 1]!;
    const at = dealAt(table.dealIds, dealIndex);
    if (at !== -1) hasHistory[at] = 1;
    let pipelineName = at === -1 ? undefined : deals.pipeline(at);
    const pipelineOf = table.pipelineIndex;
    for (let j = from; pipelineName === undefined && pipelineOf !== undefined && j < to; j++) {
      const i = pipelineOf[grouped.entries[j]!]!;
      if (i !== -1) pipelineName = table.pipelines[i];
    }
    if (pipelineName === undefined && names.length === 1) pipelineName = names[0];
    let byStages = false;
    if (pipelineName === undefined && names.length > 1) {
      // A deal the deals file lacks, in a config of several pipelines: the one pipeline whose stages
      // hold every stage of its history (several or none: it cannot be told).
      const holding = names.filter((name) => {
        const own = stagesOfPipeline.get(name)!;
        for (let j = from; j < to; j++) if (!own.has(table.stages[table.stageIndex[grouped.entries[j]!]!]!)) return false;
        return true;
      });
      if (holding.length === 1) {
        pipelineName = holding[0];
        byStages = true;
      }
    }
    const p = pipelineName === undefined ? undefined : compiled.get(pipelineName);
    if (at === -1) {
      const dealId = dealIdAt(table.dealIds, dealIndex);
      const count = grouped.events[k]!;
      stats.unknownDeals++;
      stats.unknownDealEvents += count;
      const its = `its ${count} stage event${count === 1 ? '' : 's'}`;
      let reason: string;
      if (pipelineName === undefined) reason = `${its} do not say which pipeline it is in, and their stages fit none or several of the config's ${names.length}: left out of the funnel`;
      else if (!p) reason = `${its} are in pipeline "${pipelineName}", which is not in the config: left out of the funnel`;
      else reason = `${its} are counted in pipeline "${pipelineName}"${byStages ? `, the only one whose stages hold them` : ''} (no manager)`;
      if (!p) stats.unknownDealsSkipped++;
      diagnostics.push({
        ...srcOf(grouped.entries[from]!),
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
    walkDeal(walk, table, grouped.entries, from, to, look, closing, settled && status === 'won', settled && status === 'lost', asOfMs, period);
    if (walk.closedBeforeLastEntry) stats.closedBeforeLastEntry++;
    if (walk.unknownEnd) stats.closedWithoutDate++;

    let strayHere: Set<string> | undefined;
    for (let j = from; j < to; j++) {
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

    block.add(walk);
    if (by.length > 0) {
      const values = at !== -1 ? deals.group(at) : by.map(() => NO_VALUE);
      const key = `${pipelineName}\u0000${values.join('\u0000')}`;
      let g = groups.get(key);
      if (!g) {
        g = new BlockAcc(p, values, table.stages);
        groups.set(key, g);
      }
      g.add(walk);
    }
  }

  // By id, as the events see the deals (a repeated id is one deal).
  for (let i = 0; i < deals.count; i++) {
    if (hasHistory[dealAt(dealIds, i)] === 0 && reported.includes(deals.pipeline(i))) stats.dealsWithoutHistory++;
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
  const byManager = new Map<string, { deals: number; waiting: number; hours: Samples }>();
  const all = { deals: 0, waiting: 0, hours: new Samples() };
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
      acc = { deals: 0, waiting: 0, hours: new Samples() };
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

  const row = (manager: string, a: { deals: number; waiting: number; hours: Samples }): FirstResponseRow => {
    const [median, p90] = percentiles(a.hours.view(), [50, 90]);
    return {
      manager,
      deals: a.deals,
      responded: a.hours.length,
      medianHours: median ?? null,
      p90Hours: p90 ?? null,
      waiting: a.waiting,
    };
  };
  const rows = [...byManager].sort((a, b) => compareText(a[0], b[0])).map(([m, a]) => row(m, a));
  return { rows, total: row('Total', all), dealsWithoutHistory, changeBeforeCreation };
}
