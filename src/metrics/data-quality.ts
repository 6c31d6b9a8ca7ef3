// What `doctor` checks: is this export and config usable, and what is wrong where. Pure: it looks
// at records, counts and diagnostics already read, never at files.
import type { Diagnostic } from '../model/diagnostic.js';
import type { Deal, StageEvent } from '../model/records.js';

export interface DataQualityInput {
  deals: readonly Deal[];
  events?: readonly StageEvent[];
  diagnostics: readonly Diagnostic[];
  /** Pipelines of the config: name → stages, won, lost. */
  pipelines: Readonly<Record<string, { stages: readonly string[]; won: readonly string[]; lost: readonly string[] }>>;
  /** Managers on the commission team, if the config has one. */
  team: readonly string[];
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
  eventsForUnknownDeals: number;
  unknownDealIds: string[];
  rowsSkipped: number;
  rowsKept: number;
  /** Usable: at least one deal was read, and no file lost more than half of its rows. */
  usable: boolean;
  /** Why not, when not usable. */
  unusableReason?: string;
}

export function checkDataQuality(input: DataQualityInput): DataQuality {
  const { deals, events = [], diagnostics, pipelines } = input;
  const counts = { total: deals.length, open: 0, won: 0, lost: 0 };
  let createdRange: { from: Date; to: Date } | undefined;
  let closedRange: { from: Date; to: Date } | undefined;
  const widen = (r: { from: Date; to: Date } | undefined, d: Date) =>
    r === undefined ? { from: d, to: d } : { from: d < r.from ? d : r.from, to: d > r.to ? d : r.to };
  const byManager = new Map<string, number>();
  let closedBeforeCreated = 0;
  let wonWithoutCloseDate = 0;
  const ids = new Set<string>();

  // stage key `pipeline\u0000stage` → counts
  const stageDeals = new Map<string, number>();
  const stageEvents = new Map<string, number>();
  const key = (p: string, s: string) => `${p}\u0000${s}`;
  const pipelineOf = new Map<string, string>();

  for (const d of deals) {
    counts[d.status]++;
    ids.add(d.id);
    pipelineOf.set(d.id, d.pipeline);
    createdRange = widen(createdRange, d.createdAt);
    if (d.closedAt) {
      closedRange = widen(closedRange, d.closedAt);
      if (d.closedAt < d.createdAt) closedBeforeCreated++;
    } else if (d.status === 'won') wonWithoutCloseDate++;
    byManager.set(d.manager, (byManager.get(d.manager) ?? 0) + 1);
    if (d.stage !== undefined) stageDeals.set(key(d.pipeline, d.stage), (stageDeals.get(key(d.pipeline, d.stage)) ?? 0) + 1);
  }

  const unknown = new Set<string>();
  let eventsForUnknownDeals = 0;
  for (const e of events) {
    const pipeline = pipelineOf.get(e.dealId) ?? e.pipeline;
    if (!ids.has(e.dealId)) {
      eventsForUnknownDeals++;
      unknown.add(e.dealId);
    }
    if (pipeline !== undefined) stageEvents.set(key(pipeline, e.stage), (stageEvents.get(key(pipeline, e.stage)) ?? 0) + 1);
  }

  const stages: StageCheck[] = [];
  const seen = new Set<string>();
  for (const [pipeline, p] of Object.entries(pipelines)) {
    for (const stage of [...p.stages, ...p.won, ...p.lost]) {
      const k = key(pipeline, stage);
      seen.add(k);
      const dealsHere = stageDeals.get(k) ?? 0;
      const eventsHere = stageEvents.get(k) ?? 0;
      stages.push({ pipeline, stage, deals: dealsHere, events: eventsHere, status: dealsHere + eventsHere > 0 ? 'ok' : 'not in data' });
    }
  }
  const dataKeys = new Set([...stageDeals.keys(), ...stageEvents.keys()]);
  const extra = [...dataKeys].filter((k) => !seen.has(k)).sort();
  for (const k of extra) {
    const [pipeline, stage] = k.split('\u0000') as [string, string];
    stages.push({ pipeline, stage, deals: stageDeals.get(k) ?? 0, events: stageEvents.get(k) ?? 0, status: 'not in config' });
  }

  const team = new Set(input.team);
  const managers = [...byManager.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([manager, n]) => ({ manager, deals: n, onTeam: team.size === 0 ? null : team.has(manager) }));
  const pipelinesInData = new Set(deals.map((d) => d.pipeline));
  const configured = Object.keys(pipelines);

  const result: DataQuality = {
    deals: counts,
    managers,
    teamWithoutDeals: input.team.filter((m) => !byManager.has(m)),
    pipelinesNotInConfig: configured.length === 0 ? [] : [...pipelinesInData].filter((p) => !(p in pipelines)).sort(),
    stages,
    duplicateIds: diagnostics.filter((d) => d.code === 'duplicate-id' || d.code === 'product-rows').length,
    closedBeforeCreated,
    wonWithoutCloseDate,
    eventsForUnknownDeals,
    unknownDealIds: [...unknown].slice(0, 10),
    rowsSkipped: diagnostics.filter((d) => d.action === 'skipped').length,
    rowsKept: diagnostics.filter((d) => d.action === 'kept').length,
    usable: deals.length > 0,
  };
  // Numbers built on a file that lost most of its rows would mislead more than they inform.
  const mostlySkipped = (input.files ?? []).find((f) => f.rowsRead > 0 && f.rowsSkipped * 2 > f.rowsRead);
  if (deals.length === 0) result.unusableReason = 'no deal could be read';
  else if (mostlySkipped) {
    result.usable = false;
    result.unusableReason = `${mostlySkipped.file}: ${mostlySkipped.rowsSkipped} of ${mostlySkipped.rowsRead} rows were skipped — check the mapping, encoding, date_format and decimal settings`;
  }
  if (createdRange) result.createdRange = createdRange;
  if (closedRange) result.closedRange = closedRange;
  return result;
}
