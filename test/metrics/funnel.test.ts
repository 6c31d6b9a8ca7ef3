// Unit tests of the funnel metric on hand-built histories. Times are hours after T0 (UTC), so every
// expected duration below can be read straight off the events.
import { describe, expect, it } from 'vitest';
import { packEvents } from '../../src/model/event-table.js';
import { computeFirstResponse, computeFunnel, FunnelDeals, type FunnelOptions, type FunnelPipelineConfig, type FunnelResult, type FunnelStageRow } from '../../src/metrics/funnel.js';
import { parsePeriod } from '../../src/model/period.js';
import type { Deal, DealStatus, StageEvent } from '../../src/model/records.js';
import { bar } from '../../src/report/views/funnel-view.js';

const T0 = Date.UTC(2025, 2, 3); // Monday 2025-03-03 00:00 UTC
const at = (h: number) => new Date(T0 + h * 3_600_000);

let line = 1;
/** One stage event, `h` hours after T0; lines count up in the order events are built (= file order). */
function ev(dealId: string, stage: string, h: number, extra: Partial<StageEvent> = {}): StageEvent {
  line++;
  return { dealId, stage, enteredMs: at(h).getTime(), src: { file: 'history.csv', line }, ...extra };
}

function deal(id: string, opts: { status?: DealStatus; closedAt?: number; created?: number; manager?: string; pipeline?: string } = {}): Deal {
  const d: Deal = {
    id,
    manager: opts.manager ?? 'Anna',
    pipeline: opts.pipeline ?? 'default',
    status: opts.status ?? 'open',
    createdAt: at(opts.created ?? 0),
    fields: {},
    src: { file: 'deals.csv', line: 2 },
  };
  if (opts.closedAt !== undefined) d.closedAt = at(opts.closedAt);
  return d;
}

const PIPELINE: FunnelPipelineConfig = { stages: ['A', 'B', 'C', 'D'], won: ['Won'], lost: ['Lost'], sla_days: { A: 1, B: 2 } };
const CONFIG = { default: PIPELINE };
const AS_OF = at(100);

function funnel(deals: Deal[], events: StageEvent[], options: Partial<FunnelOptions> = {}, config: Record<string, FunnelPipelineConfig> = CONFIG): FunnelResult {
  return computeFunnel(deals, packEvents(events), config, { asOf: AS_OF, ...options });
}

function row(result: FunnelResult, stage: string, pipeline = 'default'): FunnelStageRow {
  const block = result.pipelines.find((b) => b.pipeline === pipeline);
  const r = block?.stages.find((s) => s.stage === stage);
  if (!r) throw new Error(`no row for ${pipeline} / ${stage}`);
  return r;
}

describe('FunnelDeals (the deals as columns)', () => {
  const many = Array.from({ length: 3000 }, (_, i) =>
    deal(String(5000 + i), { status: (['open', 'won', 'lost'] as const)[i % 3], ...(i % 3 === 0 ? {} : i % 7 === 0 ? {} : { closedAt: 50 + (i % 40) }), manager: `M${i % 13}`, pipeline: i % 5 === 0 ? 'other' : 'default' }),
  );
  const events = many.flatMap((d, i) => [ev(d.id, 'A', i % 30), ev(d.id, i % 2 ? 'B' : 'Lost', 30 + (i % 20))]);
  const config = { default: PIPELINE, other: PIPELINE };

  it('give the funnel of the deal objects, grown past their first size, by nothing or by fields', () => {
    for (const by of [[], ['manager'], ['pipeline', 'status']]) {
      const options = { asOf: AS_OF, by };
      const columns = new FunnelDeals(by);
      for (const d of many) columns.add(d);
      expect(computeFunnel(columns, packEvents(events), config, options)).toEqual(computeFunnel(many, packEvents(events), config, options));
    }
  });

  it('forget their deals on reset (a read that starts over)', () => {
    const columns = new FunnelDeals(['manager']);
    for (const d of many.slice(0, 2000)) columns.add(deal(d.id, { manager: 'Someone else', status: 'won', closedAt: 1 }));
    columns.reset();
    for (const d of many) columns.add(d);
    const options = { asOf: AS_OF, by: ['manager'] };
    expect(columns.count).toBe(many.length);
    expect(computeFunnel(columns, packEvents(events), config, options)).toEqual(computeFunnel(many, packEvents(events), config, options));
  });

  it('take in the columns of parts (read in threads) as if each deal had been added, in order', () => {
    for (const by of [[], ['manager'], ['pipeline', 'status']]) {
      const options = { asOf: AS_OF, by };
      // Parts that see texts in other orders (managers, pipelines), one empty, one with a text id.
      const cuts = [0, 700, 700, 1901, 3000];
      const parts = cuts.slice(1).map((end, k) => FunnelDeals.of(many.slice(cuts[k], end), by));
      const joined = parts[0]!;
      for (const part of parts.slice(1)) joined.absorb(structuredClone(part.state()));
      joined.add(deal('X-1', { manager: 'Zed' }));
      const whole = [...many, deal('X-1', { manager: 'Zed' })];
      expect(joined.count).toBe(whole.length);
      const added = FunnelDeals.of(whole, by);
      const columns = (t: FunnelDeals) => Array.from({ length: t.count }, (_, i) => [t.id(i), t.pipeline(i), t.statusOf(i), t.closedMs(i), t.group(i)]);
      expect(columns(joined)).toEqual(columns(added));
      expect(computeFunnel(joined, packEvents(events), config, options)).toEqual(computeFunnel(whole, packEvents(events), config, options));
    }
    expect(() => new FunnelDeals(['manager']).absorb(new FunnelDeals([]).state())).toThrow(/taken by nothing/);
  });

  it('refuse a funnel by other fields than they were taken by', () => {
    expect(() => computeFunnel(new FunnelDeals(['manager']), packEvents([]), config, { asOf: AS_OF, by: ['source'] })).toThrow(/taken by manager/);
  });
});

describe('computeFunnel: visits', () => {
  it('re-entry into an earlier stage: the visits add up', () => {
    // A 0–10, B 10–30, A 30–35 (re-entry), B 35–50, C 50– open to as-of (100).
    const r = funnel([deal('1')], [ev('1', 'A', 0), ev('1', 'B', 10), ev('1', 'A', 30), ev('1', 'B', 35), ev('1', 'C', 50)]);
    expect(row(r, 'A')).toMatchObject({ entered: 1, movedOn: 1, finished: 1, medianHours: 15, meanHours: 15 });
    expect(row(r, 'B')).toMatchObject({ entered: 1, movedOn: 1, medianHours: 35 });
    expect(row(r, 'C')).toMatchObject({ entered: 1, movedOn: 0, medianHours: null, openNow: 1, openMedianHours: 50 });
    // B: 35 h is not over 2 days; A: 15 h not over 1 day.
    expect(row(r, 'A').slaBreaches).toBe(0);
    expect(row(r, 'B').slaBreaches).toBe(0);
  });

  it('a re-entry after moving on still counts as moved on (after the FIRST entry)', () => {
    // B → C → B → lost: B moved on (to C after its first entry) and is also where it was lost.
    const r = funnel([deal('1', { status: 'lost', closedAt: 40 })], [ev('1', 'B', 0), ev('1', 'C', 10), ev('1', 'B', 20), ev('1', 'Lost', 40)]);
    expect(row(r, 'B')).toMatchObject({ entered: 1, movedOn: 1, lostHere: 1, medianHours: 30 });
    expect(row(r, 'C')).toMatchObject({ entered: 1, movedOn: 0, lostHere: 0, medianHours: 10 });
  });

  it('skipped stages: moving past a stage counts as moved on; the skipped stage is not entered', () => {
    const r = funnel([deal('1', { status: 'won', closedAt: 48 })], [ev('1', 'A', 0), ev('1', 'C', 24), ev('1', 'Won', 48)]);
    expect(row(r, 'A')).toMatchObject({ entered: 1, movedOn: 1, conversionToNext: 1, medianHours: 24 });
    expect(row(r, 'B')).toMatchObject({ entered: 0, movedOn: 0, conversionToNext: null, medianHours: null, p90Hours: null, meanHours: null });
    expect(row(r, 'C')).toMatchObject({ entered: 1, movedOn: 1, medianHours: 24 }); // won = moved on
  });

  it('moving back is not moving on', () => {
    const r = funnel([deal('1')], [ev('1', 'C', 0), ev('1', 'A', 5)]);
    expect(row(r, 'C')).toMatchObject({ entered: 1, movedOn: 0, conversionToNext: 0, medianHours: 5 });
    expect(row(r, 'A')).toMatchObject({ openNow: 1, openMedianHours: 95 });
  });

  it('an open deal: its last visit runs to as-of and is open, not a duration', () => {
    const r = funnel([deal('1')], [ev('1', 'A', 0), ev('1', 'B', 10)]);
    expect(row(r, 'A')).toMatchObject({ medianHours: 10, openNow: 0 });
    expect(row(r, 'B')).toMatchObject({ entered: 1, finished: 0, medianHours: null, openNow: 1, openMedianHours: 90 });
    // 90 h > 2 days: an open deal breaks the SLA too.
    expect(row(r, 'B').slaBreaches).toBe(1);
  });

  it('a lost deal: lost_here is the last stage before the lost entry', () => {
    const r = funnel([deal('1', { status: 'lost', closedAt: 20 })], [ev('1', 'A', 0), ev('1', 'B', 5), ev('1', 'Lost', 20)]);
    expect(row(r, 'B')).toMatchObject({ entered: 1, movedOn: 0, lostHere: 1, medianHours: 15, openNow: 0 });
    expect(row(r, 'A')).toMatchObject({ movedOn: 1, lostHere: 0 });
  });

  it('a lost deal without a lost entry: the last visit ends at closed_at, lost there', () => {
    const r = funnel([deal('1', { status: 'lost', closedAt: 7 })], [ev('1', 'A', 0)]);
    expect(row(r, 'A')).toMatchObject({ entered: 1, lostHere: 1, medianHours: 7, openNow: 0 });
  });

  it('duplicate consecutive rows are one visit, not a re-entry', () => {
    const r = funnel([deal('1')], [ev('1', 'A', 0), ev('1', 'A', 5), ev('1', 'B', 10)]);
    expect(row(r, 'A')).toMatchObject({ entered: 1, medianHours: 10 });
    expect(r.stats.collapsed).toBe(1);
  });

  it('a deal with a single event: open to as-of, or ended by closed_at', () => {
    const open = funnel([deal('1')], [ev('1', 'A', 0)]);
    expect(row(open, 'A')).toMatchObject({ entered: 1, movedOn: 0, finished: 0, openNow: 1, openMedianHours: 100 });
    const won = funnel([deal('1', { status: 'won', closedAt: 30 })], [ev('1', 'A', 0)]);
    expect(row(won, 'A')).toMatchObject({ entered: 1, movedOn: 1, medianHours: 30, openNow: 0, lostHere: 0 });
  });

  it('ties: equal timestamps keep file order and are reported', () => {
    const ab = funnel([deal('1')], [ev('1', 'A', 0), ev('1', 'B', 0), ev('1', 'C', 10)]);
    expect(row(ab, 'A').medianHours).toBe(0);
    expect(row(ab, 'B').medianHours).toBe(10);
    expect(ab.stats.ties).toBe(1);
    expect(ab.stats.tieExamples).toHaveLength(1);
    const ba = funnel([deal('1')], [ev('1', 'B', 0), ev('1', 'A', 0), ev('1', 'C', 10)]);
    expect(row(ba, 'B').medianHours).toBe(0);
    expect(row(ba, 'A').medianHours).toBe(10);
  });

  it('events out of time order are sorted and counted', () => {
    const r = funnel([deal('1', { status: 'lost', closedAt: 30 })], [ev('1', 'Lost', 30), ev('1', 'B', 10), ev('1', 'A', 0)]);
    expect(row(r, 'A').medianHours).toBe(10);
    expect(row(r, 'B')).toMatchObject({ medianHours: 20, lostHere: 1 });
    expect(r.stats.outOfOrder).toBeGreaterThan(0);
  });

  it('durations over several deals: median, p90, mean as numpy computes them', () => {
    const deals = ['1', '2', '3', '4'].map((id) => deal(id));
    const events = deals.flatMap((d, i) => [ev(d.id, 'A', 0), ev(d.id, 'B', i + 1)]); // A: 1, 2, 3, 4 h
    const a = row(funnel(deals, events), 'A');
    expect(a.medianHours).toBe(2.5);
    expect(a.p90Hours).toBeCloseTo(3.7, 12);
    expect(a.meanHours).toBe(2.5);
    expect(a.finished).toBe(4);
    expect(row(funnel(deals, events), 'B')).toMatchObject({ openNow: 4, openMedianHours: 97.5 });
  });

  it('SLA: a breach is time in stage strictly over sla_days', () => {
    const deals = [deal('1'), deal('2'), deal('3')];
    const events = [ev('1', 'A', 0), ev('1', 'B', 24), ev('2', 'A', 0), ev('2', 'B', 25), ev('3', 'A', 0), ev('3', 'B', 12), ev('3', 'A', 20), ev('3', 'C', 33)];
    // A: 24 (not over 24), 25 (over), 12 + 13 = 25 (re-entries add up: over)
    expect(row(funnel(deals, events), 'A')).toMatchObject({ slaDays: 1, slaBreaches: 2 });
    expect(row(funnel(deals, events), 'C')).toMatchObject({ slaDays: null, slaBreaches: null });
  });

  it('the bottleneck is the configured stage with the slowest median', () => {
    const r = funnel([deal('1'), deal('2')], [ev('1', 'A', 0), ev('1', 'B', 5), ev('1', 'C', 50), ev('2', 'A', 0), ev('2', 'C', 60)]);
    // A: 5, 60 → median 32.5; B: 45 → the slowest
    expect(r.pipelines[0]!.bottleneck).toBe('B');
  });
});

describe('computeFunnel: as-of, closing, periods', () => {
  it('events after as-of are ignored; a deal closed after as-of is still open', () => {
    const r = funnel([deal('1', { status: 'won', closedAt: 150 })], [ev('1', 'A', 0), ev('1', 'B', 90), ev('1', 'Won', 150)]);
    expect(r.stats.eventsAfterAsOf).toBe(1);
    expect(row(r, 'B')).toMatchObject({ openNow: 1, openMedianHours: 10, movedOn: 0 });
  });

  it('a closed deal without closed_at: the last visit has no end and is left out', () => {
    const r = funnel([deal('1', { status: 'won' })], [ev('1', 'A', 0), ev('1', 'B', 10)]);
    expect(row(r, 'A').medianHours).toBe(10);
    expect(row(r, 'B')).toMatchObject({ entered: 1, movedOn: 1, finished: 0, openNow: 0, medianHours: null });
    expect(r.stats.closedWithoutDate).toBe(1);
    // With a Won entry the end is known and nothing is missing.
    const ok = funnel([deal('1', { status: 'won' })], [ev('1', 'A', 0), ev('1', 'Won', 10)]);
    expect(ok.stats.closedWithoutDate).toBe(0);
    expect(row(ok, 'A').medianHours).toBe(10);
  });

  it('a period counts visits starting in it; open_now stays a snapshot at as-of', () => {
    const ctx = { timezone: 'UTC', weekStartsOn: 'monday' as const, asOf: AS_OF };
    const day = parsePeriod('2025-03-04', ctx); // hours 24..48
    const deals = [deal('1'), deal('2')];
    const events = [ev('1', 'A', 0), ev('1', 'B', 30), ev('2', 'A', 30), ev('2', 'B', 60)];
    const r = funnel(deals, events, { period: day });
    expect(row(r, 'A')).toMatchObject({ entered: 1, movedOn: 1, medianHours: 30 }); // deal 2 only
    expect(row(r, 'B')).toMatchObject({ entered: 1, openNow: 2 }); // deal 1 entered B in the period; both are in B now
  });
});

describe('computeFunnel: data outside the config', () => {
  it('events of deals missing from the deals file: kept in pipeline-wide rows, warned, "(none)" with --by', () => {
    const r = funnel([deal('1', { manager: 'Anna' })], [ev('1', 'A', 0), ev('ghost', 'A', 0), ev('ghost', 'B', 4)], { by: ['manager'] });
    expect(row(r, 'A')).toMatchObject({ entered: 2, movedOn: 1, medianHours: 4 });
    expect(r.stats).toMatchObject({ unknownDeals: 1, unknownDealEvents: 2, unknownDealsSkipped: 0 });
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({ action: 'kept', code: 'unknown-deal', value: 'ghost', line: expect.any(Number) });
    expect(r.diagnostics[0]!.reason).toContain('2 stage events');
    expect(r.groups.map((g) => g.group)).toEqual([['Anna'], ['(none)']]);
  });

  it('unknown deals with several pipelines: the event pipeline, else the one whose stages hold the history, else skipped', () => {
    const two = { default: PIPELINE, retail: { stages: ['X', 'Y', 'A'], won: ['Won'], lost: ['Lost'], sla_days: {} } };
    const r = funnel(
      [],
      [
        ev('g1', 'X', 0, { pipeline: 'retail' }), // the event says retail
        ev('g2', 'B', 0), // B is only default's
        ev('g2', 'C', 5),
        ev('g3', 'Y', 0), // Y is only retail's
        ev('g4', 'A', 0), // A is in both: it cannot be told
        ev('g5', 'B', 0), // B is default's, X retail's: no pipeline holds both
        ev('g5', 'X', 3),
      ],
      {},
      two,
    );
    expect(row(r, 'X', 'retail').entered).toBe(1);
    expect(row(r, 'Y', 'retail').entered).toBe(1);
    expect(row(r, 'B').entered).toBe(1);
    expect(row(r, 'A').entered).toBe(0);
    expect(r.stats.unknownDealsSkipped).toBe(2);
    const said = new Map(r.diagnostics.map((d) => [d.value, d]));
    expect(said.get('g2')).toMatchObject({ action: 'kept', reason: expect.stringContaining('are counted in pipeline "default", the only one whose stages hold them') });
    expect(said.get('g4')).toMatchObject({ action: 'skipped', reason: expect.stringContaining('their stages fit none or several of the config\'s 2') });
    expect(said.get('g5')!.action).toBe('skipped');
  });

  it('a stage not in the config: kept as a row after the configured ones, with a warning', () => {
    const r = funnel([deal('1'), deal('2')], [ev('1', 'A', 0), ev('1', 'Limbo', 5), ev('1', 'B', 8), ev('2', 'Limbo', 0)]);
    const stages = r.pipelines[0]!.stages.map((s) => s.stage);
    expect(stages).toEqual(['A', 'B', 'C', 'D', 'Limbo']);
    expect(row(r, 'Limbo')).toMatchObject({ configured: false, entered: 2, movedOn: null, conversionToNext: null, medianHours: 3, openNow: 1, slaDays: null });
    // Moving into an unplaced stage is not moving on; moving out of it to B is A's moving on.
    expect(row(r, 'A').movedOn).toBe(1);
    expect(r.stats.stagesNotInConfig).toEqual([{ pipeline: 'default', stage: 'Limbo', entries: 2, deals: 2 }]);
    expect(r.diagnostics[0]).toMatchObject({ code: 'stage-not-in-config', action: 'kept', value: 'Limbo' });
  });

  it('deals of a pipeline not in the config are left out and counted; --pipeline picks one', () => {
    const r = funnel([deal('1', { pipeline: 'wholesale' }), deal('2'), deal('3')], [ev('1', 'A', 0), ev('2', 'A', 0)]);
    expect(r.stats.pipelinesNotInConfig).toEqual([{ pipeline: 'wholesale', deals: 1 }]);
    expect(r.stats.dealsWithoutHistory).toBe(1);
    expect(row(r, 'A').entered).toBe(1);
    const two = { default: PIPELINE, retail: { stages: ['X'], won: [], lost: [], sla_days: {} } };
    expect(funnel([deal('2')], [ev('2', 'A', 0)], { pipeline: 'retail' }, two).pipelines.map((b) => b.pipeline)).toEqual(['retail']);
  });
});

describe('computeFirstResponse', () => {
  it('creation to the second entry; closed without one: closed_at; open without one: waiting', () => {
    const deals = [
      deal('1', { manager: 'Anna' }),
      deal('2', { manager: 'Anna', status: 'lost', closedAt: 30 }),
      deal('3', { manager: 'Boris', created: 10 }),
      deal('4', { manager: 'Boris' }),
    ];
    const events = [ev('1', 'A', 0), ev('1', 'A', 2), ev('1', 'B', 6), ev('2', 'A', 0), ev('3', 'A', 10), ev('3', 'Lost', 12)];
    const r = computeFirstResponse(deals, events, { asOf: AS_OF });
    expect(r.rows).toEqual([
      { manager: 'Anna', deals: 2, responded: 2, medianHours: 18, p90Hours: expect.closeTo(27.6, 9), waiting: 0 },
      { manager: 'Boris', deals: 1, responded: 1, medianHours: 2, p90Hours: 2, waiting: 0 },
    ]);
    expect(r.dealsWithoutHistory).toBe(1);
    const waiting = computeFirstResponse([deal('5')], [ev('5', 'A', 0)], { asOf: AS_OF });
    expect(waiting.total).toMatchObject({ deals: 1, responded: 0, waiting: 1, medianHours: null });
  });
});

describe('bar', () => {
  it('scales to 40 characters in eighths; a non-zero value always shows', () => {
    expect(bar(10, 10)).toBe('█'.repeat(40));
    expect(bar(5, 10)).toBe('█'.repeat(20));
    expect(bar(1, 1000)).toBe('▏');
    expect(bar(0, 10)).toBe('');
    expect(bar(81, 100)).toBe(`${'█'.repeat(32)}▍`); // 32.4 chars = 259.2 eighths → 259 = 32 × 8 + 3
  });
});
