// doctor's checks (metrics/data-quality.ts) against the rules written out the plain way — a key per
// (pipeline, stage), a set of ids, a scan of every event — on random deals and histories with
// unknown deals, events that name their own pipeline, stages the config does not know and labels
// that sort tricky ("A" before "A B", Cyrillic, an empty-looking one).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkDataQuality } from '../../src/metrics/data-quality.js';
import { packEvents } from '../../src/model/event-table.js';
import { stageEvent, type Deal, type StageEvent } from '../../src/model/records.js';

const PIPELINES = { Sales: { stages: ['New', 'Talks'], won: ['Won'], lost: ['Lost'] }, Retail: { stages: ['New', 'Offer'], won: ['Won'], lost: ['Lost'] } };
const STAGES = ['New', 'Talks', 'Offer', 'Won', 'Lost', 'Сделка', 'A', 'A B'];

/** The rules, the plain way. */
function reference(deals: readonly Deal[], events: readonly StageEvent[]) {
  const key = (p: string, s: string) => `${p}\u0000${s}`;
  const pipelineOf = new Map(deals.map((d) => [d.id, d.pipeline]));
  const stageDeals = new Map<string, number>();
  const stageEvents = new Map<string, number>();
  for (const d of deals) if (d.stage !== undefined) stageDeals.set(key(d.pipeline, d.stage), (stageDeals.get(key(d.pipeline, d.stage)) ?? 0) + 1);
  const unknown = new Set<string>();
  let eventsForUnknownDeals = 0;
  for (const e of events) {
    if (!pipelineOf.has(e.dealId)) {
      eventsForUnknownDeals++;
      unknown.add(e.dealId);
    }
    const p = pipelineOf.get(e.dealId) ?? e.pipeline;
    if (p !== undefined) stageEvents.set(key(p, e.stage), (stageEvents.get(key(p, e.stage)) ?? 0) + 1);
  }
  const configured = Object.entries(PIPELINES).flatMap(([p, c]) => [...c.stages, ...c.won, ...c.lost].map((s) => key(p, s)));
  const stages = configured.map((k) => {
    const [pipeline, stage] = k.split('\u0000') as [string, string];
    const n = (stageDeals.get(k) ?? 0) + (stageEvents.get(k) ?? 0);
    return { pipeline, stage, deals: stageDeals.get(k) ?? 0, events: stageEvents.get(k) ?? 0, status: n > 0 ? 'ok' : 'not in data' };
  });
  const extra = [...new Set([...stageDeals.keys(), ...stageEvents.keys()])].filter((k) => !configured.includes(k)).sort();
  for (const k of extra) {
    const [pipeline, stage] = k.split('\u0000') as [string, string];
    stages.push({ pipeline, stage, deals: stageDeals.get(k) ?? 0, events: stageEvents.get(k) ?? 0, status: 'not in config' });
  }
  const times = (xs: number[]) => (xs.length === 0 ? undefined : { from: new Date(Math.min(...xs)), to: new Date(Math.max(...xs)) });
  return {
    stages,
    eventsForUnknownDeals,
    unknownDealIds: [...unknown].slice(0, 10),
    createdRange: times(deals.map((d) => d.createdAt.getTime())),
    closedRange: times(deals.flatMap((d) => (d.closedAt ? [d.closedAt.getTime()] : []))),
    closedBeforeCreated: deals.filter((d) => d.closedAt && d.closedAt < d.createdAt).length,
    pipelinesNotInConfig: [...new Set(deals.map((d) => d.pipeline))].filter((p) => !(p in PIPELINES)).sort(),
  };
}

const day = (n: number) => new Date(Date.UTC(2025, 0, 1) + n * 86_400_000);

describe('checkDataQuality', () => {
  it('follows the rules on random deals and histories', () => {
    const deal = fc.record({
      id: fc.integer({ min: 1, max: 40 }).map(String),
      pipeline: fc.constantFrom('Sales', 'Retail', 'Wholesale', 'Sales '),
      stage: fc.option(fc.constantFrom(...STAGES), { nil: undefined }),
      status: fc.constantFrom('open' as const, 'won' as const, 'lost' as const),
      created: fc.integer({ min: 0, max: 300 }),
      closed: fc.option(fc.integer({ min: 0, max: 300 }), { nil: undefined }),
    });
    const event = fc.tuple(fc.oneof(fc.integer({ min: 1, max: 50 }).map(String), fc.constant('zcrm_77')), fc.constantFrom(...STAGES), fc.option(fc.constantFrom('Sales', 'Partners'), { nil: undefined }));
    fc.assert(
      fc.property(fc.uniqueArray(deal, { selector: (d) => d.id, maxLength: 30 }), fc.array(event, { maxLength: 60 }), (rows, eventRows) => {
        const deals: Deal[] = rows.map((r, i) => ({
          id: r.id,
          manager: 'M',
          pipeline: r.pipeline,
          ...(r.stage !== undefined ? { stage: r.stage } : {}),
          status: r.status,
          createdAt: day(r.created),
          ...(r.closed !== undefined ? { closedAt: day(r.closed) } : {}),
          fields: {},
          src: { file: 'deals.csv', line: i + 2 },
        }));
        const events = eventRows.map(([id, stage, pipeline], i) => stageEvent(id, stage, day(i).getTime(), 'history.csv', i + 2, pipeline));
        const q = checkDataQuality({ deals, ...(events.length > 0 ? { events: packEvents(events) } : {}), diagnostics: [], pipelines: PIPELINES, team: [], timezone: 'UTC' });
        const r = reference(deals, events);
        expect({
          stages: q.stages,
          eventsForUnknownDeals: q.eventsForUnknownDeals,
          unknownDealIds: q.unknownDealIds,
          createdRange: q.createdRange,
          closedRange: q.closedRange,
          closedBeforeCreated: q.closedBeforeCreated,
          pipelinesNotInConfig: q.pipelinesNotInConfig,
        }).toEqual(r);
      }),
      { numRuns: 2000 },
    );
  });
});
