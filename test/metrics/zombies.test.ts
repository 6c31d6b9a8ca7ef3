// Unit tests of the pure zombies metric (SPEC §4 "zombies"): small builders, one rule per test.
import { describe, expect, it } from 'vitest';
import type { ZombieRule } from '../../src/config/schema.js';
import { lastEntries } from '../../src/model/entry-groups.js';
import { packEvents } from '../../src/model/event-table.js';
import { computeZombies, matchRule, type ZombiesInput } from '../../src/metrics/zombies.js';
import { Big } from '../../src/model/money.js';
import type { Deal, StageEvent } from '../../src/model/records.js';

const TZ = 'Europe/Moscow';
/** 2025-04-30 23:59 in Moscow (UTC+3). */
const AS_OF = new Date('2025-04-30T20:59:00Z');

/** A Moscow wall-clock time `yyyy-MM-ddTHH:mm` as an instant. */
function msk(wall: string): Date {
  return new Date(`${wall}:00+03:00`);
}

function deal(id: string, over: Partial<Deal> = {}): Deal {
  return {
    id,
    title: `Deal ${id}`,
    manager: 'Ivanova',
    pipeline: 'default',
    stage: 'Qualified',
    status: 'open',
    amount: new Big(80000),
    createdAt: msk('2025-04-20T10:00'),
    fields: {},
    src: { file: 'deals.csv', line: 2 },
    ...over,
  };
}

function event(dealId: string, stage: string, at: string, line = 2): StageEvent {
  return { dealId, stage, enteredMs: msk(at).getTime(), src: { file: 'history.csv', line } };
}

const RULES: ZombieRule[] = [
  { name: 'small', amount_below: new Big(50000), max_age_days: 30 },
  { name: 'large', amount_from: new Big(100000), max_age_days: 90 },
  { name: 'default', max_age_days: 60 },
];

function run(deals: Deal[], over: Partial<ZombiesInput> = {}) {
  return computeZombies({
    deals,
    rules: RULES,
    pipelines: { default: { rot_days: { Proposal: 21, Negotiation: 30 } } },
    asOf: AS_OF,
    timezone: TZ,
    ...over,
  });
}

const ids = (vs: { deal: Deal }[]) => vs.map((v) => v.deal.id);

describe('matchRule: amount bands, first match wins', () => {
  it('amount_below is exclusive: exactly 50 000 falls to the next band', () => {
    expect(matchRule(new Big('49999.99'), RULES)?.name).toBe('small');
    expect(matchRule(new Big(50000), RULES)?.name).toBe('default');
  });

  it('amount_from is inclusive: exactly 100 000 is large, 99 999.99 is not', () => {
    expect(matchRule(new Big(100000), RULES)?.name).toBe('large');
    expect(matchRule(new Big('99999.99'), RULES)?.name).toBe('default');
  });

  it('a band with both bounds holds [from, below)', () => {
    const rules: ZombieRule[] = [{ name: 'mid', amount_from: new Big(50000), amount_below: new Big(100000), max_age_days: 45 }];
    expect(matchRule(new Big(50000), rules)?.name).toBe('mid');
    expect(matchRule(new Big(100000), rules)).toBeUndefined();
  });

  it('a deal without an amount takes the first rule without bounds, or none', () => {
    expect(matchRule(undefined, RULES)?.name).toBe('default');
    expect(matchRule(undefined, RULES.slice(0, 2))).toBeUndefined();
  });
});

describe('computeZombies', () => {
  it('band edge end to end: 50 000 aged 45 days is within default (60), 49 999 is an age zombie (small, 30)', () => {
    const created = msk('2025-03-16T12:00'); // 45 days before 2025-04-30
    const r = run([deal('a', { amount: new Big(50000), createdAt: created }), deal('b', { amount: new Big(49999), createdAt: created })]);
    expect(ids(r.zombies)).toEqual(['b']);
    expect(r.zombies[0]).toMatchObject({ ageDays: 45, reasons: ['age'] });
    expect(r.zombies[0]?.rule?.name).toBe('small');
  });

  it('a deal the export calls closed is never a zombie, even when the --as-of view opened it (a close date after as-of)', () => {
    const old = msk('2025-01-10T09:00'); // far over every age limit by 2025-04-30
    const r = run([deal('planned', { createdAt: old, closedLater: 'lost' }), deal('open', { createdAt: old })]);
    expect(ids(r.zombies)).toEqual(['open']);
    expect(r.closedLater).toBe(1);
  });

  it('age is over the limit only when strictly greater: 60 days on a 60-day rule is fine, 61 is not', () => {
    const r = run([
      deal('at', { createdAt: msk('2025-03-01T09:00') }), // 60 days
      deal('over', { createdAt: msk('2025-02-28T09:00') }), // 61 days
    ]);
    expect(ids(r.zombies)).toEqual(['over']);
  });

  it('parked: over its age limit with expected close after as-of — not a zombie for any reason, listed apart', () => {
    const r = run(
      [
        deal('p', {
          createdAt: msk('2025-02-12T10:00'),
          stage: 'Negotiation',
          stageChangedAt: msk('2025-03-01T10:00'), // 60 days in Negotiation (rot 30): would be stuck
          lastActivityAt: msk('2025-03-01T10:00'),
          expectedCloseAt: '2025-05-20',
        }),
      ],
      { maxDaysWithoutActivity: 14 },
    );
    expect(r.zombies).toEqual([]);
    expect(ids(r.parked)).toEqual(['p']);
    expect(r.parked[0]?.reasons).toEqual(['age', 'stuck', 'silent']);
    expect(r.groups).toEqual([{ key: ['Ivanova'], zombies: 0, amountAtRisk: new Big(0), parked: 1, parkedAmount: new Big(80000) }]);
  });

  it('parked needs the age limit: a young deal with a future date is judged on the other reasons', () => {
    const r = run([deal('y', { stage: 'Negotiation', stageChangedAt: msk('2025-03-01T10:00'), createdAt: msk('2025-03-01T10:00'), expectedCloseAt: '2025-06-01' })]);
    expect(r.parked).toEqual([]);
    expect(r.zombies[0]?.reasons).toEqual(['stuck']);
  });

  it('expected close on the as-of date itself: still parked (the date has not passed), overdue the day after', () => {
    const old = { createdAt: msk('2025-01-10T10:00'), expectedCloseAt: '2025-04-30' };
    expect(ids(run([deal('t', old)]).parked)).toEqual(['t']);
    const next = run([deal('t', old)], { asOf: msk('2025-05-01T00:00') });
    expect(next.parked).toEqual([]);
    expect(next.zombies[0]?.reasons).toEqual(['age', 'overdue']);
  });

  it('overdue: expected_close_at before the local date of as-of, even for a young deal', () => {
    const r = run([deal('o', { expectedCloseAt: '2025-04-29' }), deal('ok', { expectedCloseAt: '2025-04-30' })]);
    expect(ids(r.zombies)).toEqual(['o']);
    expect(r.zombies[0]?.reasons).toEqual(['overdue']);
  });

  it('stuck via history: counted from the last entry into the current stage; a re-entry restarts the count', () => {
    const events = [
      event('r', 'Proposal', '2025-03-01T10:00'),
      event('r', 'Negotiation', '2025-03-10T10:00'),
      event('r', 'Proposal', '2025-04-05T10:00'), // re-entry: 25 days > rot 21
      event('s', 'Proposal', '2025-04-15T10:00'), // file order is not time order: sorted first
      event('s', 'Proposal', '2025-03-01T10:00'),
      event('s', 'Negotiation', '2025-03-20T10:00'),
    ];
    const deals = [
      deal('r', { stage: 'Proposal', createdAt: msk('2025-03-01T10:00') }),
      deal('s', { stage: 'Proposal', createdAt: msk('2025-03-01T10:00') }),
    ];
    const r = run(deals, { lastEntries: lastEntries(packEvents(events)) });
    expect(ids(r.zombies)).toEqual(['r']);
    expect(r.zombies[0]).toMatchObject({ daysInStage: 25, stageSource: 'history', stuckLimit: 21, reasons: ['stuck'] });
  });

  it('a repeated stage row (Salesforce save) is collapsed: days count from the first of the repeats', () => {
    const events = [
      event('c', 'New lead', '2025-03-25T10:00'),
      event('c', 'Proposal', '2025-04-01T10:00'),
      event('c', 'Proposal', '2025-04-20T10:00'), // same stage again: one visit
    ];
    const r = run([deal('c', { stage: 'Proposal', createdAt: msk('2025-03-25T10:00') })], { lastEntries: lastEntries(packEvents(events)) });
    expect(ids(r.zombies)).toEqual(['c']);
    expect(r.zombies[0]).toMatchObject({ daysInStage: 29, stageSource: 'history', stuckLimit: 21, reasons: ['stuck'] });
  });

  it('history wins over stage_changed_at; stage_changed_at is the fallback; neither → never stuck', () => {
    const entries = lastEntries(packEvents([event('h', 'Negotiation', '2025-04-20T10:00')]));
    const r = run(
      [
        deal('h', { stage: 'Negotiation', stageChangedAt: msk('2025-02-01T10:00') }),
        deal('f', { stage: 'Negotiation', stageChangedAt: msk('2025-03-20T10:00') }),
        deal('n', { stage: 'Negotiation' }),
      ],
      { lastEntries: entries },
    );
    expect(ids(r.zombies)).toEqual(['f']);
    expect(r.zombies[0]).toMatchObject({ daysInStage: 41, stageSource: 'stage_changed_at', reasons: ['stuck'] });
    expect(r.stageDaysUnknown).toBe(1);
  });

  it('history whose last entry is another stage than the deal\'s is not trusted for days in stage', () => {
    const entries = lastEntries(packEvents([event('m', 'Negotiation', '2025-02-01T10:00'), event('m', 'Qualified', '2025-04-25T10:00')]));
    const r = run([deal('m', { stage: 'Negotiation' })], { lastEntries: entries });
    expect(r.zombies).toEqual([]);
    expect(r.stageDaysUnknown).toBe(1);
  });

  it('stages without rot_days use max_days_in_stage; with neither there is no stuck', () => {
    const d = deal('q', { stage: 'Qualified', stageChangedAt: msk('2025-04-01T10:00') }); // 29 days
    expect(run([d]).zombies).toEqual([]);
    expect(run([d], { maxDaysInStage: 28 }).zombies[0]?.reasons).toEqual(['stuck']);
    expect(run([d], { maxDaysInStage: 29 }).zombies).toEqual([]);
    // rot_days of the stage beats the global limit, both ways.
    const p = deal('p', { stage: 'Proposal', stageChangedAt: msk('2025-04-05T10:00') }); // 25 days, rot 21
    expect(run([p], { maxDaysInStage: 60 }).zombies[0]?.reasons).toEqual(['stuck']);
  });

  it('silent: days since last_activity_at over max_days_without_activity; not checked without either', () => {
    const s = deal('s', { lastActivityAt: msk('2025-04-15T18:00') }); // 15 days
    expect(run([s], { maxDaysWithoutActivity: 14 }).zombies[0]).toMatchObject({ daysSinceActivity: 15, reasons: ['silent'] });
    expect(run([s], { maxDaysWithoutActivity: 15 }).zombies).toEqual([]);
    expect(run([s]).zombies).toEqual([]);
    expect(run([deal('none')], { maxDaysWithoutActivity: 1 }).zombies).toEqual([]);
  });

  it('stuck and silent together: both reasons, in SPEC order', () => {
    const r = run(
      [deal('b', { stage: 'Proposal', createdAt: msk('2025-03-20T10:00'), stageChangedAt: msk('2025-04-01T10:00'), lastActivityAt: msk('2025-04-02T10:00') })],
      { maxDaysWithoutActivity: 14 },
    );
    expect(r.zombies[0]?.reasons).toEqual(['stuck', 'silent']);
  });

  it('a closed deal is never a zombie, however old, stuck, silent or overdue', () => {
    const old = { createdAt: msk('2024-01-01T10:00'), stage: 'Negotiation', stageChangedAt: msk('2024-01-02T10:00'), lastActivityAt: msk('2024-01-02T10:00'), expectedCloseAt: '2024-02-01' };
    const r = run([deal('w', { ...old, status: 'won', closedAt: msk('2025-04-01T10:00') }), deal('l', { ...old, status: 'lost' })], { maxDaysWithoutActivity: 1, maxDaysInStage: 1 });
    expect(r.zombies).toEqual([]);
    expect(r.parked).toEqual([]);
    expect(r.open).toBe(0);
  });

  it('a deal created after as-of is not considered', () => {
    const r = run([deal('future', { createdAt: msk('2025-05-01T00:30'), expectedCloseAt: '2025-04-01' })]);
    expect(r.zombies).toEqual([]);
    expect(r.open).toBe(0);
    expect(r.createdAfterAsOf).toBe(1);
  });

  it('day counts use the given zone, not UTC: 23:30 Moscow on the 31st is the 31st, not 1 April', () => {
    const d = deal('z', { createdAt: msk('2025-03-31T23:30'), amount: new Big(1000) }); // small: 30 days
    expect(run([d], { asOf: msk('2025-04-30T00:10') }).zombies).toEqual([]); // 30 days: at the limit
    expect(ids(run([d], { asOf: msk('2025-05-01T00:10') }).zombies)).toEqual(['z']); // 31 days
    // In UTC the same instant is 20:30 on the 31st too, but as-of 2025-04-30T22:00Z is 1 May in Moscow.
    expect(run([d], { asOf: new Date('2025-04-30T22:00:00Z') }).zombies[0]?.ageDays).toBe(31);
    expect(run([d], { asOf: new Date('2025-04-30T22:00:00Z'), timezone: 'UTC' }).zombies).toEqual([]);
  });

  it('a last activity or stage change after as-of is unknown at as-of, never a negative count', () => {
    const r = run([deal('x', { stage: 'Proposal', stageChangedAt: msk('2025-05-03T10:00'), lastActivityAt: msk('2025-05-02T10:00'), expectedCloseAt: '2025-04-01' })], {
      maxDaysWithoutActivity: 1,
    });
    expect(r.zombies[0]).toMatchObject({ reasons: ['overdue'] });
    expect(r.zombies[0]?.daysInStage).toBeUndefined();
    expect(r.zombies[0]?.daysSinceActivity).toBeUndefined();
    expect(r.timestampsAfterAsOf).toBe(1);
  });

  it('a deal without an amount is judged by the catch-all rule and left out of sums', () => {
    const old = msk('2025-02-01T10:00'); // 88 days: over 60 (default) but under 90 (large)
    const r = run([deal('na', { amount: undefined, createdAt: old }), deal('a', { amount: new Big(10), createdAt: old })]);
    expect(ids(r.zombies)).toEqual(['a', 'na']); // missing amount sorts last
    expect(r.zombies[1]?.rule?.name).toBe('default');
    expect(r.withoutAmount).toBe(1);
    expect(r.catchAllRule).toBe('default');
    expect(r.totals.amountAtRisk).toEqual(new Big(10));
    expect(r.zombiesWithoutAmount).toBe(1);
    // Without a catch-all rule it has no age limit.
    const bands = run([deal('na', { amount: undefined, createdAt: old })], { rules: RULES.slice(0, 2) });
    expect(bands.zombies).toEqual([]);
    expect(bands.withoutRule).toBe(1);
  });

  it('sorts by amount at risk desc, then age desc, then id; summary per manager, worst first, parked-only managers kept', () => {
    const old = (d: string) => msk(`${d}T10:00`);
    const r = run([
      deal('9', { manager: 'B', amount: new Big(1000), createdAt: old('2025-01-01'), expectedCloseAt: '2025-04-01' }),
      deal('10', { manager: 'B', amount: new Big(1000), createdAt: old('2025-01-01'), expectedCloseAt: '2025-04-01' }),
      deal('3', { manager: 'A', amount: new Big(1000), createdAt: old('2024-12-01'), expectedCloseAt: '2025-04-01' }),
      deal('4', { manager: 'A', amount: new Big(500000), createdAt: old('2024-12-01') }),
      deal('5', { manager: 'C', amount: new Big(70000), createdAt: old('2024-12-01'), expectedCloseAt: '2025-07-01' }),
    ]);
    expect(ids(r.zombies)).toEqual(['4', '3', '9', '10']);
    expect(ids(r.parked)).toEqual(['5']);
    expect(r.groups.map((g) => [g.key[0], g.zombies, g.amountAtRisk.toString(), g.parked, g.parkedAmount.toString()])).toEqual([
      ['A', 2, '501000', 0, '0'],
      ['B', 2, '2000', 0, '0'],
      ['C', 0, '0', 1, '70000'],
    ]);
    expect(r.totals).toEqual({ zombies: 4, amountAtRisk: new Big(503000), parked: 1, parkedAmount: new Big(70000) });
    expect(r.reasonCounts).toEqual({ age: 4, stuck: 0, silent: 0, overdue: 3 });
  });

  it('with an explicit grouping the list is ordered group by group', () => {
    const old = msk('2024-12-01T10:00');
    const r = run(
      [
        deal('1', { manager: 'B', amount: new Big(900000), createdAt: old }),
        deal('2', { manager: 'A', amount: new Big(1000), createdAt: old }),
        deal('3', { manager: 'B', amount: new Big(5000), createdAt: old, pipeline: 'retail' }),
      ],
      { by: ['manager'] },
    );
    expect(ids(r.zombies)).toEqual(['2', '1', '3']);
    const byPipeline = run([deal('1', { amount: new Big(1), createdAt: old }), deal('3', { amount: new Big(5), createdAt: old, pipeline: 'retail' })], { by: ['pipeline'] });
    expect(byPipeline.groups.map((g) => g.key)).toEqual([['retail'], ['default']]);
  });
});
