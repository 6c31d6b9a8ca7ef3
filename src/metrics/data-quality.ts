// What `doctor` checks: is this export and config usable, and what is wrong where. Pure: it looks
// at records, counts and diagnostics already read, never at files. Linear in the rows: counts per
// (pipeline, stage) are kept in nested maps of the labels as they are (no key made per row), and
// the history's events are taken from its table, each deal looked up once, not once per event.
import { dealIdAt } from '../model/deal-id.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { EventTable } from '../model/event-table.js';
import { closedBeforeCreated, type Deal } from '../model/records.js';

export interface DataQualityInput {
  deals: readonly Deal[];
  events?: EventTable;
  diagnostics: readonly Diagnostic[];
  /** Pipelines of the config: name → stages, won, lost. */
  pipelines: Readonly<Record<string, { stages: readonly string[]; won: readonly string[]; lost: readonly string[] }>>;
  /** Managers on the commission team, if the config has one. */
  team: readonly string[];
  /** The config's zone: a close date without a time is compared by its day there. */
  timezone: string;
  /** Per-file row counts: a file that lost most of its rows is not usable. */
  files?: ReadonlyArray<{ file: string; rowsRead: number; rowsSkipped: number }>;
}

export interface StageCheck {
  pipeline: string;
  stage: string;
  /** Deals currently in the stage (deals file) plus entries into it (history). */
  deals: number;
  events: number;
  /** `ok`: in data and config; `not in config`: the data has it, the config does not; `not in data`: the reverse. */
  status: 'ok' | 'not in config' | 'not in data';
}

export interface DataQuality {
  deals: { total: number; open: number; won: number; lost: number };
  createdRange?: { from: Date; to: Date };
  closedRange?: { from: Date; to: Date };
  managers: Array<{ manager: string; deals: number; onTeam: boolean | null }>;
  /** Team members with no deal at all. */
  teamWithoutDeals: string[];
  pipelinesNotInConfig: string[];
  stages: StageCheck[];
  duplicateIds: number;
  closedBeforeCreated: number;
  wonWithoutCloseDate: number;
  /** Deals in another currency than the config's, per currency code: counted, amounts left out. */
  otherCurrencies: Record<string, number>;
  eventsForUnknownDeals: number;
  unknownDealIds: string[];
  rowsSkipped: number;
  rowsKept: number;
  /**
   * What makes the numbers doubtful though the file is usable: no won deal at all (the won stages
   * or status words are likely not the file's), closed deals without close dates.
   */
  doubts: string[];
  /** Usable: at least one deal was read, and no file lost more than half of its rows. */
  usable: boolean;
  /** Why not, when not usable. */
  unusableReason?: string;
}

/** Counts by pipeline, then stage: no key text made per row. */
class StageCounts {
  readonly byPipeline = new Map<string, Map<string, number>>();

  add(pipeline: string, stage: string, n = 1): void {
    let stages = this.byPipeline.get(pipeline);
    if (stages === undefined) {
      stages = new Map();
      this.byPipeline.set(pipeline, stages);
    }
    stages.set(stage, (stages.get(stage) ?? 0) + n);
  }

  get(pipeline: string, stage: string): number {
    return this.byPipeline.get(pipeline)?.get(stage) ?? 0;
  }
}

export function checkDataQuality(input: DataQualityInput): DataQuality {
  const { deals, events, diagnostics, pipelines } = input;
  const counts = { total: deals.length, open: 0, won: 0, lost: 0 };
  let createdFrom = Infinity;
  let createdTo = -Infinity;
  let closedFrom = Infinity;
  let closedTo = -Infinity;
  const byManager = new Map<string, number>();
  let closedBefore = 0;
  const otherCurrencies: Record<string, number> = {};
  let wonWithoutCloseDate = 0;
  let lostWithoutCloseDate = 0;
  const stageDeals = new StageCounts();
  const stageEvents = new StageCounts();
  const pipelineOf = new Map<string, string>();
  const pipelinesInData = new Set<string>();

  for (const d of deals) {
    counts[d.status]++;
    pipelineOf.set(d.id, d.pipeline);
    pipelinesInData.add(d.pipeline);
    const created = d.createdAt.getTime();
    if (created < createdFrom) createdFrom = created;
    if (created > createdTo) createdTo = created;
    if (d.closedAt) {
      const closed = d.closedAt.getTime();
      if (closed < closedFrom) closedFrom = closed;
      if (closed > closedTo) closedTo = closed;
      if (closedBeforeCreated(created, closed, input.timezone)) closedBefore++;
    } else if (d.status === 'won') wonWithoutCloseDate++;
    else if (d.status === 'lost') lostWithoutCloseDate++;
    byManager.set(d.manager, (byManager.get(d.manager) ?? 0) + 1);
    const foreign = d.foreignCurrency;
    if (foreign !== undefined) otherCurrencies[foreign] = (otherCurrencies[foreign] ?? 0) + 1;
    if (d.stage !== undefined) stageDeals.add(d.pipeline, d.stage);
  }

  const unknown: string[] = [];
  let eventsForUnknownDeals = 0;
  if (events !== undefined) {
    // Per deal of the table: its pipeline in the deals file (undefined: an unknown deal).
    const dealPipeline = Array.from({ length: events.dealIds.count }, (_, i) => pipelineOf.get(dealIdAt(events.dealIds, i)));
    const reported = new Uint8Array(events.dealIds.count);
    // Events per (deal's pipeline or the event's own, stage), counted by index first.
    const perStage = new Map<string, Float64Array>();
    const tally = (pipeline: string, stage: number) => {
      let row = perStage.get(pipeline);
      if (row === undefined) {
        row = new Float64Array(events.stages.length);
        perStage.set(pipeline, row);
      }
      row[stage]!++;
    };
    for (let i = 0; i < events.count; i++) {
      const d = events.dealIndex[i]!;
      const known = dealPipeline[d];
      if (known === undefined) {
        eventsForUnknownDeals++;
        if (reported[d] === 0) {
          reported[d] = 1;
          unknown.push(dealIdAt(events.dealIds, d));
        }
      }
      const own = events.pipelineIndex === undefined ? -1 : events.pipelineIndex[i]!;
      const pipeline = known ?? (own === -1 ? undefined : events.pipelines[own]);
      if (pipeline !== undefined) tally(pipeline, events.stageIndex[i]!);
    }
    for (const [pipeline, row] of perStage) row.forEach((n, stage) => n > 0 && stageEvents.add(pipeline, events.stages[stage]!, n));
  }

  const stages: StageCheck[] = [];
  const seen = new StageCounts();
  for (const [pipeline, p] of Object.entries(pipelines)) {
    for (const stage of [...p.stages, ...p.won, ...p.lost]) {
      seen.add(pipeline, stage);
      const dealsHere = stageDeals.get(pipeline, stage);
      const eventsHere = stageEvents.get(pipeline, stage);
      stages.push({ pipeline, stage, deals: dealsHere, events: eventsHere, status: dealsHere + eventsHere > 0 ? 'ok' : 'not in data' });
    }
  }
  // Stages in the data the config does not know, ordered by pipeline, then stage (code units).
  const extra: Array<[string, string]> = [];
  for (const counted of [stageDeals, stageEvents]) {
    for (const [pipeline, byStage] of counted.byPipeline) {
      for (const stage of byStage.keys()) {
        if (seen.get(pipeline, stage) > 0) continue;
        seen.add(pipeline, stage);
        extra.push([pipeline, stage]);
      }
    }
  }
  extra.sort((a, b) => (a[0] === b[0] ? (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0) : a[0] < b[0] ? -1 : 1));
  for (const [pipeline, stage] of extra) {
    stages.push({ pipeline, stage, deals: stageDeals.get(pipeline, stage), events: stageEvents.get(pipeline, stage), status: 'not in config' });
  }

  const team = new Set(input.team);
  const managers = [...byManager.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([manager, n]) => ({ manager, deals: n, onTeam: team.size === 0 ? null : team.has(manager) }));
  const configured = Object.keys(pipelines);

  const result: DataQuality = {
    deals: counts,
    managers,
    teamWithoutDeals: input.team.filter((m) => !byManager.has(m)),
    pipelinesNotInConfig: configured.length === 0 ? [] : [...pipelinesInData].filter((p) => !(p in pipelines)).sort(),
    stages,
    duplicateIds: diagnostics.filter((d) => d.code === 'duplicate-id' || d.code === 'product-rows').length,
    closedBeforeCreated: closedBefore,
    otherCurrencies,
    wonWithoutCloseDate,
    eventsForUnknownDeals,
    unknownDealIds: unknown.slice(0, 10),
    rowsSkipped: diagnostics.filter((d) => d.action === 'skipped').length,
    rowsKept: diagnostics.filter((d) => d.action === 'kept').length,
    usable: deals.length > 0,
    doubts: [],
  };
  const doubts: string[] = [];
  if (counts.total > 0 && counts.won === 0) {
    doubts.push(
      `no deal is won${counts.lost === 0 ? ' or lost' : ''}: if the file has ${counts.lost === 0 ? 'closed' : 'won'} deals, their stage or status is not among the won${counts.lost === 0 ? '/lost' : ''} words — list them under the pipeline's won${counts.lost === 0 ? '/lost' : ''} stages or data.deals.status`,
    );
  }
  const closedWithoutDate = wonWithoutCloseDate + lostWithoutCloseDate;
  if (closedWithoutDate > 0) {
    const one = closedWithoutDate === 1;
    doubts.push(`${closedWithoutDate} closed deal${one ? ' has' : 's have'} no close date: counted as ${one ? 'a lead' : 'leads'}, left out of won and lost — map closed_at (or its preset's fallback)`);
  }
  result.doubts = doubts;
  // Numbers built on a file that lost most of its rows would mislead more than they inform.
  const mostlySkipped = (input.files ?? []).find((f) => f.rowsRead > 0 && f.rowsSkipped * 2 > f.rowsRead);
  if (deals.length === 0) result.unusableReason = 'no deal could be read';
  else if (mostlySkipped) {
    result.usable = false;
    result.unusableReason = `${mostlySkipped.file}: ${mostlySkipped.rowsSkipped} of ${mostlySkipped.rowsRead} rows were skipped — check the mapping, encoding, date_format and decimal settings`;
  }
  if (createdFrom <= createdTo) result.createdRange = { from: new Date(createdFrom), to: new Date(createdTo) };
  if (closedFrom <= closedTo) result.closedRange = { from: new Date(closedFrom), to: new Date(closedTo) };
  return result;
}
