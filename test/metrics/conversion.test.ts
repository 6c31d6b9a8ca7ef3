// Unit tests of the conversion metric (SPEC §4) on small hand-built deal sets. Every expected number
// is worked out in the comment next to it.
import { afterEach, describe, expect, it } from 'vitest';
import type { ConversionTargets } from '../../src/config/schema.js';
import {
  computeConversion,
  periodConversion,
  TargetResolver,
  type ConversionOptions,
  type ConversionResult,
} from '../../src/metrics/conversion.js';
import { Big } from '../../src/model/money.js';
import { parsePeriod, splitPeriod, type CalendarContext, type Period } from '../../src/model/period.js';
import type { Deal, DealStatus } from '../../src/model/records.js';

const ZONE = 'Europe/Moscow';
const AS_OF = new Date('2025-06-30T20:59:00Z'); // 2025-06-30 23:59 Moscow
const CAL: CalendarContext = { timezone: ZONE, weekStartsOn: 'monday', asOf: AS_OF };

const period = (spec: string): Period => parsePeriod(spec, CAL);
const months = (spec: string): Period[] => splitPeriod(period(spec), 'month', CAL);

/** Moscow wall-clock time (UTC+3 all year) → instant. */
function msk(local: string): Date {
  return new Date(`${local.replace(' ', 'T')}:00+03:00`);
}

let nextLine = 2;
function deal(fields: {
  manager?: string;
  pipeline?: string;
  source?: string;
  status?: DealStatus;
  created: string;
  closed?: string;
  amount?: string | null;
  lostReason?: string;
}): Deal {
  const d: Deal = {
    id: String(nextLine),
    manager: fields.manager ?? 'Ivanova',
    pipeline: fields.pipeline ?? 'default',
    status: fields.status ?? 'open',
    createdAt: msk(fields.created),
    fields: {},
    src: { file: 'deals.csv', line: nextLine++ },
  };
  if (fields.closed !== undefined) d.closedAt = msk(fields.closed);
  if (fields.amount !== null) d.amount = new Big(fields.amount ?? '1000');
  if (fields.source !== undefined) d.source = fields.source;
  if (fields.lostReason !== undefined) d.lostReason = fields.lostReason;
  return d;
}

function run(deals: Deal[], options: Partial<ConversionOptions> & { periods: Period[] }): ConversionResult {
  return computeConversion(deals, { by: [], method: 'period', asOf: AS_OF, calendar: CAL, ...options });
}

describe('periodConversion (the period method, for commission bonuses)', () => {
  const hostZone = process.env.TZ;
  afterEach(() => {
    if (hostZone === undefined) delete process.env.TZ;
    else process.env.TZ = hostZone;
  });

  it('a deal created 2025-03-31 23:30 Moscow is a March lead, whatever the host time zone', () => {
    // 23:30 Moscow is 20:30 UTC on the 31st, already 05:30 on 1 April in Tokyo and still the 31st
    // in Los Angeles: only the config's zone may decide.
    const late = deal({ created: '2025-03-31 23:30', status: 'won', closed: '2025-04-10 12:00' });
    for (const zone of ['UTC', 'Asia/Tokyo', 'Pacific/Kiritimati', 'America/Los_Angeles']) {
      process.env.TZ = zone;
      // Node re-reads TZ when it is assigned: check the host zone really moved.
      expect(new Date(Date.UTC(2025, 0, 1)).getTimezoneOffset()).toBe({ UTC: 0, 'Asia/Tokyo': -540, 'Pacific/Kiritimati': -840, 'America/Los_Angeles': 480 }[zone]);
      expect(periodConversion([late], period('2025-03')), zone).toEqual({ leads: 1, won: 0, lost: 0, conversion: 0 });
      expect(periodConversion([late], period('2025-04')), zone).toEqual({ leads: 0, won: 1, lost: 0, conversion: null });
    }
  });

  it('counts leads created in the period and deals closed in it; conversion may exceed 1', () => {
    const deals = [
      deal({ created: '2025-02-10 10:00', status: 'won', closed: '2025-03-05 10:00' }), // won in March, Feb lead
      deal({ created: '2025-02-11 10:00', status: 'won', closed: '2025-03-06 10:00' }), // won in March, Feb lead
      deal({ created: '2025-03-01 00:00', status: 'lost', closed: '2025-03-20 10:00' }), // March lead, lost in March
      deal({ created: '2025-03-31 23:59', status: 'open' }), // March lead
      deal({ created: '2025-04-01 00:00', status: 'open' }), // April: the period excludes its end
    ];
    // March: leads 2 (the 00:00 and 23:59 ones), won 2, lost 1; conversion 2 / 2 = 1.
    expect(periodConversion(deals, period('2025-03'))).toEqual({ leads: 2, won: 2, lost: 1, conversion: 1 });
    // February: 2 leads, nothing closed → 0 (not null: there were leads).
    expect(periodConversion(deals, period('2025-02'))).toEqual({ leads: 2, won: 0, lost: 0, conversion: 0 });
    // A March with one lead and two sales: conversion 2 (> 1 is allowed).
    expect(periodConversion(deals.slice(0, 2).concat(deals[3] as Deal), period('2025-03')).conversion).toBe(2);
  });

  it('a won deal without a close date is a lead but never won', () => {
    const noDate = deal({ created: '2025-03-14 12:00', status: 'won' });
    expect(periodConversion([noDate], period('2025-03'))).toEqual({ leads: 1, won: 0, lost: 0, conversion: 0 });
    expect(periodConversion([noDate], period('2025-04'))).toEqual({ leads: 0, won: 0, lost: 0, conversion: null });
  });

  it('a period with no leads has a null conversion, never 0 or NaN', () => {
    expect(periodConversion([], period('2025-03'))).toEqual({ leads: 0, won: 0, lost: 0, conversion: null });
  });
});

describe('computeConversion: period method', () => {
  it('a period with no leads and nothing closed: null ratios and avg deal, zero amount, no status', () => {
    const r = run([deal({ created: '2025-01-10 10:00' })], { periods: [period('2025-03')], targets: 0.3 });
    const row = r.rows[0]!;
    expect(row).toMatchObject({ leads: 0, won: 0, lost: 0, conversion: null, winRate: null, avgDeal: null, target: 0.3, status: null });
    expect(row.wonAmount.eq(0)).toBe(true);
  });

  it('win rate, won amount and avg deal; a missing amount is left out of both and counted', () => {
    const deals = [
      deal({ created: '2025-03-01 10:00', status: 'won', closed: '2025-03-02 10:00', amount: '1000.10' }),
      deal({ created: '2025-03-01 11:00', status: 'won', closed: '2025-03-03 10:00', amount: '2000.25' }),
      deal({ created: '2025-03-01 12:00', status: 'won', closed: '2025-03-04 10:00', amount: null }),
      deal({ created: '2025-03-01 13:00', status: 'lost', closed: '2025-03-05 10:00' }),
    ];
    const row = run(deals, { periods: [period('2025-03')] }).rows[0]!;
    expect(row).toMatchObject({ leads: 4, won: 3, lost: 1, conversion: 0.75, winRate: 0.75, amountsMissing: 1 });
    // 1000.10 + 2000.25 = 3000.35, exactly; avg over the 2 deals with an amount = 1500.175.
    expect(row.wonAmount.toString()).toBe('3000.35');
    expect(row.avgDeal?.toString()).toBe('1500.175');
  });

  it('all won deals without an amount: won amount 0, avg deal null', () => {
    const row = run([deal({ created: '2025-03-01 10:00', status: 'won', closed: '2025-03-02 10:00', amount: null })], {
      periods: [period('2025-03')],
    }).rows[0]!;
    expect(row).toMatchObject({ won: 1, amountsMissing: 1, avgDeal: null });
    expect(row.wonAmount.eq(0)).toBe(true);
  });

  it('reports won (and lost) deals without a close date among the leads, outside won (lost)', () => {
    const deals = [
      deal({ created: '2025-03-14 12:00', status: 'won' }),
      deal({ created: '2025-03-15 12:00', status: 'lost' }),
      deal({ created: '2025-01-15 12:00', status: 'won' }), // not a lead of the asked periods
    ];
    const r = run(deals, { periods: [period('2025-03')] });
    expect(r.rows[0]).toMatchObject({ leads: 2, won: 0, lost: 0, conversion: 0, winRate: null });
    expect(r.wonWithoutCloseDate).toBe(1);
    expect(r.lostWithoutCloseDate).toBe(1);
  });

  it('groups: every group seen in the range gets a row in every period, sorted, (none) last', () => {
    const deals = [
      deal({ manager: 'Petrov', created: '2025-01-10 10:00' }),
      deal({ manager: 'Ivanova', created: '2025-02-10 10:00', source: 'web' }),
      deal({ manager: 'Ivanova', created: '2025-02-11 10:00', source: 'ads' }),
      deal({ manager: 'Abramov', created: '2024-12-10 10:00' }), // outside the range: no row
    ];
    const r = run(deals, { periods: months('2025-Q1'), by: ['manager', 'source'] });
    const keys = r.rows.map((row) => `${row.period.label} ${row.group.join('/')} ${row.leads}`);
    expect(keys).toEqual([
      '2025-01 Ivanova/ads 0',
      '2025-01 Ivanova/web 0',
      '2025-01 Petrov/(none) 1',
      '2025-02 Ivanova/ads 1',
      '2025-02 Ivanova/web 1',
      '2025-02 Petrov/(none) 0',
      '2025-03 Ivanova/ads 0',
      '2025-03 Ivanova/web 0',
      '2025-03 Petrov/(none) 0',
    ]);
    expect(r.rows[0]).toMatchObject({ conversion: null, winRate: null });
  });

  it('totals are recomputed from counts, never averaged ratios', () => {
    const deals = [
      // Ivanova: 1 lead, 1 won → 100 %
      deal({ manager: 'Ivanova', created: '2025-03-01 10:00', status: 'won', closed: '2025-03-02 10:00', amount: '100' }),
      // Petrov: 9 leads, 1 won → 11.1 %
      ...Array.from({ length: 8 }, () => deal({ manager: 'Petrov', created: '2025-03-03 10:00' })),
      deal({ manager: 'Petrov', created: '2025-03-03 10:00', status: 'won', closed: '2025-03-04 10:00', amount: '300' }),
    ];
    const r = run(deals, { periods: [period('2025-03')], by: ['manager'] });
    expect(r.rows.map((row) => row.conversion)).toEqual([1, 1 / 9]);
    // The average of the ratios would be 0.5556; the total is 2 won / 10 leads.
    expect(r.totals[0]).toMatchObject({ leads: 10, won: 2, conversion: 0.2 });
    expect(r.totals[0]!.avgDeal?.toString()).toBe('200');
  });

  it("the overall total is the sum of the period totals, with the whole range's target", () => {
    const deals = [
      deal({ created: '2025-01-10 10:00', status: 'won', closed: '2025-01-20 10:00' }),
      deal({ created: '2025-02-10 10:00' }),
      deal({ created: '2025-03-10 10:00', status: 'lost', closed: '2025-03-11 10:00' }),
      deal({ created: '2025-03-10 11:00', status: 'won', closed: '2025-04-11 10:00' }), // April: outside
    ];
    const targets: ConversionTargets = { default: 0.5, '2025-Q1': 0.3, '2025-01': 0.9 };
    const r = run(deals, { periods: months('2025-Q1'), whole: period('2025-Q1'), targets });
    expect(r.totals.map((t) => [t.period.label, t.leads, t.won, t.lost, t.target])).toEqual([
      ['2025-01', 1, 1, 0, 0.9],
      ['2025-02', 1, 0, 0, 0.3],
      ['2025-03', 2, 0, 1, 0.3],
    ]);
    // 4 leads, 1 won, 1 lost: 25 % against the quarter's 30 %.
    expect(r.overall).toMatchObject({ leads: 4, won: 1, lost: 1, conversion: 0.25, winRate: 0.5, target: 0.3, targetSource: '2025-Q1', status: 'below' });
    // Not grouped: the rows are the period totals.
    expect(r.rows.map((row) => row.leads)).toEqual([1, 1, 2]);
  });

  it('a deal closed exactly at the end instant of a period belongs to the next one', () => {
    const d = deal({ created: '2025-02-10 10:00', status: 'won', closed: '2025-04-01 00:00' });
    const r = run([d], { periods: months('2025-Q2').slice(0, 1).concat(months('2025-Q1')) });
    expect(r.totals.map((t) => [t.period.label, t.won])).toEqual([
      ['2025-04', 1],
      ['2025-01', 0],
      ['2025-02', 0],
      ['2025-03', 0],
    ]);
  });
});

describe('computeConversion: cohort method', () => {
  // Leads of March; "now" is 2025-06-30 23:59.
  const cohort = () => [
    deal({ created: '2025-03-01 23:30', status: 'won', closed: '2025-03-31 00:10', amount: '100' }), // 30 calendar days
    deal({ created: '2025-03-01 09:00', status: 'won', closed: '2025-04-01 09:00', amount: '200' }), // 31 days
    deal({ created: '2025-03-10 09:00', status: 'lost', closed: '2025-03-12 09:00' }), // 2 days
    deal({ created: '2025-03-10 10:00', status: 'lost', closed: '2025-05-30 09:00' }), // 81 days
    deal({ created: '2025-03-20 09:00', status: 'won', closed: '2025-07-02 09:00', amount: '400' }), // after as-of
    deal({ created: '2025-03-21 09:00', status: 'won' }), // no close date
    deal({ created: '2025-03-22 09:00' }), // open
    deal({ created: '2025-02-22 09:00', status: 'won', closed: '2025-03-02 09:00', amount: '800' }), // February's lead
  ];

  it('without a window: leads of the period won (lost) by as-of, whenever they closed', () => {
    const r = run(cohort(), { periods: [period('2025-03')], method: 'cohort' });
    // 7 March leads; won by as-of: the 100 and 200 deals (the 400 one closes after as-of);
    // lost: both. The February lead won in March is not in March's cohort.
    expect(r.rows[0]).toMatchObject({ leads: 7, won: 2, lost: 2, conversion: 2 / 7, winRate: 0.5 });
    expect(r.rows[0]!.wonAmount.toString()).toBe('300');
    expect(r.rows[0]!.avgDeal?.toString()).toBe('150');
    expect(r.windowDays).toBeNull();
    expect(r.wonWithoutCloseDate).toBe(1);
    // The period method on the same deals: won in March = the 100 and the February 800 deals.
    const p = run(cohort(), { periods: [period('2025-03')] });
    expect(p.rows[0]).toMatchObject({ leads: 7, won: 2, lost: 1 });
    expect(p.rows[0]!.wonAmount.toString()).toBe('900');
  });

  it('with a window: only deals closed within N calendar days of creation (local dates)', () => {
    const r = run(cohort(), { periods: [period('2025-03')], method: 'cohort', windowDays: 30 });
    // 1 March 23:30 → 31 March 00:10 is 30 calendar days (under 30 × 24 hours, but the dates
    // count); 1 March 09:00 → 1 April 09:00 is 31: out. Lost: the 2-day one in, the 81-day one out.
    expect(r.rows[0]).toMatchObject({ leads: 7, won: 1, lost: 1, conversion: 1 / 7, winRate: 0.5 });
    expect(r.rows[0]!.wonAmount.toString()).toBe('100');
    expect(r.windowDays).toBe(30);
    const r29 = run(cohort(), { periods: [period('2025-03')], method: 'cohort', windowDays: 29 });
    expect(r29.rows[0]).toMatchObject({ won: 0, lost: 1, conversion: 0, winRate: 0 });
  });

  it('a cohort whose leads all closed after as-of has zero won and a null win rate', () => {
    const late = [deal({ created: '2025-06-30 10:00', status: 'won', closed: '2025-07-01 10:00' })];
    const r = run(late, { periods: [period('2025-06')], method: 'cohort' });
    expect(r.rows[0]).toMatchObject({ leads: 1, won: 0, lost: 0, conversion: 0, winRate: null });
  });
});

describe('targets', () => {
  const targets: ConversionTargets = {
    default: 0.35,
    2025: 0.2,
    '2025-Q1': 0.3,
    '2025-02': 0.25,
    '2025-W10': 0.1,
    by_manager: { Ivanova: 0.4 },
    by_pipeline: { retail: 0.55 },
  };
  const resolver = new TargetResolver(targets, { weekStartsOn: 'monday' });

  it('a period key applies to every row inside it; the narrowest wins', () => {
    expect(resolver.resolve(period('2025-01'), [], [])).toEqual({ target: 0.3, source: '2025-Q1' });
    expect(resolver.resolve(period('2025-02'), [], [])).toEqual({ target: 0.25, source: '2025-02' });
    expect(resolver.resolve(period('2025-Q1'), [], [])).toEqual({ target: 0.3, source: '2025-Q1' });
    // 2025-W10 is 3–9 March: a day inside it takes the week's target, a range across weeks does not.
    expect(resolver.resolve(period('2025-03-05'), [], [])).toEqual({ target: 0.1, source: '2025-W10' });
    expect(resolver.resolve(parsePeriod('2025-03-05..2025-03-12', CAL), [], [])).toEqual({ target: 0.3, source: '2025-Q1' });
    expect(resolver.resolve(period('2025-07'), [], [])).toEqual({ target: 0.2, source: '2025' });
    // A range across quarters is inside 2025 only.
    expect(resolver.resolve(parsePeriod('2025-03-20..2025-04-10', CAL), [], [])).toEqual({ target: 0.2, source: '2025' });
    expect(resolver.resolve(period('2026-01'), [], [])).toEqual({ target: 0.35, source: 'default' });
  });

  it('a by_<field> target applies only to rows grouped by that field, over any period key', () => {
    expect(resolver.resolve(period('2025-02'), ['manager'], ['Ivanova'])).toEqual({ target: 0.4, source: 'by_manager' });
    expect(resolver.resolve(period('2025-02'), ['manager'], ['Petrov'])).toEqual({ target: 0.25, source: '2025-02' });
    // Grouped by source: neither by_manager nor by_pipeline applies.
    expect(resolver.resolve(period('2025-02'), ['source'], ['Ivanova'])).toEqual({ target: 0.25, source: '2025-02' });
    // Two grouping fields with a target each: the first `--by` field wins.
    expect(resolver.resolve(period('2025-02'), ['pipeline', 'manager'], ['retail', 'Ivanova'])).toEqual({ target: 0.55, source: 'by_pipeline' });
    expect(resolver.resolve(period('2025-02'), ['manager', 'pipeline'], ['Ivanova', 'retail'])).toEqual({ target: 0.4, source: 'by_manager' });
    expect(resolver.resolve(period('2025-02'), ['manager', 'pipeline'], ['Petrov', 'retail'])).toEqual({ target: 0.55, source: 'by_pipeline' });
    // Inherited object keys are not managers.
    expect(resolver.resolve(period('2026-02'), ['manager'], ['toString'])).toEqual({ target: 0.35, source: 'default' });
  });

  it('a plain number is the target of every row; no targets → no status', () => {
    expect(new TargetResolver(0.3, { weekStartsOn: 'monday' }).resolve(period('2025-01'), ['manager'], ['Ivanova'])).toEqual({ target: 0.3, source: 'default' });
    expect(new TargetResolver(undefined, { weekStartsOn: 'monday' }).resolve(period('2025-01'), [], [])).toEqual({ target: null, source: null });
    expect(new TargetResolver({ by_manager: { Ivanova: 0.4 } }, { weekStartsOn: 'monday' }).resolve(period('2025-01'), [], [])).toEqual({
      target: null,
      source: null,
    });
  });

  it('status: met when conversion ≥ target (exactly: 3/10 meets 0.3), below otherwise, empty without leads', () => {
    const won = (n: number, manager: string) =>
      Array.from({ length: n }, () => deal({ manager, created: '2025-01-10 10:00', status: 'won', closed: '2025-01-11 10:00' }));
    const open = (n: number, manager: string) => Array.from({ length: n }, () => deal({ manager, created: '2025-01-10 10:00' }));
    const deals = [...won(3, 'Ivanova'), ...open(7, 'Ivanova'), ...won(3, 'Petrov'), ...open(7, 'Petrov'), ...won(1, 'Sidorov')];
    // January: Ivanova and Petrov 3 won / 10 leads each, Sidorov 1 / 1. February: no leads at all.
    const r = run(deals, {
      periods: months('2025-Q1').slice(0, 2),
      by: ['manager'],
      targets: { '2025-Q1': 0.3, by_manager: { Ivanova: 0.31 } },
    });
    const jan = r.rows.filter((row) => row.period.label === '2025-01');
    expect(jan.map((row) => [row.group[0], row.conversion, row.target, row.status])).toEqual([
      ['Ivanova', 0.3, 0.31, 'below'],
      ['Petrov', 0.3, 0.3, 'met'],
      ['Sidorov', 1, 0.3, 'met'],
    ]);
    const feb = r.rows.filter((row) => row.period.label === '2025-02');
    expect(feb.map((row) => row.status)).toEqual([null, null, null]);
    // The January total (7 won / 21 leads = 1/3) takes the period target, not Ivanova's.
    expect(r.totals[0]).toMatchObject({ won: 7, leads: 21, target: 0.3, targetSource: '2025-Q1', status: 'met' });
  });
});

describe('lost reasons', () => {
  it('lists the lost deals of each row by reason: count, share of the row, amount', () => {
    const lost = (manager: string, reason: string | undefined, amount: string | null) =>
      deal({ manager, created: '2025-02-01 10:00', status: 'lost', closed: '2025-03-10 10:00', amount, ...(reason ? { lostReason: reason } : {}) });
    const deals = [
      lost('Ivanova', 'Too expensive', '100'),
      lost('Ivanova', 'Too expensive', null),
      lost('Ivanova', 'Competitor', '50.5'),
      lost('Ivanova', undefined, '10'),
      lost('Petrov', 'No budget', '7'),
      deal({ manager: 'Petrov', created: '2025-03-01 10:00', status: 'lost', closed: '2025-04-01 10:00', lostReason: 'April' }),
    ];
    const r = run(deals, { periods: [period('2025-03')], by: ['manager'], lostReasons: true });
    expect(r.lostReasons.map((x) => [x.group[0], x.reason, x.count, x.share, x.amount.toString(), x.amountsMissing])).toEqual([
      ['Ivanova', 'Too expensive', 2, 0.5, '100', 1],
      ['Ivanova', 'Competitor', 1, 0.25, '50.5', 0],
      ['Ivanova', '(none)', 1, 0.25, '10', 0],
      ['Petrov', 'No budget', 1, 1, '7', 0],
    ]);
    // Not asked for: nothing collected.
    expect(run(deals, { periods: [period('2025-03')], by: ['manager'] }).lostReasons).toEqual([]);
    // Ungrouped: one list per period.
    const all = run(deals, { periods: [period('2025-03')], lostReasons: true }).lostReasons;
    expect(all.map((x) => [x.reason, x.count, x.share])).toEqual([
      ['Too expensive', 2, 0.4],
      ['Competitor', 1, 0.2],
      ['No budget', 1, 0.2],
      ['(none)', 1, 0.2],
    ]);
  });
});
