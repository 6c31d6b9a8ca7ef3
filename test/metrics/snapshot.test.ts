// Unit tests of the snapshot metric (the Friday report's headline and trend) on small hand-built
// deal sets. Every expected number is worked out in the comment next to it. Weeks are ISO weeks in
// Moscow (UTC+3 all year): 2026-W13 is Mon 2026-03-23 .. Sun 2026-03-29.
import { describe, expect, it } from 'vitest';
import { computeConversion } from '../../src/metrics/conversion.js';
import {
  commissionMonth,
  compareFigures,
  computeSnapshot,
  snapshotAnchor,
  targetAttainment,
  trendWeeks,
  type SnapshotFigures,
} from '../../src/metrics/snapshot.js';
import { Big } from '../../src/model/money.js';
import { parsePeriod, type CalendarContext, type Period } from '../../src/model/period.js';
import type { Deal, DealStatus } from '../../src/model/records.js';

const ZONE = 'Europe/Moscow';
/** Moscow wall-clock time → instant. */
function msk(local: string): Date {
  return new Date(`${local.replace(' ', 'T')}:00+03:00`);
}
const FRIDAY = msk('2026-03-27 18:00');
const cal = (asOf: Date = FRIDAY, weekStartsOn: CalendarContext['weekStartsOn'] = 'monday'): CalendarContext => ({ timezone: ZONE, weekStartsOn, asOf });
const period = (spec: string, asOf: Date = FRIDAY): Period => parsePeriod(spec, cal(asOf));

let nextLine = 2;
function deal(fields: { created: string; status?: DealStatus; closed?: string; amount?: string | null; manager?: string }): Deal {
  const d: Deal = {
    id: String(nextLine),
    manager: fields.manager ?? 'Ivanova',
    pipeline: 'default',
    status: fields.status ?? 'open',
    createdAt: msk(fields.created),
    fields: {},
    src: { file: 'deals.csv', line: nextLine++ },
  };
  if (fields.closed !== undefined) d.closedAt = msk(fields.closed);
  if (fields.amount !== null) d.amount = new Big(fields.amount ?? '1000');
  return d;
}

/** Week 13 (current) and week 12 (previous) of 2026. */
const DEALS: Deal[] = [
  // W12 (Mar 16–22): 4 leads; 1 of them won in W12 for 1 000; 1 lost in W12.
  deal({ created: '2026-03-16 09:00', status: 'won', closed: '2026-03-18 12:00', amount: '1000' }),
  deal({ created: '2026-03-17 09:00', status: 'lost', closed: '2026-03-19 12:00' }),
  deal({ created: '2026-03-20 09:00' }),
  deal({ created: '2026-03-22 23:59' }), // Sunday 23:59: still W12
  // W13 (Mar 23–29): 5 leads, 2 of them won in W13.
  deal({ created: '2026-03-23 00:00', status: 'won', closed: '2026-03-24 12:00', amount: '1500.50' }),
  deal({ created: '2026-03-23 10:00', status: 'won', closed: '2026-03-26 12:00', amount: '2500.50' }),
  deal({ created: '2026-03-24 10:00' }),
  deal({ created: '2026-03-25 10:00' }),
  deal({ created: '2026-03-26 10:00' }),
  // W11: a lead won in W13 — a W13 sale, not a W13 lead.
  deal({ created: '2026-03-10 10:00', status: 'won', closed: '2026-03-27 11:00', amount: '3000' }),
];

describe('computeSnapshot: headline against the previous period', () => {
  const s = computeSnapshot(DEALS, { period: period('this-week'), asOf: FRIDAY, calendar: cal(), targets: 0.35 });

  it('the previous period of this-week is the ISO week before', () => {
    expect(s.current.period.label).toBe('2026-W13');
    expect(s.previous.period.label).toBe('2026-W12');
    expect([s.previous.period.startDate, s.previous.period.endDate]).toEqual(['2026-03-16', '2026-03-22']);
  });

  it('figures: W13 has 5 leads and 3 sales (one of an older lead); W12 4 leads, 1 sale', () => {
    // W13: won 1500.50 + 2500.50 + 3000 = 7001; avg 7001 / 3 = 2333.666…; conversion 3 / 5 = 0.6.
    expect(s.current).toMatchObject({ leads: 5, won: 3, conversion: 0.6, amountsMissing: 0, target: 0.35, status: 'met' });
    expect(s.current.wonAmount.toString()).toBe('7001');
    expect(s.current.avgDeal!.round(2).toString()).toBe('2333.67');
    // W12: 1 / 4 = 0.25 < 0.35.
    expect(s.previous).toMatchObject({ leads: 4, won: 1, conversion: 0.25, status: 'below' });
    expect(s.previous.wonAmount.toString()).toBe('1000');
  });

  it('are exactly conversion totals (the report and `dealpulse conversion` agree)', () => {
    const totals = computeConversion(DEALS, { periods: [period('2026-W12'), period('2026-W13')], by: [], method: 'period', asOf: FRIDAY, calendar: cal(), targets: 0.35 }).totals;
    expect([s.previous.leads, s.previous.won, s.previous.conversion]).toEqual([totals[0]!.leads, totals[0]!.won, totals[0]!.conversion]);
    expect([s.current.leads, s.current.won, s.current.conversion]).toEqual([totals[1]!.leads, totals[1]!.won, totals[1]!.conversion]);
    expect(s.current.avgDeal!.eq(totals[1]!.avgDeal!)).toBe(true);
  });

  it('deltas: counts and relative changes, conversion in points, amounts exact', () => {
    // leads 5 vs 4: +1, +25%; won 3 vs 1: +2, +200%.
    expect(s.changes.leads).toEqual({ delta: 1, relative: 0.25 });
    expect(s.changes.won).toEqual({ delta: 2, relative: 2 });
    // conversion 0.6 − 0.25 = 0.35 exactly (not 0.35000000000000003), relative 0.35 / 0.25 = 1.4.
    expect(s.changes.conversion).toEqual({ delta: 0.35, relative: 1.4 });
    // won amount 7001 − 1000 = 6001, relative 6.001.
    expect(s.changes.wonAmount.delta!.toString()).toBe('6001');
    expect(s.changes.wonAmount.relative).toBe(6.001);
    // avg deal 2333.666… − 1000 = 1333.666…
    expect(s.changes.avgDeal.delta!.round(2).toString()).toBe('1333.67');
  });

  it('a week that is not over at as-of is "so far"; one whose last day is the as-of day is not', () => {
    expect(s.periodOpen).toBe(true);
    const sunday = msk('2026-03-29 20:00');
    expect(computeSnapshot(DEALS, { period: period('this-week', sunday), asOf: sunday, calendar: cal(sunday) }).periodOpen).toBe(false);
    expect(computeSnapshot(DEALS, { period: period('last-week'), asOf: FRIDAY, calendar: cal() }).periodOpen).toBe(false);
  });

  it('the previous period of a month is the month before; of a range, as many days before', () => {
    const month = computeSnapshot(DEALS, { period: period('2026-03'), asOf: FRIDAY, calendar: cal() });
    expect(month.previous.period.label).toBe('2026-02');
    const range = computeSnapshot(DEALS, { period: parsePeriod('2026-03-20..2026-03-26', cal()), asOf: FRIDAY, calendar: cal() });
    expect(range.previous.period.label).toBe('2026-03-13..2026-03-19');
    // Leads 20th..26th: 20th, 22nd, 23rd ×2, 24th, 25th, 26th = 7; the 13th..19th: 16th, 17th = 2.
    expect([range.current.leads, range.previous.leads]).toEqual([7, 2]);
  });
});

describe('compareFigures: empty and zero values', () => {
  const figures = (over: Partial<SnapshotFigures>): SnapshotFigures => ({
    period: period('2026-W13'),
    leads: 0,
    won: 0,
    conversion: null,
    wonAmount: new Big(0),
    avgDeal: null,
    amountsMissing: 0,
    target: null,
    status: null,
    ...over,
  });

  it('from 0: a delta but no percentage; empty conversion or avg deal: no change at all', () => {
    const c = compareFigures(figures({ leads: 3, won: 1, conversion: 1 / 3, wonAmount: new Big(500), avgDeal: new Big(500) }), figures({}));
    expect(c.leads).toEqual({ delta: 3, relative: null });
    expect(c.won).toEqual({ delta: 1, relative: null });
    expect(c.conversion).toEqual({ delta: null, relative: null });
    expect(c.wonAmount.delta!.toString()).toBe('500');
    expect(c.wonAmount.relative).toBeNull();
    expect(c.avgDeal).toEqual({ delta: null, relative: null });
  });

  it('no change: delta 0, relative 0', () => {
    const same = figures({ leads: 4, won: 2, conversion: 0.5, wonAmount: new Big(10), avgDeal: new Big(5) });
    const c = compareFigures(same, same);
    expect(c.leads).toEqual({ delta: 0, relative: 0 });
    expect(c.conversion).toEqual({ delta: 0, relative: 0 });
    expect(c.wonAmount.delta!.eq(0)).toBe(true);
  });
});

describe('the 12-week trend', () => {
  it('ends with the week holding as-of and goes back 12 ISO weeks, oldest first', () => {
    const weeks = trendWeeks(FRIDAY, 12, cal());
    expect(weeks.map((w) => w.label)).toEqual([
      '2026-W02', '2026-W03', '2026-W04', '2026-W05', '2026-W06', '2026-W07',
      '2026-W08', '2026-W09', '2026-W10', '2026-W11', '2026-W12', '2026-W13',
    ]);
    expect(weeks[0]!.startDate).toBe('2026-01-05');
    expect(weeks[11]!.endDate).toBe('2026-03-29');
  });

  it('crosses a year boundary (2026-W01 starts on 2025-12-29)', () => {
    const weeks = trendWeeks(msk('2026-01-01 12:00'), 3, cal(msk('2026-01-01 12:00')));
    expect(weeks.map((w) => [w.label, w.startDate])).toEqual([
      ['2025-W51', '2025-12-15'],
      ['2025-W52', '2025-12-22'],
      ['2026-W01', '2025-12-29'],
    ]);
  });

  it('Sunday-based weeks when the config says so', () => {
    const weeks = trendWeeks(FRIDAY, 2, cal(FRIDAY, 'sunday'));
    // Sun 2026-03-22 .. Sat 2026-03-28 is labelled by the Monday inside it: 2026-W13.
    expect(weeks.map((w) => [w.label, w.startDate, w.endDate])).toEqual([
      ['2026-W12', '2026-03-15', '2026-03-21'],
      ['2026-W13', '2026-03-22', '2026-03-28'],
    ]);
  });

  it('weeks with zero leads have a null conversion (even with sales), never 0 or NaN', () => {
    const s = computeSnapshot(DEALS, { period: period('this-week'), asOf: FRIDAY, calendar: cal() });
    expect(s.trend).toHaveLength(12);
    const byLabel = new Map(s.trend.map((w) => [w.period.label, w]));
    expect(byLabel.get('2026-W13')).toMatchObject({ leads: 5, won: 3, conversion: 0.6 });
    expect(byLabel.get('2026-W12')).toMatchObject({ leads: 4, won: 1, conversion: 0.25 });
    // W11 has one lead (the 10th), nothing closed: 0, not null.
    expect(byLabel.get('2026-W11')).toMatchObject({ leads: 1, won: 0, conversion: 0 });
    // Earlier weeks: nothing at all.
    expect(byLabel.get('2026-W02')).toMatchObject({ leads: 0, won: 0, conversion: null });
    const salesOnly = computeSnapshot([deal({ created: '2026-01-05 10:00', status: 'won', closed: '2026-03-25 10:00' })], {
      period: period('this-week'),
      asOf: FRIDAY,
      calendar: cal(),
    });
    expect(salesOnly.trend.at(-1)).toMatchObject({ leads: 0, won: 1, conversion: null });
    expect(salesOnly.trend[0]).toMatchObject({ period: expect.objectContaining({ label: '2026-W02' }), leads: 1, won: 0, conversion: 0 });
  });

  it('a past period: the trend ends with its last week, not the as-of week', () => {
    const s = computeSnapshot(DEALS, { period: period('2026-02'), asOf: FRIDAY, calendar: cal(), weeks: 4 });
    // 2026-02-28 (Sat) is in 2026-W09 (Feb 23 – Mar 1).
    expect(s.trend.map((w) => w.period.label)).toEqual(['2026-W06', '2026-W07', '2026-W08', '2026-W09']);
  });

  it('refuses a non-positive number of weeks', () => {
    expect(() => trendWeeks(FRIDAY, 0, cal())).toThrow(RangeError);
  });
});

describe('anchor, commission month and share of target', () => {
  it('the anchor is as-of inside the period, the last instant of a period that is over', () => {
    expect(snapshotAnchor(period('this-week'), FRIDAY)).toEqual(FRIDAY);
    expect(snapshotAnchor(period('2026-02'), FRIDAY)).toEqual(new Date(msk('2026-03-01 00:00').getTime() - 1));
    // A period that starts after as-of: its first instant (never a week before the period).
    expect(snapshotAnchor(period('2026-04'), FRIDAY)).toEqual(msk('2026-04-01 00:00'));
  });

  it('commission to date is for the month holding the anchor', () => {
    expect(commissionMonth(period('this-week'), FRIDAY, cal()).label).toBe('2026-03');
    expect(commissionMonth(period('last-month'), FRIDAY, cal()).label).toBe('2026-02');
    // A week across two months (2026-W14: Mar 30 – Apr 5) seen on Thursday 2 April: April.
    const thursday = msk('2026-04-02 10:00');
    expect(commissionMonth(period('this-week', thursday), thursday, cal(thursday)).label).toBe('2026-04');
  });

  it('targetAttainment = conversion / target; empty without either or with a 0 target', () => {
    expect(targetAttainment(0.42, 0.35)).toBeCloseTo(1.2, 12);
    expect(targetAttainment(0.35, 0.35)).toBe(1);
    expect(targetAttainment(null, 0.35)).toBeNull();
    expect(targetAttainment(0.4, null)).toBeNull();
    expect(targetAttainment(0.4, 0)).toBeNull();
  });
});
