// The fixed-layout fast path of the date reader must agree with the general way on every text:
// same instant, same local date, or the same failure (reason and `systematic` flag). Texts are
// built near the fixed layouts on purpose — right digits, wrong widths, impossible days, spaces,
// offsets, DST gaps and overlaps — because that is where a shortcut could go wrong.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fastInstant, fastInstantReader, isFastDate, parseDateTime, parseLocalDate, type DateOptions } from '../../../src/io/values/date.js';
import { careful } from '../../support/careful.js';

/** The general way alone: the same functions with the fast path switched off. */
const generalWay = {
  parseDateTime: (text: string, opts: DateOptions) => careful(() => parseDateTime(text, opts)),
  parseLocalDate: (text: string, opts: DateOptions) => careful(() => parseLocalDate(text, opts)),
};

const FORMATS = [undefined, 'yyyy-MM-dd HH:mm:ss', 'yyyy-MM-dd', 'yyyy-MM-dd HH:mm', "yyyy-MM-dd'T'HH:mm:ss", 'dd.MM.yyyy HH:mm:ss', 'dd.MM.yyyy HH:mm', 'dd.MM.yyyy', 'MM/dd/yyyy', 'yyyyMMdd', 'yyyy-MM-dd HH:mm:ss.SSS', 'd.M.yyyy', 'excel'];
const ZONES = ['Europe/Moscow', 'America/New_York', 'Europe/Berlin', 'UTC', 'Australia/Lord_Howe'];

const digits = (min: number, max: number) => fc.integer({ min, max }).map(String);
const twoDigits = fc.oneof(digits(0, 99).map((s) => s.padStart(2, '0')), digits(0, 9), digits(100, 999));
const year = fc.oneof(digits(1000, 9999), digits(1990, 2030), digits(0, 999).map((s) => s.padStart(4, '0')), digits(10, 99));
const sep = fc.constantFrom('-', '.', '/', ' ', 'T', 't', ':', '', '  ', 'Z', '+03:00');

/** A text assembled from date-like pieces: year, two-digit fields and separators in any order. */
const dateLike = fc
  .array(fc.oneof(year, twoDigits, sep, fc.constantFrom('не закрыта', '45730', '2025-03-30 02:30:00', '2025-10-26 02:30:00', ' 2025-03-14', '2025-03-14 ', '2024-02-29', '2025-02-29', '31.04.2025')), { minLength: 1, maxLength: 9 })
  .map((parts) => parts.join(''));

/** Two-digit fields, most often at the edges of the ranges of months, days, hours, minutes. */
const edgy = fc.oneof(fc.constantFrom('00', '01', '12', '13', '23', '24', '28', '29', '30', '31', '32', '59', '60', '99'), digits(0, 99).map((x) => x.padStart(2, '0')));

/** Texts laid out like the fixed formats, with every two-digit field anywhere in 00–99. */
const nearLayout = fc
  .tuple(year, fc.constantFrom('-', '.', '/'), edgy, edgy, edgy, edgy, edgy, fc.constantFrom(' ', 'T'), fc.oneof(fc.constant(19), fc.integer({ min: 8, max: 19 })), fc.boolean())
  .map(([y, s, a, b, h, mi, se, t, cut, dayFirst]) => {
    const date = dayFirst ? `${b}${s}${a}${s}${y}` : `${y}${s}${a}${s}${b}`;
    return `${date}${t}${h}:${mi}:${se}`.slice(0, cut + 2);
  });

const options = fc.record({ format: fc.constantFrom(...FORMATS), timezone: fc.constantFrom(...ZONES) }).map(
  (o): DateOptions => (o.format === undefined ? { timezone: o.timezone } : { timezone: o.timezone, format: o.format }),
);

/** Mostly the formats the near-layout texts are written in. */
const nearOptions = fc.record({ format: fc.constantFrom(undefined, 'yyyy-MM-dd HH:mm:ss', 'yyyy-MM-dd', 'yyyy-MM-dd HH:mm', "yyyy-MM-dd'T'HH:mm", 'dd.MM.yyyy HH:mm:ss', 'dd.MM.yyyy', 'dd.MM.yyyy HH:mm', 'MM/dd/yyyy'), timezone: fc.constantFrom(...ZONES) }).map(
  (o): DateOptions => (o.format === undefined ? { timezone: o.timezone } : { timezone: o.timezone, format: o.format }),
);

function shown<T>(r: { ok: true; value: T } | { ok: false; reason: string; systematic?: boolean }): unknown {
  if (!r.ok) return r;
  return r.value instanceof Date ? r.value.toISOString() : r.value;
}

describe('the fixed-layout fast path', () => {
  it.each([
    ['random date-like text', dateLike, options],
    ['text laid out like the fixed formats', nearLayout, nearOptions],
  ])('gives what the general way gives, on %s', (_what, texts, opts) => {
    fc.assert(
      fc.property(texts, opts, (text, o) => {
        expect(shown(parseDateTime(text, o))).toEqual(shown(generalWay.parseDateTime(text, o)));
        expect(shown(parseLocalDate(text, o))).toEqual(shown(generalWay.parseLocalDate(text, o)));
      }),
      { numRuns: 20_000 },
    );
  });

  it('gives what the general way gives, on every valid timestamp of the fixed layouts', () => {
    // Mostly recent years; also any year of 1000–9999, where the calendar arithmetic could slip.
    const instant = fc
      .oneof(fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2035, 0, 1) }), fc.integer({ min: Date.UTC(1000, 0, 1), max: Date.UTC(9999, 11, 31, 23, 59, 59) }))
      .map((ms) => new Date(ms).toISOString());
    fc.assert(
      fc.property(instant, fc.constantFrom(...ZONES), (isoText, timezone) => {
        const [date, time] = [isoText.slice(0, 10), isoText.slice(11, 19)];
        const [y, m, d] = date.split('-');
        const texts: Array<[string, string | undefined]> = [
          [`${date} ${time}`, undefined],
          [`${date}T${time}`, undefined],
          [date, undefined],
          [`${date} ${time}`, 'yyyy-MM-dd HH:mm:ss'],
          [`${d}.${m}.${y} ${time.slice(0, 5)}`, 'dd.MM.yyyy HH:mm'],
          [`${d}.${m}.${y}`, 'dd.MM.yyyy HH:mm:ss'],
          [`${isoText.slice(0, 19).replace('T', ' ')}.${isoText.slice(20, 23)}`, 'yyyy-MM-dd HH:mm:ss.SSS'],
        ];
        for (const [text, format] of texts) {
          const opts: DateOptions = format === undefined ? { timezone } : { timezone, format };
          const fast = parseDateTime(text, opts);
          expect(fast.ok).toBe(true);
          expect(shown(fast)).toEqual(shown(generalWay.parseDateTime(text, opts)));
          expect(shown(parseLocalDate(text, opts))).toEqual(shown(generalWay.parseLocalDate(text, opts)));
        }
      }),
      { numRuns: 5_000 },
    );
  });

  it('gives what the general way gives when any one character of a valid timestamp is another', () => {
    // Each place of `yyyy-MM-dd HH:mm:ss` (and of its 10- and 16-character heads): a digit where a
    // separator goes, a letter, a space, a sign or a Cyrillic letter where a digit goes.
    const other = fc.constantFrom('0', '5', '9', '-', ':', ' ', 'T', '/', '.', '+', 'a', 'O', 'l', 'з', '\u00a0');
    fc.assert(
      fc.property(fc.constantFrom(10, 16, 19), fc.nat(18), other, fc.constantFrom(...ZONES), fc.constantFrom(undefined, 'yyyy-MM-dd HH:mm:ss', 'yyyy-MM-dd'), (length, place, ch, timezone, format) => {
        const valid = '2025-03-14 09:30:45'.slice(0, length);
        const at = place % length;
        const text = `${valid.slice(0, at)}${ch}${valid.slice(at + 1)}`;
        const opts: DateOptions = format === undefined ? { timezone } : { timezone, format };
        expect(shown(parseDateTime(text, opts))).toEqual(shown(generalWay.parseDateTime(text, opts)));
        expect(shown(parseLocalDate(text, opts))).toEqual(shown(generalWay.parseLocalDate(text, opts)));
      }),
      { numRuns: 5_000 },
    );
  });

  it('gives what the general way gives on ISO 8601 with fractions, Z and offsets (API exports), near misses included', () => {
    const fraction = fc.oneof(fc.constant(''), fc.tuple(fc.constantFrom('.', ','), fc.stringMatching(/^\d{1,10}$/)).map(([m, d]) => `${m}${d}`), fc.constantFrom('.', '.5', ',123'));
    const offset = fc.oneof(
      fc.constantFrom('', 'Z', 'z', '+03:00', '-05:00', '+0530', '-08', '+00:00', '+24:00', '+03:60', '+3:00', '+03:', '+03:0', ' Z', ' +01:00', '  Z', 'UTC', 'GMT+3'),
      fc.tuple(fc.constantFrom('+', '-'), edgy, fc.constantFrom('', ':'), fc.oneof(fc.constant(''), edgy)).map(([sign, h, colon, m]) => `${sign}${h}${m === '' ? '' : colon}${m}`),
    );
    const stamp = fc
      .tuple(
        fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2035, 0, 1) }).map((ms) => new Date(ms).toISOString()),
        fc.constantFrom('T', ' ', 't'),
        fc.constantFrom(16, 19),
        fraction,
        offset,
      )
      .map(([iso, t, cut, frac, off]) => `${iso.slice(0, 10)}${t}${iso.slice(11, cut)}${cut === 19 ? frac : ''}${off}`);
    const isoOptions = fc.record({ format: fc.constantFrom(undefined, 'yyyy-MM-dd HH:mm:ss', "yyyy-MM-dd'T'HH:mm:ss", 'yyyy-MM-dd', 'dd.MM.yyyy'), timezone: fc.constantFrom(...ZONES) }).map(
      (o): DateOptions => (o.format === undefined ? { timezone: o.timezone } : { timezone: o.timezone, format: o.format }),
    );
    fc.assert(
      fc.property(fc.oneof(stamp, nearLayout.chain((t) => offset.map((o) => `${t}${o}`))), isoOptions, (text, o) => {
        expect(shown(parseDateTime(text, o))).toEqual(shown(generalWay.parseDateTime(text, o)));
        expect(shown(parseLocalDate(text, o))).toEqual(shown(generalWay.parseLocalDate(text, o)));
        // What the fast way takes as a date, the general way reads without a word.
        if (isFastDate(text, o)) expect(generalWay.parseDateTime(text, o).ok).toBe(true);
      }),
      { numRuns: 20_000 },
    );
    // The forms API exports write are read the fast way, not only agreed on.
    for (const text of ['2025-03-14T09:30:00Z', '2025-03-14T09:30:00.000Z', '2025-03-14T09:30:00.123456+03:00', '2025-03-14 09:30:00 +0300', '2025-03-14T09:30Z', '2025-03-14T09:30:00,5-08']) {
      expect(isFastDate(text, { timezone: 'Europe/Moscow' }), text).toBe(true);
      const general = generalWay.parseDateTime(text, { timezone: 'Europe/Moscow' });
      expect(general.ok && fastInstant(text, { timezone: 'Europe/Moscow' }), text).toBe(general.ok && general.value.getTime());
    }
  });

  it('reads an ISO timestamp without an offset in the source zone, a bare date in the config zone (sources that write UTC)', () => {
    const read = fastInstantReader({ timezone: 'Europe/Moscow' }, 'UTC');
    const at = (text: string) => read(`;${text};`, 1, text.length + 1);
    expect(at('2025-03-14 09:30:00')).toBe(Date.UTC(2025, 2, 14, 9, 30));
    expect(at('2025-03-14T09:30:00.250')).toBe(Date.UTC(2025, 2, 14, 9, 30, 0, 250));
    expect(at('2025-03-14')).toBe(Date.UTC(2025, 2, 13, 21, 0));
    expect(at('2025-03-14T09:30:00+03:00')).toBe(Date.UTC(2025, 2, 14, 6, 30));
    // The general way reads a comma fraction in the config's zone (its source-zone test takes a
    // point only): left to it.
    expect(at('2025-03-14T09:30:00,250')).toBeNaN();
  });

  it('keeps the DST rules: a wall time in a gap moves forward, one that occurs twice is the earlier', () => {
    const ny = { timezone: 'America/New_York', format: 'yyyy-MM-dd HH:mm:ss' };
    expect(shown(parseDateTime('2025-03-09 02:30:00', ny))).toBe('2025-03-09T07:30:00.000Z');
    expect(shown(parseDateTime('2025-11-02 01:30:00', ny))).toBe('2025-11-02T05:30:00.000Z');
  });
});
