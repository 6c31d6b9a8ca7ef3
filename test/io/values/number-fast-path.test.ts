// The plain-decimal fast path of the amount reader must agree with the general way on every text:
// the same value (and no currency), or the same failure. Texts are built from digits and the
// separators that make a plain number ambiguous (`1,250` vs `1,25`), plus signs and spaces, and in
// the shapes exports write: thousands grouped by spaces, NBSP, apostrophes, commas or points, with
// or without a decimal mark — and the same shapes slightly wrong.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isPlainAmount, isPlainAmountAt, parseAmount, parseNumber, plainDecimal, plainHundredthsAt, type DecimalHint } from '../../../src/io/values/number.js';
import { Big } from '../../../src/model/money.js';
import { careful } from '../../support/careful.js';

function shown(r: ReturnType<typeof parseAmount>): unknown {
  return r.ok ? { value: r.value.value.toString(), currency: r.value.currency } : r;
}

const numberLike = fc
  .array(fc.oneof(fc.integer({ min: 0, max: 99999 }).map(String), fc.constantFrom('.', ',', '0', '00', '-', ' ', '1', '12', '123', '1234567890123456789')), { minLength: 1, maxLength: 6 })
  .map((parts) => parts.join(''));
const hint = fc.constantFrom<DecimalHint | undefined>(undefined, '.', ',');

const SEPARATORS = [' ', '\u00a0', '\u202f', '\u2009', '\u2007', "'", '\u2019', ',', '.'];
/** Grouped amounts (`1 250 000,50`, `1,250,000.50`, `12'500`), often with a group one digit off. */
const grouped = fc
  .tuple(
    fc.integer({ min: 0, max: 999 }).map(String),
    fc.array(fc.oneof(fc.integer({ min: 0, max: 999 }).map((g) => String(g).padStart(3, '0')), fc.constantFrom('12', '1234', '0')), { maxLength: 5 }),
    fc.constantFrom(...SEPARATORS),
    fc.oneof(fc.constant(''), fc.tuple(fc.constantFrom(',', '.', ' ', "'"), fc.stringMatching(/^\d{1,4}$/)).map(([m, d]) => `${m}${d}`)),
    fc.option(fc.constantFrom(...SEPARATORS), { nil: undefined }),
  )
  .map(([head, groups, sep, decimals, odd]) => {
    const seps = groups.map((_, i) => (odd !== undefined && i === groups.length - 1 ? odd : sep));
    return head + groups.map((g, i) => `${seps[i]}${g}`).join('') + decimals;
  });

describe('the plain-decimal fast path', () => {
  it('gives what the general way gives', () => {
    fc.assert(
      fc.property(fc.oneof(numberLike, grouped), hint, (text, decimalHint) => {
        const opts = decimalHint === undefined ? {} : { decimalHint };
        expect(shown(parseAmount(text, opts))).toEqual(shown(careful(() => parseAmount(text, opts))));
        const n = parseNumber(text, opts);
        const m = careful(() => parseNumber(text, opts));
        expect(n.ok ? n.value.toString() : n).toEqual(m.ok ? m.value.toString() : m);
      }),
      { numRuns: 20_000 },
    );
  });

  it('checks a cell in place as its text: isPlainAmountAt', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 4 }), fc.oneof(numberLike, grouped), fc.string({ maxLength: 4 }), hint, (before, text, after, decimalHint) => {
        const line = `${before}${text}${after}`;
        expect(isPlainAmountAt(line, before.length, before.length + text.length, decimalHint)).toBe(isPlainAmount(text, decimalHint));
      }),
      { numRuns: 20_000 },
    );
  });

  it('reads a plain cell in place as hundredths, exactly, when they are a safe integer: plainHundredthsAt', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 3 }), fc.oneof(numberLike, grouped, fc.stringMatching(/^\d{1,18}([.,]\d{1,2})?$/)), fc.string({ maxLength: 3 }), hint, (before, text, after, decimalHint) => {
        const line = `${before}${text}${after}`;
        const n = plainHundredthsAt(line, before.length, before.length + text.length, decimalHint);
        const value = plainDecimal(text, decimalHint);
        if (value === undefined) expect(n).toBeNaN();
        else if (Number.isNaN(n)) expect(value.times(100).gt(Number.MAX_SAFE_INTEGER) || text.replace(/\D/g, '').length > 15 || value.c.length - value.e - 1 > 2).toBe(true);
        else {
          expect(Number.isSafeInteger(n)).toBe(true);
          expect(new Big(n).eq(value.times(100))).toBe(true);
        }
      }),
      { numRuns: 20_000 },
    );
    expect(plainHundredthsAt('1250000,5', 0, 9, ',')).toBe(125000050);
    // 15 digits at most; and hundredths up to 2^53 - 1.
    expect(plainHundredthsAt('x9999999999999.99', 1, 17, '.')).toBe(999_999_999_999_999);
    expect(plainHundredthsAt('99999999999999.99', 0, 17, '.')).toBeNaN();
    expect(plainHundredthsAt('90071992547409', 0, 14, '.')).toBe(9_007_199_254_740_900);
    expect(plainHundredthsAt('90071992547410', 0, 14, '.')).toBeNaN();
  });

  it('builds each value as big.js does: sign, exponent and digits (leading and trailing zeros dropped)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{1,15}([.,]\d{1,2})?$/), (text) => {
        const decimalHint = text.includes(',') ? ',' : '.';
        const r = parseAmount(text, { decimalHint });
        const expected = new Big(text.replace(',', '.'));
        expect(r.ok && { s: r.value.value.s, e: r.value.value.e, c: [...r.value.value.c], plus: r.value.value.plus(1).toString() }).toEqual({
          s: expected.s,
          e: expected.e,
          c: expected.c,
          plus: expected.plus(1).toString(),
        });
      }),
      { numRuns: 20_000 },
    );
  });

  it('reads the plain forms exactly', () => {
    expect(shown(parseAmount('1250000.50', { decimalHint: '.' }))).toEqual({ value: '1250000.5', currency: undefined });
    expect(shown(parseAmount('1250000,5', { decimalHint: ',' }))).toEqual({ value: '1250000.5', currency: undefined });
    expect(shown(parseAmount('0012', { decimalHint: ',' }))).toEqual({ value: '12', currency: undefined });
  });

  it('takes the grouped forms exports write, and leaves the doubtful ones to the general way', () => {
    // Accepted in place: thousands of one kind, then at most one decimal mark of the other.
    for (const [text, decimalHint, value] of [
      ['1 250 000,50', ',', '1250000.5'],
      ['1\u00a0250\u00a0000,5', ',', '1250000.5'],
      ['1,250,000.50', ',', '1250000.5'],
      ['1.250.000,50', '.', '1250000.5'],
      ["12'500", '.', '12500'],
      ['1,250', ',', '1.25'],
      ['1,250', '.', '1250'],
      ['1250,000', '.', '1250'],
      ['0,250', '.', '0.25'],
    ] as const) {
      expect(isPlainAmount(text, decimalHint), text).toBe(true);
      expect(plainDecimal(text, decimalHint)?.toString(), text).toBe(value);
    }
    // Left to the general way, which reads or words them: ambiguity without a hint, a sign, a
    // currency, spaces around, two kinds of grouping, a group of the wrong size.
    for (const text of ['1,250', '-1250', '1250 ₽', ' 1250', '1 250,000.5', '1 250 00', '12 50', '1,25,000']) {
      expect(isPlainAmount(text, undefined), text).toBe(false);
    }
    expect(plainHundredthsAt('1 250 000,5', 0, 11, ',')).toBe(125000050);
    expect(plainHundredthsAt('1,5625', 0, 6, ',')).toBeNaN();
  });
});
