// Periods are cut in the config's zone; every expectation below is an absolute instant (…Z), so the
// suite means the same on any host. period-tz.test.ts re-runs it under several host TZ values.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { tz } from '@date-fns/tz';
import { format } from 'date-fns';
import { UsageError } from '../../src/model/errors.js';
import {
  calendarDaysBetween,
  contains,
  localDate,
  localMidnight,
  parseAsOf,
  parsePeriod,
  periodContaining,
  previousPeriod,
  rangePeriod,
  splitPeriod,
  type CalendarContext,
  type Every,
  type Period, daysInRange, addDaysToDate } from '../../src/model/period.js';

const HOUR = 3_600_000;
const at = (iso: string) => new Date(iso);
const ctx = (timezone: string, extra: Partial<CalendarContext> = {}): CalendarContext => ({
  timezone,
  weekStartsOn: 'monday',
  asOf: at('2025-03-14T10:00:00Z'),
  ...extra,
});
const MSK = ctx('Europe/Moscow');
const BER = ctx('Europe/Berlin');

/** label, startDate, endDate, start, end of a period, for compact expectations. */
const shape = (p: Period) => ({
  label: p.label,
  kind: p.kind,
  startDate: p.startDate,
  endDate: p.endDate,
  start: p.start.toISOString(),
  end: p.end.toISOString(),
});
const labels = (ps: Period[]) => ps.map((p) => p.label);
const hours = (p: Period) => (p.end.getTime() - p.start.getTime()) / HOUR;

describe('parsePeriod: every spec form', () => {
  it.each([
    ['2025', 'year', '2025-01-01', '2025-12-31', '2024-12-31T21:00:00.000Z', '2025-12-31T21:00:00.000Z'],
    ['2025-Q1', 'quarter', '2025-01-01', '2025-03-31', '2024-12-31T21:00:00.000Z', '2025-03-31T21:00:00.000Z'],
    ['2025-Q4', 'quarter', '2025-10-01', '2025-12-31', '2025-09-30T21:00:00.000Z', '2025-12-31T21:00:00.000Z'],
    ['2025-03', 'month', '2025-03-01', '2025-03-31', '2025-02-28T21:00:00.000Z', '2025-03-31T21:00:00.000Z'],
    ['2024-02', 'month', '2024-02-01', '2024-02-29', '2024-01-31T21:00:00.000Z', '2024-02-29T21:00:00.000Z'],
    ['2025-12', 'month', '2025-12-01', '2025-12-31', '2025-11-30T21:00:00.000Z', '2025-12-31T21:00:00.000Z'],
    ['2025-W09', 'week', '2025-02-24', '2025-03-02', '2025-02-23T21:00:00.000Z', '2025-03-02T21:00:00.000Z'],
    ['2025-03-14', 'day', '2025-03-14', '2025-03-14', '2025-03-13T21:00:00.000Z', '2025-03-14T21:00:00.000Z'],
    [
      '2025-03-01..2025-03-20',
      'range',
      '2025-03-01',
      '2025-03-20',
      '2025-02-28T21:00:00.000Z',
      '2025-03-20T21:00:00.000Z',
    ],
  ])('%s in Europe/Moscow', (spec, kind, startDate, endDate, start, end) => {
    expect(shape(parsePeriod(spec, MSK))).toEqual({ label: spec, kind, startDate, endDate, start, end });
  });

  it('accepts lower-case letters and surrounding blanks, and prints the canonical label', () => {
    expect(parsePeriod(' 2025-q1 ', MSK).label).toBe('2025-Q1');
    expect(parsePeriod('2025-w09', MSK).label).toBe('2025-W09');
    expect(parsePeriod('This-Month', MSK).label).toBe('2025-03');
  });

  it('every label parses back to the same period', () => {
    for (const spec of ['2025', '2025-Q2', '2025-07', '2026-W53', '2024-02-29', '2025-03-05..2025-03-09']) {
      const p = parsePeriod(spec, BER);
      expect(parsePeriod(p.label, BER)).toEqual(p);
    }
  });

  it.each([
    '',
    '25',
    '2025-3',
    '2025-13',
    '2025-00',
    '2025-Q0',
    '2025-Q5',
    '2025-W00',
    '2025-W53',
    '2025-W9',
    '2025-02-30',
    '2025-03-14T10:00',
    'next-week',
    'this-day',
    'march',
    '2025-03-20..2025-03-01',
  ])('rejects %j with a UsageError naming the accepted forms', (spec) => {
    expect(() => parsePeriod(spec, MSK)).toThrow(UsageError);
    if (!spec.includes('..')) {
      expect(() => parsePeriod(spec, MSK)).toThrow(/2025-Q1.*2025-W09.*this-week/);
    }
  });

  it('rejects an unknown time zone as a usage error', () => {
    expect(() => parsePeriod('2025', ctx('Mars/Olympus'))).toThrow(UsageError);
  });
});

describe('ISO weeks at year boundaries', () => {
  it('2024-12-30 is in 2025-W01', () => {
    const p = periodContaining(at('2024-12-30T12:00:00Z'), 'week', MSK);
    expect([p.label, p.startDate, p.endDate]).toEqual(['2025-W01', '2024-12-30', '2025-01-05']);
    expect(parsePeriod('2025-W01', MSK).startDate).toBe('2024-12-30');
  });

  it('2027-01-01 is in 2026-W53, which exists; 2025-W53 does not', () => {
    const p = periodContaining(at('2027-01-01T12:00:00Z'), 'week', MSK);
    expect([p.label, p.startDate, p.endDate]).toEqual(['2026-W53', '2026-12-28', '2027-01-03']);
    expect(shape(parsePeriod('2026-W53', MSK))).toEqual(shape(p));
    expect(() => parsePeriod('2025-W53', MSK)).toThrow(UsageError);
    expect(() => parsePeriod('2025-W53', MSK)).toThrow(/W01\.\.W52/);
  });

  it('Sunday weeks run Sunday–Saturday and carry the ISO week of their Monday', () => {
    const SUN = ctx('Europe/Moscow', { weekStartsOn: 'sunday' });
    const p = parsePeriod('2025-W09', SUN);
    expect([p.label, p.startDate, p.endDate]).toEqual(['2025-W09', '2025-02-23', '2025-03-01']);
    expect(p.start.toISOString()).toBe('2025-02-22T21:00:00.000Z');
    // Sunday 2024-12-29 starts the week of Monday 2024-12-30, i.e. 2025-W01.
    expect(periodContaining(at('2024-12-29T12:00:00Z'), 'week', SUN).label).toBe('2025-W01');
    // Sunday 2027-01-03 starts the week of Monday 2027-01-04 (2027-W01), not 2026-W53.
    expect(periodContaining(at('2027-01-03T12:00:00Z'), 'week', SUN).label).toBe('2027-W01');
    expect(periodContaining(at('2027-01-02T12:00:00Z'), 'week', SUN).label).toBe('2026-W53');
  });
});

describe('the zone decides the period, not the instant alone', () => {
  it('2025-01-31T23:30 in Moscow is January there and February in Tokyo', () => {
    const deal = at('2025-01-31T20:30:00Z'); // 23:30 MSK (+03), 05:30 JST (+09) next day
    expect(localDate(deal, 'Europe/Moscow')).toBe('2025-01-31');
    expect(localDate(deal, 'Asia/Tokyo')).toBe('2025-02-01');
    expect(periodContaining(deal, 'month', MSK).label).toBe('2025-01');
    expect(periodContaining(deal, 'month', ctx('Asia/Tokyo')).label).toBe('2025-02');
    expect(contains(parsePeriod('2025-01', MSK), deal)).toBe(true);
    expect(contains(parsePeriod('2025-01', ctx('Asia/Tokyo')), deal)).toBe(false);
    expect(contains(parsePeriod('2025-02', ctx('Asia/Tokyo')), deal)).toBe(true);
  });

  it('start is inclusive and end exclusive', () => {
    const march = parsePeriod('2025-03', MSK);
    expect(contains(march, march.start)).toBe(true);
    expect(contains(march, new Date(march.start.getTime() - 1))).toBe(false);
    expect(contains(march, new Date(march.end.getTime() - 1))).toBe(true);
    expect(contains(march, march.end)).toBe(false);
  });
});

describe('DST: boundaries are local midnights, days are 23 or 25 hours', () => {
  it('March 2025 in Berlin lasts 31*24-1 hours, October 31*24+1', () => {
    const march = parsePeriod('2025-03', BER);
    expect(march.start.toISOString()).toBe('2025-02-28T23:00:00.000Z');
    expect(march.end.toISOString()).toBe('2025-03-31T22:00:00.000Z');
    expect(hours(march)).toBe(31 * 24 - 1);
    expect(hours(parsePeriod('2025-10', BER))).toBe(31 * 24 + 1);
    expect(hours(parsePeriod('2025-03-30', BER))).toBe(23);
    expect(hours(parsePeriod('2025-10-26', BER))).toBe(25);
    expect(hours(parsePeriod('2025', BER))).toBe(365 * 24);
  });

  it('splitting a DST month by day gives one 23-hour day and local-midnight boundaries', () => {
    const days = splitPeriod(parsePeriod('2025-03', BER), 'day', BER);
    expect(days).toHaveLength(31);
    expect(days.map(hours).filter((h) => h !== 24)).toEqual([23]);
    expect(days[29]?.start.toISOString()).toBe('2025-03-29T23:00:00.000Z');
    expect(days[30]?.start.toISOString()).toBe('2025-03-30T22:00:00.000Z');
  });

  it('a midnight lost to DST starts the day at its first instant (America/Santiago 2022-09-11)', () => {
    const day = parsePeriod('2022-09-11', ctx('America/Santiago'));
    expect(day.start.toISOString()).toBe('2022-09-11T04:00:00.000Z'); // 01:00 -03
    expect(hours(day)).toBe(23);
    expect(hours(parsePeriod('2022-09-10', ctx('America/Santiago')))).toBe(24);
    expect(localDate(day.start, 'America/Santiago')).toBe('2022-09-11');
    expect(localDate(new Date(day.start.getTime() - 1), 'America/Santiago')).toBe('2022-09-10');
  });

  it('a midnight that happens twice starts the day at its first occurrence (America/Havana 2024-11-03)', () => {
    const day = parsePeriod('2024-11-03', ctx('America/Havana'));
    expect(day.start.toISOString()).toBe('2024-11-03T04:00:00.000Z'); // 00:00 CDT (-04)
    expect(hours(day)).toBe(25);
  });

  it('a midnight the clock falls back to from 00:00 is not a second start (America/Santiago 2034-04-02)', () => {
    // 00:00 -03 turns into 23:00 -04 on 1 April: 2 April 00:00 exists once, at -04.
    const SCL = ctx('America/Santiago');
    expect(parsePeriod('2034-04-02', SCL).start.toISOString()).toBe('2034-04-02T04:00:00.000Z');
    expect(hours(parsePeriod('2034-04-01', SCL))).toBe(25);
  });

  it('a clock that went back across midnight: the day starts where the date stops going back', () => {
    // America/St_Johns 2009-11-01.
    // 00:01 NDT (-02:30) on 1 Nov became 23:01 NST (-03:30) on 31 Oct.
    const NL = ctx('America/St_Johns');
    const nov1 = parsePeriod('2009-11-01', NL);
    expect(nov1.start.toISOString()).toBe('2009-11-01T03:30:00.000Z'); // the second 00:00, NST
    expect(hours(parsePeriod('2009-10-31', NL))).toBe(25);
    // The minute 00:00-00:01 NDT reads 1 Nov on the wall clock but lies inside the 31st's period.
    const blip = at('2009-11-01T02:30:30Z');
    expect(localDate(blip, 'America/St_Johns')).toBe('2009-11-01');
    expect(periodContaining(blip, 'day', NL).label).toBe('2009-10-31');
    expect(contains(periodContaining(blip, 'month', NL), blip)).toBe(true);
    expect(periodContaining(blip, 'month', NL).label).toBe('2009-10');
    // For --as-of, a repeated wall time is its first occurrence.
    const asOf = parseAsOf('2009-10-31T23:30', 'America/St_Johns', () => blip);
    expect(asOf.toISOString()).toBe('2009-11-01T02:00:00.000Z');
  });

  it('a day the zone skipped altogether is an empty period (Pacific/Kiritimati 1994-12-31)', () => {
    const KIR = ctx('Pacific/Kiritimati');
    const skipped = parsePeriod('1994-12-31', KIR);
    expect(skipped.start.toISOString()).toBe('1994-12-31T10:00:00.000Z');
    expect(skipped.end.getTime()).toBe(skipped.start.getTime());
    // 1994-12-30 24:00 at -10:00 is the same instant as 1995-01-01 00:00 at +14:00.
    expect(parsePeriod('1994', KIR).end.toISOString()).toBe('1994-12-31T10:00:00.000Z');
    expect(parsePeriod('1995-01-01', KIR).start.toISOString()).toBe('1994-12-31T10:00:00.000Z');
    expect(localDate(at('1994-12-31T09:59:59.999Z'), 'Pacific/Kiritimati')).toBe('1994-12-30');
    expect(localDate(at('1994-12-31T10:00:00Z'), 'Pacific/Kiritimati')).toBe('1995-01-01');
  });

  it('half-hour DST (Lord Howe) and 45-minute offsets (Chatham) cut at midnight too', () => {
    const lh = parsePeriod('2025-10-05', ctx('Australia/Lord_Howe'));
    expect(hours(lh)).toBe(23.5);
    const chatham = parsePeriod('2025-03', ctx('Pacific/Chatham'));
    expect(chatham.start.toISOString()).toBe('2025-02-28T10:15:00.000Z'); // 00:00 +13:45
  });
});

describe('relative periods against a fixed as-of', () => {
  // Friday 2025-03-14 13:00 in Moscow.
  it.each([
    ['this-week', '2025-W11', '2025-03-10', '2025-03-16'],
    ['last-week', '2025-W10', '2025-03-03', '2025-03-09'],
    ['this-month', '2025-03', '2025-03-01', '2025-03-31'],
    ['last-month', '2025-02', '2025-02-01', '2025-02-28'],
    ['this-quarter', '2025-Q1', '2025-01-01', '2025-03-31'],
    ['last-quarter', '2024-Q4', '2024-10-01', '2024-12-31'],
    ['this-year', '2025', '2025-01-01', '2025-12-31'],
    ['last-year', '2024', '2024-01-01', '2024-12-31'],
  ])('%s', (spec, label, startDate, endDate) => {
    const p = parsePeriod(spec, MSK);
    expect([p.label, p.startDate, p.endDate]).toEqual([label, startDate, endDate]);
    expect(shape(p)).toEqual(shape(parsePeriod(label, MSK)));
  });

  it('uses the as-of date in the zone, not in UTC', () => {
    // 2025-03-31T22:30Z is already 1 April 01:30 in Moscow.
    const late = ctx('Europe/Moscow', { asOf: at('2025-03-31T22:30:00Z') });
    expect(parsePeriod('this-month', late).label).toBe('2025-04');
    expect(parsePeriod('this-quarter', late).label).toBe('2025-Q2');
    expect(parsePeriod('last-quarter', late).label).toBe('2025-Q1');
    expect(parsePeriod('this-month', ctx('UTC', { asOf: at('2025-03-31T22:30:00Z') })).label).toBe('2025-03');
  });

  it('last-week across a year boundary and with Sunday weeks', () => {
    const jan = ctx('Europe/Moscow', { asOf: at('2027-01-05T09:00:00Z') });
    expect(parsePeriod('this-week', jan).label).toBe('2027-W01');
    expect(parsePeriod('last-week', jan).label).toBe('2026-W53');
    expect(parsePeriod('last-month', jan).label).toBe('2026-12');
    // Sunday 2025-03-16: a Sunday week starts that day (labelled by Monday 03-17, W12),
    // while the ISO week still is W11.
    const sunday = at('2025-03-16T09:00:00Z');
    const sun = parsePeriod('this-week', ctx('Europe/Moscow', { weekStartsOn: 'sunday', asOf: sunday }));
    expect([sun.label, sun.startDate, sun.endDate]).toEqual(['2025-W12', '2025-03-16', '2025-03-22']);
    expect(parsePeriod('this-week', ctx('Europe/Moscow', { asOf: sunday })).label).toBe('2025-W11');
  });
});

describe('rangePeriod', () => {
  it('is an inclusive range of local days', () => {
    expect(shape(rangePeriod('2025-03-01', '2025-03-20', BER))).toEqual({
      label: '2025-03-01..2025-03-20',
      kind: 'range',
      startDate: '2025-03-01',
      endDate: '2025-03-20',
      start: '2025-02-28T23:00:00.000Z',
      end: '2025-03-20T23:00:00.000Z',
    });
    expect(rangePeriod('2025-03-14', '2025-03-14', MSK).label).toBe('2025-03-14..2025-03-14');
  });

  it('refuses from > to and malformed dates', () => {
    expect(() => rangePeriod('2025-03-20', '2025-03-01', MSK)).toThrow(UsageError);
    expect(() => rangePeriod('2025-03-20', '2025-03-01', MSK)).toThrow(/after/);
    expect(() => rangePeriod('01.03.2025', '2025-03-20', MSK)).toThrow(UsageError);
    expect(() => rangePeriod('2025-03-01', '2025-02-30', MSK)).toThrow(UsageError);
  });
});

describe('splitPeriod', () => {
  it('a quarter by month', () => {
    const months = splitPeriod(parsePeriod('2025-Q1', MSK), 'month', MSK);
    expect(months.map(shape)).toEqual(['2025-01', '2025-02', '2025-03'].map((m) => shape(parsePeriod(m, MSK))));
  });

  it('a month by week: whole weeks keep ISO labels, the sticking-out ends are clipped', () => {
    const weeks = splitPeriod(parsePeriod('2025-03', MSK), 'week', MSK);
    expect(labels(weeks)).toEqual([
      '2025-03-01..2025-03-02',
      '2025-W10',
      '2025-W11',
      '2025-W12',
      '2025-W13',
      '2025-03-31..2025-03-31',
    ]);
    expect(weeks[0]?.kind).toBe('range');
    expect(weeks[1]?.kind).toBe('week');
    expect(weeks[0]?.start.toISOString()).toBe('2025-02-28T21:00:00.000Z');
    expect(weeks[5]?.end.toISOString()).toBe('2025-03-31T21:00:00.000Z');
  });

  it('a year by quarter', () => {
    expect(labels(splitPeriod(parsePeriod('2025', MSK), 'quarter', MSK))).toEqual([
      '2025-Q1',
      '2025-Q2',
      '2025-Q3',
      '2025-Q4',
    ]);
  });

  it('a custom range by week is clipped to the range (--from 2025-03-05 --to 2025-03-20)', () => {
    const pieces = splitPeriod(rangePeriod('2025-03-05', '2025-03-20', MSK), 'week', MSK);
    expect(pieces.map((p) => [p.label, p.startDate, p.endDate])).toEqual([
      ['2025-03-05..2025-03-09', '2025-03-05', '2025-03-09'],
      ['2025-W11', '2025-03-10', '2025-03-16'],
      ['2025-03-17..2025-03-20', '2025-03-17', '2025-03-20'],
    ]);
  });

  it('a period smaller than one natural piece comes back whole, with its own label', () => {
    const march = parsePeriod('2025-03', MSK);
    expect(splitPeriod(march, 'quarter', MSK)).toEqual([march]);
    expect(splitPeriod(march, 'month', MSK)).toEqual([march]);
    const range = rangePeriod('2025-03-05', '2025-03-20', MSK);
    expect(splitPeriod(range, 'month', MSK)).toEqual([range]);
  });

  it('a week by month straddling two months, and Sunday weeks', () => {
    expect(labels(splitPeriod(parsePeriod('2025-W09', MSK), 'month', MSK))).toEqual([
      '2025-02-24..2025-02-28',
      '2025-03-01..2025-03-02',
    ]);
    const SUN = ctx('Europe/Moscow', { weekStartsOn: 'sunday' });
    const weeks = splitPeriod(parsePeriod('2025-03', SUN), 'week', SUN);
    expect(weeks.map((p) => [p.label, p.startDate])).toEqual([
      ['2025-03-01..2025-03-01', '2025-03-01'],
      ['2025-W10', '2025-03-02'],
      ['2025-W11', '2025-03-09'],
      ['2025-W12', '2025-03-16'],
      ['2025-W13', '2025-03-23'],
      ['2025-03-30..2025-03-31', '2025-03-30'],
    ]);
  });
});

describe('previousPeriod', () => {
  it.each([
    ['2025', '2024'],
    ['2025-Q1', '2024-Q4'],
    ['2025-Q3', '2025-Q2'],
    ['2025-03', '2025-02'],
    ['2025-01', '2024-12'],
    ['2025-W10', '2025-W09'],
    ['2025-W01', '2024-W52'],
    ['2027-W01', '2026-W53'],
    ['2025-03-01', '2025-02-28'],
    ['2024-03-01', '2024-02-29'],
    ['2025-03-01..2025-03-20', '2025-02-09..2025-02-28'],
  ])('%s -> %s', (spec, expected) => {
    const prev = previousPeriod(parsePeriod(spec, BER), BER);
    expect(shape(prev)).toEqual(shape(parsePeriod(expected, BER)));
    expect(prev.end.getTime()).toBe(parsePeriod(spec, BER).start.getTime());
  });

  it('Sunday weeks and clipped pieces', () => {
    const SUN = ctx('Europe/Moscow', { weekStartsOn: 'sunday' });
    const prev = previousPeriod(parsePeriod('2025-W09', SUN), SUN);
    expect([prev.label, prev.startDate, prev.endDate]).toEqual(['2025-W08', '2025-02-16', '2025-02-22']);
    const clipped = splitPeriod(parsePeriod('2025-03', MSK), 'week', MSK)[0] as Period;
    expect(previousPeriod(clipped, MSK).label).toBe('2025-02-27..2025-02-28');
  });
});

describe('calendarDaysBetween', () => {
  it('counts local calendar days, whatever the hours', () => {
    // Created on the 1st at 23:59, as-of the 31st at 00:01, Moscow time.
    const created = at('2025-03-01T20:59:00Z');
    const asOf = at('2025-03-30T21:01:00Z');
    expect(calendarDaysBetween(created, asOf, 'Europe/Moscow')).toBe(30);
    expect(calendarDaysBetween(asOf, created, 'Europe/Moscow')).toBe(-30);
    expect(calendarDaysBetween(created, created, 'Europe/Moscow')).toBe(0);
    // The same two instants are 29 days apart in UTC (03-01 20:59 .. 03-30 21:01).
    expect(calendarDaysBetween(created, asOf, 'UTC')).toBe(29);
  });

  it('one minute across local midnight is one day; 47 hours within two dates is one day', () => {
    expect(calendarDaysBetween(at('2025-03-14T20:59:00Z'), at('2025-03-14T21:00:00Z'), 'Europe/Moscow')).toBe(1);
    expect(calendarDaysBetween(at('2025-03-13T21:00:00Z'), at('2025-03-15T20:59:00Z'), 'Europe/Moscow')).toBe(1);
    expect(calendarDaysBetween(at('2025-03-14T00:00:00Z'), at('2025-03-14T23:00:00Z'), 'UTC')).toBe(0);
  });

  it('is not fooled by a 23-hour day', () => {
    // Berlin 2025-03-29 12:00 CET -> 2025-03-31 00:00 CEST: two dates later, only 35 hours.
    expect(calendarDaysBetween(at('2025-03-29T11:00:00Z'), at('2025-03-30T22:00:00Z'), 'Europe/Berlin')).toBe(2);
  });
});

describe('localDate and localMidnight', () => {
  it('give the wall-clock date and the midnight that starts it', () => {
    expect(localDate(at('2025-03-14T21:00:00Z'), 'Europe/Moscow')).toBe('2025-03-15');
    expect(localDate(at('2025-03-14T20:59:59.999Z'), 'Europe/Moscow')).toBe('2025-03-14');
    expect(localDate(at('2025-03-14T10:00:00Z'), 'America/Los_Angeles')).toBe('2025-03-14');
    expect(localDate(at('2025-03-14T06:59:59Z'), 'America/Los_Angeles')).toBe('2025-03-13');
    expect(localMidnight('2025-03-30', 'Europe/Berlin').toISOString()).toBe('2025-03-29T23:00:00.000Z');
    expect(localMidnight('2025-03-31', 'Europe/Berlin').toISOString()).toBe('2025-03-30T22:00:00.000Z');
    expect(() => localMidnight('2025-3-1', 'Europe/Berlin')).toThrow(UsageError);
  });
});

describe('parseAsOf', () => {
  const fixedNow = at('2025-06-01T12:34:56.789Z');
  const now = () => fixedNow;
  const asOf = (text: string | undefined, zone = 'Europe/Moscow') => parseAsOf(text, zone, now).toISOString();

  it('undefined is now()', () => {
    expect(parseAsOf(undefined, 'Europe/Moscow', now)).toBe(fixedNow);
  });

  it('a datetime with an offset is that instant, whatever the zone', () => {
    expect(asOf('2025-03-31T10:00:00Z')).toBe('2025-03-31T10:00:00.000Z');
    expect(asOf('2025-03-31T10:00:00.250Z', 'Asia/Tokyo')).toBe('2025-03-31T10:00:00.250Z');
    expect(asOf('2025-03-31T10:00:00+03:00')).toBe('2025-03-31T07:00:00.000Z');
    expect(asOf('2025-03-31T10:00+0530')).toBe('2025-03-31T04:30:00.000Z');
    expect(asOf('2025-03-31T10:00:00-07')).toBe('2025-03-31T17:00:00.000Z');
    expect(asOf('2025-03-31 10:00:00z')).toBe('2025-03-31T10:00:00.000Z');
  });

  it('a datetime without an offset is wall-clock time in the zone', () => {
    expect(asOf('2025-03-31T10:00')).toBe('2025-03-31T07:00:00.000Z');
    expect(asOf('2025-03-31T10:00:30.5')).toBe('2025-03-31T07:00:30.500Z');
    expect(asOf('2025-03-31 10:00:00', 'Europe/Berlin')).toBe('2025-03-31T08:00:00.000Z');
    expect(asOf('2025-01-15T10:00:00', 'Europe/Berlin')).toBe('2025-01-15T09:00:00.000Z');
  });

  it('DST: a skipped time moves forward by the gap, a repeated time is its first occurrence', () => {
    // Berlin 2025-03-30: 02:00 CET jumps to 03:00 CEST; 02:30 does not exist -> 03:30 CEST.
    expect(asOf('2025-03-30T02:30', 'Europe/Berlin')).toBe('2025-03-30T01:30:00.000Z');
    // Berlin 2025-10-26: 03:00 CEST falls back to 02:00 CET; 02:30 happens twice -> CEST one.
    expect(asOf('2025-10-26T02:30', 'Europe/Berlin')).toBe('2025-10-26T00:30:00.000Z');
    // Lord Howe's half-hour gap: 02:15 -> 02:45 (+11:00).
    expect(asOf('2025-10-05T02:15', 'Australia/Lord_Howe')).toBe('2025-10-04T15:45:00.000Z');
  });

  it('a bare date is the last millisecond of that local day', () => {
    expect(asOf('2025-03-31')).toBe('2025-03-31T20:59:59.999Z');
    expect(asOf('2025-03-31', 'UTC')).toBe('2025-03-31T23:59:59.999Z');
    // A 25-hour day still ends at the next local midnight.
    expect(asOf('2025-10-26', 'Europe/Berlin')).toBe('2025-10-26T22:59:59.999Z');
    // Everything stamped on the 31st is before it; the 1st is not.
    const end = parseAsOf('2025-03-31', 'Europe/Moscow', now);
    expect(localDate(end, 'Europe/Moscow')).toBe('2025-03-31');
    expect(localDate(new Date(end.getTime() + 1), 'Europe/Moscow')).toBe('2025-04-01');
    expect(contains(parsePeriod('2025-03', MSK), end)).toBe(true);
  });

  it.each([
    '',
    'now',
    'yesterday',
    '31.03.2025',
    '2025-3-31',
    '2025-02-30',
    '2025-03-31T24:00',
    '2025-03-31T10:60',
    '2025-03-31T10',
    '2025-03-31Z',
    '2025-03-31T10:00+25:00',
    '1743400000000',
  ])('rejects %j with a UsageError', (text) => {
    expect(() => parseAsOf(text, 'Europe/Moscow', now)).toThrow(UsageError);
  });
});

// ----------------------------------------------------------------------------------------------
// Properties.

const ZONES = [
  'UTC',
  'Europe/Moscow',
  'Europe/Berlin',
  'Europe/London',
  'Asia/Tokyo',
  'Asia/Kolkata',
  'America/Los_Angeles',
  'America/St_Johns',
  'America/Santiago',
  'America/Havana',
  'Australia/Lord_Howe',
  'Pacific/Chatham',
  'Pacific/Kiritimati',
  'Pacific/Pago_Pago',
] as const;
const EVERY: Every[] = ['day', 'week', 'month', 'quarter', 'year'];

const zoneArb = fc.constantFrom(...ZONES);
const everyArb = fc.constantFrom(...EVERY);
const weekStartArb = fc.constantFrom<CalendarContext['weekStartsOn']>('monday', 'sunday');
// 1990 .. 2040, to the millisecond.
const instantArb = fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2040, 0, 1) }).map((t) => new Date(t));
const ctxArb = fc.record({ timezone: zoneArb, weekStartsOn: weekStartArb, asOf: instantArb });

/** Any period this module can produce: a natural one, a relative one, or a custom range. */
const periodArb = fc.oneof(
  fc.tuple(instantArb, everyArb, ctxArb).map(([t, every, c]) => ({ c, p: periodContaining(t, every, c) })),
  fc
    .tuple(ctxArb, fc.constantFrom('this', 'last'), fc.constantFrom('week', 'month', 'quarter', 'year'))
    .map(([c, which, unit]) => ({ c, p: parsePeriod(`${which}-${unit}`, c) })),
  fc.tuple(instantArb, fc.integer({ min: 0, max: 800 }), ctxArb).map(([t, days, c]) => {
    const from = localDate(t, c.timezone);
    const to = localDate(new Date(t.getTime() + days * 86_400_000), c.timezone);
    return { c, p: rangePeriod(from, to, c) };
  }),
);

const nextDate = (date: string) => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
};

describe('properties', () => {
  it('splitPeriod pieces are contiguous, non-overlapping and exactly cover the period', () => {
    fc.assert(
      fc.property(periodArb, everyArb, ({ c, p }, every) => {
        const pieces = splitPeriod(p, every, c);
        expect(pieces.length).toBeGreaterThan(0);
        expect(pieces[0]?.start.getTime()).toBe(p.start.getTime());
        expect(pieces[0]?.startDate).toBe(p.startDate);
        expect(pieces.at(-1)?.end.getTime()).toBe(p.end.getTime());
        expect(pieces.at(-1)?.endDate).toBe(p.endDate);
        pieces.forEach((piece, i) => {
          // Equal only for a day the zone skipped (Kiritimati 1994-12-31).
          expect(piece.start.getTime()).toBeLessThanOrEqual(piece.end.getTime());
          expect(piece.startDate <= piece.endDate).toBe(true);
          const next = pieces[i + 1];
          if (next) {
            expect(next.start.getTime()).toBe(piece.end.getTime());
            expect(next.startDate).toBe(nextDate(piece.endDate));
          }
          // A piece's label names exactly its days.
          expect(shape(parsePeriod(piece.label, c))).toEqual(shape(piece));
        });
      }),
      { numRuns: 300 },
    );
  });

  it('periodContaining(t) contains t, and its ends are local midnights', () => {
    fc.assert(
      fc.property(instantArb, everyArb, ctxArb, (t, every, c) => {
        const p = periodContaining(t, every, c);
        expect(contains(p, t)).toBe(true);
        expect(p.kind).toBe(every);
        expect(localDate(p.start, c.timezone)).toBe(p.startDate);
        expect(localDate(new Date(p.start.getTime() - 1), c.timezone)).not.toBe(p.startDate);
        // The last millisecond is on endDate, unless the zone skipped that day (Kiritimati).
        expect(localDate(new Date(p.end.getTime() - 1), c.timezone) <= p.endDate).toBe(true);
        expect(localDate(p.end, c.timezone)).toBe(nextDate(p.endDate));
        expect(previousPeriod(p, c).end.getTime()).toBe(p.start.getTime());
        expect(shape(parsePeriod(p.label, c))).toEqual(shape(p));
      }),
      { numRuns: 500 },
    );
  });

  it('localDate / day start round-trip', () => {
    fc.assert(
      fc.property(instantArb, zoneArb, (t, zone) => {
        const date = localDate(t, zone);
        const day = parsePeriod(date, { timezone: zone, weekStartsOn: 'monday', asOf: t });
        expect(contains(day, t)).toBe(true);
        expect(localDate(day.start, zone)).toBe(date);
        expect(localMidnight(date, zone).getTime()).toBe(day.start.getTime());
        expect(calendarDaysBetween(day.start, t, zone)).toBe(0);
        // The day ends at the next day's midnight, which is two calendar days on when the zone
        // skipped the day in between (Pacific/Kiritimati has no 1994-12-31, Pacific/Apia no 2011-12-30).
        const skipped = localDate(day.end, zone) !== nextDate(date);
        if (skipped) expect(localDate(day.end, zone)).toBe(nextDate(nextDate(date)));
        expect(calendarDaysBetween(t, day.end, zone)).toBe(skipped ? 2 : 1);
      }),
      { numRuns: 500 },
    );
  });

  // Only date-fns *formatting* serves as the oracle: it reads TZDate's fields, which do not depend on
  // the host. Its startOfDay/startOfMonth do (an hour off for America/Santiago 2034-04-02 on a host
  // in that zone), so they cannot be compared here.
  it('agrees with date-fns formatting in the zone: dates, ISO week labels, midnights', () => {
    fc.assert(
      fc.property(instantArb, zoneArb, everyArb, (t, zone, every) => {
        const inZone = { in: tz(zone) };
        const c: CalendarContext = { timezone: zone, weekStartsOn: 'monday', asOf: t };
        expect(localDate(t, zone)).toBe(format(t, 'yyyy-MM-dd', inZone));
        expect(periodContaining(t, 'week', c).label).toBe(format(t, "RRRR-'W'II", inZone));
        const p = periodContaining(t, every, c);
        // The start shows the first day at the day's first wall-clock time (00:00, or the end of a
        // DST gap); just before it the clock showed an earlier date.
        expect(format(p.start, 'yyyy-MM-dd', inZone)).toBe(p.startDate);
        expect(format(p.start, 'HH:mm', inZone) <= '01:00').toBe(true);
        expect(format(new Date(p.start.getTime() - 1), 'yyyy-MM-dd', inZone) < p.startDate).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('parseAsOf: a bare date ends its local day; wall-clock text reads back unchanged outside DST gaps', () => {
    fc.assert(
      fc.property(instantArb, zoneArb, (t, zone) => {
        const date = localDate(t, zone);
        const end = parseAsOf(date, zone, () => t);
        expect(localDate(end, zone)).toBe(date);
        // The next millisecond is the next day (or a later one, if the zone skipped a day).
        expect(localDate(new Date(end.getTime() + 1), zone) > date).toBe(true);
        // Writing t as local wall clock and reading it back gives t, or the instant an hour
        // earlier/later when that wall time happens twice (the rule picks the first).
        const wall = format(t, "yyyy-MM-dd'T'HH:mm:ss.SSS", { in: tz(zone) });
        const back = parseAsOf(wall, zone, () => t);
        expect(format(back, "yyyy-MM-dd'T'HH:mm:ss.SSS", { in: tz(zone) })).toBe(wall);
        expect(back.getTime()).toBeLessThanOrEqual(t.getTime());
      }),
      { numRuns: 500 },
    );
  });
});

describe('calendar-date arithmetic (daysInRange, addDaysToDate)', () => {
  it('counts both ends and crosses month, leap-day and year boundaries', () => {
    expect(daysInRange('2025-03-01', '2025-03-31')).toBe(31);
    expect(daysInRange('2024-02-28', '2024-03-01')).toBe(3);
    expect(daysInRange('2025-03-14', '2025-03-14')).toBe(1);
    expect(addDaysToDate('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDaysToDate('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDaysToDate('2025-03-01', -1)).toBe('2025-02-28');
  });

  it('refuses text that is not a calendar date', () => {
    expect(() => daysInRange('2025-02-30', '2025-03-01')).toThrow(RangeError);
    expect(() => addDaysToDate('31.03.2025', 1)).toThrow(RangeError);
  });
});
