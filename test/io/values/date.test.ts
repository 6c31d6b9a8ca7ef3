// Every expectation here is an absolute instant (toISOString, UTC), so the suite must pass under any
// host TZ: run it with TZ=UTC, TZ=Pacific/Auckland and TZ=America/New_York.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { format } from 'date-fns';
import { tz } from '@date-fns/tz';
import {
  isMissingDate,
  parseDateTime,
  parseLocalDate,
  formatEngines,
  type DateOptions,
} from '../../../src/io/values/date.js';

const MSK = 'Europe/Moscow';

function iso(text: string, opts: DateOptions): string {
  const r = parseDateTime(text, opts);
  if (!r.ok) throw new Error(`expected ${JSON.stringify(text)} to parse: ${r.reason}`);
  return r.value.toISOString();
}

function reason(text: string, opts: DateOptions): string {
  const r = parseDateTime(text, opts);
  if (r.ok) throw new Error(`expected ${JSON.stringify(text)} to fail, got ${r.value.toISOString()}`);
  return r.reason;
}

function localDate(text: string, opts: DateOptions): string {
  const r = parseLocalDate(text, opts);
  if (!r.ok) throw new Error(r.reason);
  return r.value;
}

describe('isMissingDate', () => {
  it.each(['', '   ', '-', '—', '–', 'не закрыта', 'Не закрыта', 'НЕ УКАЗАНА', 'не указана', 'n/a', 'N/A', 'null', 'NULL', ' null '])(
    '%j is missing',
    (t) => expect(isMissingDate(t)).toBe(true),
  );
  it.each(['0', '2025-03-30', 'нет', 'none', '--', 'x'])('%j is not missing', (t) => expect(isMissingDate(t)).toBe(false));
});

describe('ISO 8601', () => {
  // The fast readers keep the days they saw in a small table by year, month and day: these days
  // share a slot of it (2025-04-31, which does not exist, and the real 2007-12-31 and 2010-09-27).
  it('reads days that share a slot of the day table each as itself, in any order', () => {
    const utc = { timezone: 'UTC' };
    for (let round = 0; round < 2; round++) {
      expect(iso('2007-12-31 10:00:00', utc)).toBe('2007-12-31T10:00:00.000Z');
      expect(reason('2025-04-31 10:00:00', utc)).toContain('cannot read "2025-04-31 10:00:00" as a date');
      expect(iso('2010-09-27', utc)).toBe('2010-09-27T00:00:00.000Z');
      expect(iso('2007-12-31T23:59:59', utc)).toBe('2007-12-31T23:59:59.000Z');
      expect(reason('2025-04-31', utc)).toContain('cannot read "2025-04-31" as a date');
    }
  });

  it('a date-only value is local midnight in the zone, not UTC', () => {
    expect(iso('2025-03-30', { timezone: MSK })).toBe('2025-03-29T21:00:00.000Z');
    expect(iso('2025-03-30', { timezone: 'UTC' })).toBe('2025-03-30T00:00:00.000Z');
    expect(iso('2025-03-30', { timezone: 'America/New_York' })).toBe('2025-03-30T04:00:00.000Z');
    expect(iso('2025-01-15', { timezone: 'Pacific/Auckland' })).toBe('2025-01-14T11:00:00.000Z');
  });

  it('a datetime with Z or an offset is that instant, whatever the zone', () => {
    expect(iso('2025-03-30T14:05:00Z', { timezone: MSK })).toBe('2025-03-30T14:05:00.000Z');
    expect(iso('2025-03-30T14:05:00z', { timezone: MSK })).toBe('2025-03-30T14:05:00.000Z');
    expect(iso('2025-03-30T14:05:00+03:00', { timezone: 'UTC' })).toBe('2025-03-30T11:05:00.000Z');
    expect(iso('2025-03-30T14:05:00+0300', { timezone: 'UTC' })).toBe('2025-03-30T11:05:00.000Z');
    expect(iso('2025-03-30T14:05:00+03', { timezone: 'UTC' })).toBe('2025-03-30T11:05:00.000Z');
    expect(iso('2025-03-30T14:05:00-05:30', { timezone: MSK })).toBe('2025-03-30T19:35:00.000Z');
    expect(iso('2025-03-30 14:05:00 +03:00', { timezone: 'UTC' })).toBe('2025-03-30T11:05:00.000Z');
  });

  it('a datetime without offset is wall-clock time in the zone', () => {
    expect(iso('2025-03-30T14:05:00', { timezone: MSK })).toBe('2025-03-30T11:05:00.000Z');
    expect(iso('2025-03-30 14:05:00', { timezone: MSK })).toBe('2025-03-30T11:05:00.000Z');
    expect(iso('2025-03-30T14:05', { timezone: MSK })).toBe('2025-03-30T11:05:00.000Z');
    expect(iso('2025-07-01T12:00:00', { timezone: 'America/New_York' })).toBe('2025-07-01T16:00:00.000Z');
    expect(iso('2025-01-01T12:00:00', { timezone: 'America/New_York' })).toBe('2025-01-01T17:00:00.000Z');
  });

  it('accepts fractional seconds (point or comma), dropping sub-millisecond digits', () => {
    expect(iso('2025-03-30T14:05:00.5Z', { timezone: MSK })).toBe('2025-03-30T14:05:00.500Z');
    expect(iso('2025-03-30T14:05:00.123456789Z', { timezone: MSK })).toBe('2025-03-30T14:05:00.123Z');
    expect(iso('2025-03-30 14:05:00,25', { timezone: 'UTC' })).toBe('2025-03-30T14:05:00.250Z');
    expect(iso('2025-03-30T14:05:59.9999', { timezone: 'UTC' })).toBe('2025-03-30T14:05:59.999Z');
  });

  it('trims surrounding whitespace', () => {
    expect(iso('  2025-03-30  ', { timezone: 'UTC' })).toBe('2025-03-30T00:00:00.000Z');
  });

  it.each([
    '2025-02-29',
    '2025-13-01',
    '2025-04-31',
    '2025-03-30T24:00',
    '2025-03-30T12:60',
    '2025-03-30T12:00:60',
    '2025-03-30Z',
    '2025-03-30T14:05:00+25:00',
    '2025-3-30',
    '25-03-30',
    '2025/03/30',
    '30 March 2025',
    'Test 2',
    '2025-03-30T14',
  ])('refuses %j', (t) => {
    expect(reason(t, { timezone: MSK })).toBe(
      `cannot read "${t}" as a date (expected ISO 8601, e.g. 2025-03-14 or 2025-03-14T09:30:00)`,
    );
  });

  it('accepts 2024-02-29 (leap year)', () => {
    expect(iso('2024-02-29', { timezone: 'UTC' })).toBe('2024-02-29T00:00:00.000Z');
  });
});

describe('date_format', () => {
  const ru = { format: 'dd.MM.yyyy HH:mm:ss', timezone: MSK };

  it('reads the format as wall clock in the zone', () => {
    expect(iso('14.03.2025 09:30:00', ru)).toBe('2025-03-14T06:30:00.000Z');
    expect(iso('31.01.2025 23:30:00', { ...ru, timezone: 'Europe/Berlin' })).toBe('2025-01-31T22:30:00.000Z');
  });

  it('a format with a time part also accepts the bare date (midnight)', () => {
    expect(iso('14.03.2025', ru)).toBe('2025-03-13T21:00:00.000Z');
    expect(iso('3/14/2025', { format: 'M/d/yyyy H:mm', timezone: 'America/New_York' })).toBe('2025-03-14T04:00:00.000Z');
    expect(iso('2025-03-14', { format: "yyyy-MM-dd'T'HH:mm", timezone: 'UTC' })).toBe('2025-03-14T00:00:00.000Z');
  });

  it('dd also accepts one-digit days and months', () => {
    expect(iso('1.1.2025 9:05:00', { format: 'dd.MM.yyyy H:mm:ss', timezone: 'UTC' })).toBe('2025-01-01T09:05:00.000Z');
    expect(iso('1.1.2025', ru)).toBe('2024-12-31T21:00:00.000Z');
  });

  it('US style and 12-hour clocks', () => {
    expect(iso('3/9/2025 14:30', { format: 'M/d/yyyy H:mm', timezone: 'UTC' })).toBe('2025-03-09T14:30:00.000Z');
    expect(iso('12/31/2025 12:30 PM', { format: 'MM/dd/yyyy hh:mm a', timezone: 'UTC' })).toBe('2025-12-31T12:30:00.000Z');
    expect(iso('12/31/2025 12:30 AM', { format: 'MM/dd/yyyy hh:mm a', timezone: 'UTC' })).toBe('2025-12-31T00:30:00.000Z');
  });

  it('a format with an offset token reads an instant', () => {
    const f = { format: "yyyy-MM-dd'T'HH:mm:ssXXX", timezone: 'America/New_York' };
    expect(iso('2025-03-14T09:30:00+03:00', f)).toBe('2025-03-14T06:30:00.000Z');
  });

  it('ISO is always accepted too', () => {
    expect(iso('2025-03-14T09:30:00', ru)).toBe('2025-03-14T06:30:00.000Z');
    expect(iso('2025-03-14T09:30:00Z', ru)).toBe('2025-03-14T09:30:00.000Z');
  });

  it('refuses invalid calendar dates with the format and an example', () => {
    expect(reason('31.02.2025', ru)).toBe(
      'cannot read "31.02.2025" as a date (expected dd.MM.yyyy HH:mm:ss, e.g. 14.03.2025 09:30:00)',
    );
    expect(reason('29.02.2025 10:00:00', ru)).toMatch(/^cannot read "29\.02\.2025 10:00:00" as a date/);
    expect(reason('14.03.2025 25:00:00', ru)).toMatch(/expected dd\.MM\.yyyy HH:mm:ss/);
    expect(reason('14.03.2025 09:30', ru)).toMatch(/expected dd\.MM\.yyyy HH:mm:ss, e\.g\. 14\.03\.2025 09:30:00/);
    expect(reason('13/14/2025', { format: 'M/d/yyyy', timezone: 'UTC' })).toBe(
      'cannot read "13/14/2025" as a date (expected M/d/yyyy, e.g. 3/14/2025)',
    );
  });

  it('a date-only format does not accept a time', () => {
    expect(reason('14.03.2025 10:00', { format: 'dd.MM.yyyy', timezone: 'UTC' })).toMatch(/expected dd\.MM\.yyyy, e\.g\. 14\.03\.2025\)/);
  });

  it('refuses two-digit years in the text', () => {
    expect(reason('01.02.25', ru)).toBe(
      'cannot read "01.02.25" as a date: two-digit years are refused, write the year in full ' +
        '(expected dd.MM.yyyy HH:mm:ss, e.g. 14.03.2025 09:30:00)',
    );
    expect(reason('1/2/25 10:00', { format: 'M/d/yyyy H:mm', timezone: 'UTC' })).toMatch(/two-digit years are refused/);
  });

  it('refuses two-digit-year formats, week years and day-of-year tokens', () => {
    expect(reason('01.02.25', { format: 'dd.MM.yy', timezone: 'UTC' })).toMatch(
      /^cannot read "01\.02\.25" as a date: date format "dd\.MM\.yy": two-digit years \(yy\) are refused/,
    );
    expect(reason('14.03.2025', { format: 'dd.MM.YYYY', timezone: 'UTC' })).toMatch(/use yyyy/);
    expect(reason('14.03.2025', { format: 'DD.MM.yyyy', timezone: 'UTC' })).toMatch(/use dd/);
  });
});

describe('Excel serial dates', () => {
  const xl = { format: 'excel', timezone: MSK };
  const xlUtc = { format: 'excel', timezone: 'UTC' };

  it('reads serials as wall clock in the zone', () => {
    expect(iso('45730', xl)).toBe('2025-03-13T21:00:00.000Z');
    expect(iso('45730.395833', xl)).toBe('2025-03-14T06:30:00.000Z'); // 09:30 MSK, rounded to the second
    expect(iso('45730.5', xlUtc)).toBe('2025-03-14T12:00:00.000Z');
    expect(iso('45730,5', xlUtc)).toBe('2025-03-14T12:00:00.000Z');
    expect(iso('45730.999999999', xlUtc)).toBe('2025-03-15T00:00:00.000Z'); // rounds into the next day
  });

  it('handles the fictitious 1900-02-29 (serial 60)', () => {
    expect(iso('1', xlUtc)).toBe('1900-01-01T00:00:00.000Z');
    expect(iso('59', xlUtc)).toBe('1900-02-28T00:00:00.000Z');
    expect(iso('61', xlUtc)).toBe('1900-03-01T00:00:00.000Z');
    expect(reason('60', xlUtc)).toBe('cannot read "60" as a date: Excel serial 60 is 1900-02-29, a day that never existed');
    expect(reason('60.5', xlUtc)).toMatch(/1900-02-29/);
  });

  it('agrees with (s − 25569) × 86400000 from serial 61 on', () => {
    fc.assert(
      fc.property(fc.integer({ min: 61, max: 2_958_465 }), (s) => {
        expect(iso(String(s), xlUtc)).toBe(new Date((s - 25569) * 86_400_000).toISOString());
      }),
    );
  });

  it('also accepts ISO in excel mode, refuses other text', () => {
    expect(iso('2025-03-14', xl)).toBe('2025-03-13T21:00:00.000Z');
    expect(reason('14.03.2025', xl)).toBe(
      'cannot read "14.03.2025" as a date (expected an Excel serial date, e.g. 45730.395833, or ISO 8601, e.g. 2025-03-14)',
    );
    expect(reason('0', xl)).toMatch(/^cannot read "0" as a date/);
    expect(reason('-5', xl)).toMatch(/^cannot read "-5" as a date/);
    expect(reason('2958466', xl)).toMatch(/^cannot read "2958466" as a date/);
  });

  it('without date_format: excel a bare number says what to set', () => {
    expect(reason('45678', { timezone: MSK })).toBe(
      'cannot read "45678" as a date: it looks like an Excel serial date; those need date_format: excel ' +
        '(expected ISO 8601, e.g. 2025-03-14 or 2025-03-14T09:30:00)',
    );
    expect(reason('45678.25', { format: 'dd.MM.yyyy', timezone: MSK })).toMatch(/need date_format: excel/);
  });
});

describe('DST: our rules, whatever the host TZ', () => {
  const ny = { timezone: 'America/New_York' };
  const berlin = { timezone: 'Europe/Berlin' };

  it('a time in the spring gap is shifted forward by the gap (02:30 → 03:30)', () => {
    expect(iso('2025-03-09T02:30:00', ny)).toBe('2025-03-09T07:30:00.000Z'); // 03:30 EDT
    expect(iso('2025-03-09T02:00:00', ny)).toBe('2025-03-09T07:00:00.000Z'); // 03:00 EDT
    expect(iso('2025-03-30 02:30', berlin)).toBe('2025-03-30T01:30:00.000Z'); // 03:30 CEST
    expect(iso('09.03.2025 02:30', { ...ny, format: 'dd.MM.yyyy HH:mm' })).toBe('2025-03-09T07:30:00.000Z');
    // a 30-minute DST step (Lord Howe, +10:30 → +11:00 at 02:00)
    expect(iso('2025-10-05T02:15:00', { timezone: 'Australia/Lord_Howe' })).toBe('2025-10-04T15:45:00.000Z');
  });

  it('the minutes around the gap are unaffected', () => {
    expect(iso('2025-03-09T01:59:59', ny)).toBe('2025-03-09T06:59:59.000Z'); // EST
    expect(iso('2025-03-09T03:00:00', ny)).toBe('2025-03-09T07:00:00.000Z'); // EDT
  });

  it('a time in the autumn overlap is the earlier instant (summer time)', () => {
    expect(iso('2025-11-02T01:30:00', ny)).toBe('2025-11-02T05:30:00.000Z'); // 01:30 EDT, not EST
    expect(iso('2025-10-26T02:30:00', berlin)).toBe('2025-10-26T00:30:00.000Z'); // 02:30 CEST
    expect(iso('2025-11-02T00:59:59', ny)).toBe('2025-11-02T04:59:59.000Z');
    expect(iso('2025-11-02T02:00:00', ny)).toBe('2025-11-02T07:00:00.000Z'); // EST
  });

  it('a midnight that does not exist (Santiago) becomes 01:00 of the same day', () => {
    const scl = { timezone: 'America/Santiago' };
    expect(iso('2025-09-07', scl)).toBe('2025-09-07T04:00:00.000Z'); // 01:00 -03
    expect(localDate('2025-09-07', scl)).toBe('2025-09-07');
  });

  it('Excel serials in a gap follow the same rule', () => {
    // 45725 = 2025-03-09; .104167 ≈ 02:30
    expect(iso('45725.104167', { format: 'excel', timezone: 'America/New_York' })).toBe('2025-03-09T07:30:00.000Z');
  });

  it('round-trips every wall-clock minute of a year that exists exactly once (property)', () => {
    const zones = ['Europe/Moscow', 'Europe/Berlin', 'America/New_York', 'Pacific/Auckland', 'Asia/Kolkata'];
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2020, 0, 1) / 60_000, max: Date.UTC(2030, 0, 1) / 60_000 }),
        fc.constantFrom(...zones),
        (minute, zone) => {
          const instant = new Date(minute * 60_000);
          const parts = new Intl.DateTimeFormat('en-CA', {
            timeZone: zone,
            hourCycle: 'h23',
            year: 'numeric',
            month: '2-digit',
            day: '2-digit',
            hour: '2-digit',
            minute: '2-digit',
          }).formatToParts(instant);
          const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
          const wall = `${get('year')}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}`;
          const back = parseDateTime(wall, { timezone: zone });
          expect(back.ok).toBe(true);
          if (!back.ok) return;
          // Exact round trip, except the later copy of an autumn-overlap hour (→ the earlier one).
          const diff = instant.getTime() - back.value.getTime();
          expect(diff === 0 || diff === 3_600_000).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('parseLocalDate', () => {
  it('gives the calendar date as written for dates and wall-clock datetimes', () => {
    expect(localDate('2025-03-30', { timezone: 'Pacific/Auckland' })).toBe('2025-03-30');
    expect(localDate('31.01.2025 23:30:00', { format: 'dd.MM.yyyy HH:mm:ss', timezone: 'Europe/Berlin' })).toBe('2025-01-31');
    expect(localDate('14.03.2025', { format: 'dd.MM.yyyy HH:mm:ss', timezone: MSK })).toBe('2025-03-14');
    expect(localDate('45730.9', { format: 'excel', timezone: MSK })).toBe('2025-03-14');
  });

  it('gives the local date in the zone for an instant', () => {
    expect(localDate('2025-01-31T23:30:00Z', { timezone: 'Europe/Berlin' })).toBe('2025-02-01');
    expect(localDate('2025-01-31T23:30:00Z', { timezone: 'UTC' })).toBe('2025-01-31');
    expect(localDate('2025-01-31T23:30:00Z', { timezone: 'America/New_York' })).toBe('2025-01-31');
    expect(localDate('2025-01-31T12:00:00Z', { timezone: 'Pacific/Auckland' })).toBe('2025-02-01');
  });

  it('fails like parseDateTime', () => {
    const r = parseLocalDate('31.02.2025', { format: 'dd.MM.yyyy', timezone: MSK });
    expect(r).toEqual({ ok: false, reason: 'cannot read "31.02.2025" as a date (expected dd.MM.yyyy, e.g. 14.03.2025)' });
  });
});

describe('misc', () => {
  it('empty text is a failure (callers check isMissingDate first)', () => {
    expect(reason('', { timezone: MSK })).toBe('cannot read "" as a date: the text is empty');
    expect(reason('-', { timezone: MSK })).toMatch(/^cannot read "-" as a date \(expected ISO 8601/);
  });

  it('an unknown timezone is a clear failure', () => {
    expect(reason('2025-03-30', { timezone: 'Mars/Olympus' })).toBe(
      'cannot read "2025-03-30" as a date: unknown timezone "Mars/Olympus"',
    );
  });

  it('a fixed-offset zone works', () => {
    expect(iso('2025-03-30T12:00', { timezone: '+03:00' })).toBe('2025-03-30T09:00:00.000Z');
  });

  it('never depends on the host zone (date-only equals midnight in zone for many days, property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3650 }), fc.constantFrom('UTC', MSK, 'Asia/Tokyo'), (days, zone) => {
        const d = new Date(Date.UTC(2020, 0, 1) + days * 86_400_000);
        const text = d.toISOString().slice(0, 10);
        expect(localDate(text, { timezone: zone })).toBe(text);
      }),
    );
  });
});

describe('the compiled format reader matches date-fns exactly (property)', () => {
  type Gen<A> = A extends fc.Arbitrary<infer T> ? T : never;
  const dateOrder = fc.constantFrom('dmy', 'mdy', 'ymd');
  const fmtArb = fc.record({
    order: dateOrder,
    d: fc.constantFrom('d', 'dd'),
    M: fc.constantFrom('M', 'MM'),
    y: fc.constantFrom('y', 'yyyy'),
    dateSep: fc.constantFrom('.', '/', '-', ' ', ''),
    time: fc.option(
      fc.record({
        H: fc.constantFrom('H', 'HH'),
        m: fc.constantFrom('m', 'mm'),
        s: fc.constantFrom('', 's', 'ss'),
        S: fc.constantFrom('', 'S', 'SS', 'SSS'),
        between: fc.constantFrom(' ', "'T'", ', '),
      }),
    ),
  });

  function buildFormat(f: Gen<typeof fmtArb>): string {
    const parts = { d: f.d, m: f.M, y: f.y } as Record<string, string>;
    let out = [...f.order].map((c) => parts[c]).join(f.dateSep);
    if (f.time) {
      out += `${f.time.between}${f.time.H}:${f.time.m}`;
      if (f.time.s) out += `:${f.time.s}`;
      if (f.time.s && f.time.S) out += `.${f.time.S}`;
    }
    return out;
  }

  const num = (max: number) => fc.tuple(fc.integer({ min: 0, max }), fc.integer({ min: 0, max: 4 }));
  const textArb = fc.record({
    order: dateOrder,
    d: num(39),
    M: num(19),
    y: num(12000),
    H: num(29),
    m: num(69),
    s: num(69),
    S: num(99999),
    dateSep: fc.constantFrom('.', '/', '-', ' ', ''),
    between: fc.constantFrom(' ', 'T', ', ', ''),
    withTime: fc.boolean(),
    tail: fc.constantFrom('', ' ', 'x', ':00', '\u00A0'),
  });

  function buildText(t: Gen<typeof textArb>): string {
    const show = ([v, w]: [number, number]) => String(v).padStart(w, '0');
    const parts = { d: show(t.d), m: show(t.M), y: show(t.y) } as Record<string, string>;
    let out = [...t.order].map((c) => parts[c]).join(t.dateSep);
    if (t.withTime) out += `${t.between}${show(t.H)}:${show(t.m)}:${show(t.s)}.${show(t.S)}`;
    return out + t.tail;
  }

  // The reading, or just "failed": date-fns cannot say why (year 0 is Invalid Date to it, while the
  // fast reader knows it was a too-short year), and the reason only changes the message.
  type Outcome = ReturnType<ReturnType<typeof formatEngines.dateFns>> | undefined;
  const outcome = (r: Outcome) => (r?.ok ? r : { ok: false });

  it('on random formats and random (often wrong) texts', () => {
    fc.assert(
      fc.property(fmtArb, textArb, (f, t) => {
        const fmt = buildFormat(f);
        const fast = formatEngines.fast(fmt);
        expect(fast).toBeDefined();
        const slow = formatEngines.dateFns(fmt);
        const text = buildText(t);
        expect(outcome(fast?.(text))).toEqual(outcome(slow(text)));
      }),
      { numRuns: 3000 },
    );
  });

  it('on texts written by the format itself', () => {
    fc.assert(
      fc.property(fmtArb, fc.integer({ min: Date.UTC(1000, 0, 1), max: Date.UTC(9999, 11, 31) }), (f, ms) => {
        const fmt = buildFormat(f);
        const text = format(new Date(ms), fmt, { in: tz('UTC') });
        const r = formatEngines.fast(fmt)?.(text);
        expect(outcome(r)).toEqual(outcome(formatEngines.dateFns(fmt)(text)));
      }),
      { numRuns: 1000 },
    );
  });

  it('reads 12-hour clocks (h, a) as date-fns does, on random texts near the forms exports write', () => {
    const fmt12 = fc.record({
      date: fc.constantFrom('M/d/yyyy', 'MM/dd/yyyy', 'd.M.yyyy', 'yyyy-MM-dd'),
      h: fc.constantFrom('h', 'hh'),
      s: fc.constantFrom('', ':ss'),
      a: fc.constantFrom(' a', 'a', ' aa', ' aaa', ''),
    });
    const text12 = fc.record({
      y: fc.integer({ min: 1999, max: 2031 }),
      M: fc.integer({ min: 0, max: 13 }),
      d: fc.integer({ min: 0, max: 32 }),
      h: fc.integer({ min: 0, max: 24 }),
      m: fc.integer({ min: 0, max: 61 }),
      pad: fc.boolean(),
      ap: fc.constantFrom(' AM', ' PM', ' am', ' pm', 'PM', ' a.m.', ' p.m.', ' P.M.', ' noon', ' midnight', ' A', ' Pm', ' xm', '', ' AM ', ' PMx'),
      sep: fc.constantFrom('/', '.', '-'),
    });
    fc.assert(
      fc.property(fmt12, text12, (f, t) => {
        const fmt = `${f.date} ${f.h}:mm${f.s}${f.a}`;
        const two = (n: number) => (t.pad ? String(n).padStart(2, '0') : String(n));
        const date = f.date.startsWith('yyyy') ? `${t.y}-${two(t.M)}-${two(t.d)}` : f.date.startsWith('d') ? `${t.d}${t.sep}${t.M}${t.sep}${t.y}` : `${two(t.M)}${t.sep}${two(t.d)}${t.sep}${t.y}`;
        const text = `${date} ${two(t.h)}:${String(t.m).padStart(2, '0')}${f.s ? ':05' : ''}${t.ap}`;
        expect(outcome(formatEngines.fast(fmt)?.(text))).toEqual(outcome(formatEngines.dateFns(fmt)(text)));
      }),
      { numRuns: 5000 },
    );
    expect(iso('3/14/2025 12:05 AM', { format: 'M/d/yyyy h:mm a', timezone: 'UTC' })).toBe('2025-03-14T00:05:00.000Z');
    expect(iso('3/14/2025 12:05 PM', { format: 'M/d/yyyy h:mm a', timezone: 'UTC' })).toBe('2025-03-14T12:05:00.000Z');
    expect(iso('3/14/2025 9:30 pm', { format: 'M/d/yyyy h:mm a', timezone: 'UTC' })).toBe('2025-03-14T21:30:00.000Z');
  });

  it('falls back to date-fns for other tokens', () => {
    expect(formatEngines.fast('dd MMM yyyy')).toBeUndefined();
    expect(formatEngines.fast('MM/dd/yyyy HH:mm a')).toBeUndefined();
    expect(formatEngines.fast('MM/dd/yyyy a')).toBeUndefined();
    expect(iso('14 Mar 2025', { format: 'dd MMM yyyy', timezone: 'UTC' })).toBe('2025-03-14T00:00:00.000Z');
  });
});
