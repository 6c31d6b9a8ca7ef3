import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  AmountSum,
  Big,
  allocate,
  countRatio,
  divide,
  isKnownCurrency,
  minorUnit,
  moneyToNumber,
  ratio,
  ratioBig,
  roundMoney,
  sumMoney,
  sumPresent,
} from '../../src/model/money.js';

const b = (s: string | number) => new Big(s);
const strs = (xs: Big[]) => xs.map((x) => x.toString());

describe('minorUnit / isKnownCurrency', () => {
  it.each([
    ['RUB', 2], ['USD', 2], ['EUR', 2], ['GBP', 2], ['CHF', 2], ['CNY', 2], ['KZT', 2], ['BYN', 2],
    ['UAH', 2], ['JPY', 0], ['KRW', 0], ['KWD', 3], ['BHD', 3], ['TND', 3], ['OMR', 3], ['JOD', 3],
    ['CLF', 4], ['ISK', 0], ['VND', 0],
  ])('%s has %i digits', (code, digits) => {
    expect(minorUnit(code)).toBe(digits);
    expect(isKnownCurrency(code)).toBe(true);
  });

  it('is case-insensitive', () => {
    expect(minorUnit('rub')).toBe(2);
    expect(isKnownCurrency(' jpy ')).toBe(true);
  });

  it('refuses unknown codes instead of guessing 2', () => {
    expect(isKnownCurrency('XYZ')).toBe(false);
    expect(isKnownCurrency('RUR')).toBe(false);
    expect(() => minorUnit('XYZ')).toThrow(/unknown currency "XYZ"/);
  });
});

describe('roundMoney', () => {
  it('half-up goes away from zero on a tie, negatives too (unlike Math.round)', () => {
    expect(Math.round(-2.5)).toBe(-2); // the trap
    expect(roundMoney(b('-2.5'), 'JPY').toString()).toBe('-3');
    expect(roundMoney(b('2.5'), 'JPY').toString()).toBe('3');
    expect(roundMoney(b('-0.125'), 'USD').toString()).toBe('-0.13');
    expect(roundMoney(b('-0.124'), 'USD').toString()).toBe('-0.12');
  });

  it('1.005 rounds half-up to exactly 1.01 (toFixed gives 1.00)', () => {
    expect((1.005).toFixed(2)).toBe('1.00'); // the trap
    expect(roundMoney(b('1.005'), 'RUB').toString()).toBe('1.01');
    expect(roundMoney(b('1.005'), 'RUB').eq(b('1.01'))).toBe(true);
  });

  it('half-even rounds a tie to the even neighbour', () => {
    expect(roundMoney(b('2.5'), 'JPY', 'half-even').toString()).toBe('2');
    expect(roundMoney(b('3.5'), 'JPY', 'half-even').toString()).toBe('4');
    expect(roundMoney(b('-2.5'), 'JPY', 'half-even').toString()).toBe('-2');
    expect(roundMoney(b('1.005'), 'USD', 'half-even').toString()).toBe('1');
    expect(roundMoney(b('1.015'), 'USD', 'half-even').toString()).toBe('1.02');
    expect(roundMoney(b('1.0051'), 'USD', 'half-even').toString()).toBe('1.01');
  });

  it('uses the currency minor unit: JPY 0, KWD 3', () => {
    expect(roundMoney(b('1234.5'), 'JPY').toString()).toBe('1235');
    expect(roundMoney(b('1.2345'), 'KWD').toString()).toBe('1.235');
    expect(roundMoney(b('1.2344'), 'KWD').toString()).toBe('1.234');
    expect(roundMoney(b('1.23456'), 'CLF').toString()).toBe('1.2346');
  });

  it('never produces a negative zero', () => {
    const r = roundMoney(b('-0.001'), 'RUB');
    expect(r.toString()).toBe('0');
    expect(r.s).toBe(1);
    expect(Object.is(moneyToNumber(b('-0.001'), 'RUB'), 0)).toBe(true);
  });

  it('three lines of 10.005: rounding per line (30.03) differs from per total (30.02)', () => {
    const lines = [b('10.005'), b('10.005'), b('10.005')];
    const perLine = sumMoney(lines.map((x) => roundMoney(x, 'RUB')));
    const perTotal = roundMoney(sumMoney(lines), 'RUB');
    expect(perLine.toString()).toBe('30.03');
    expect(perTotal.toString()).toBe('30.02');
    // A statement whose total must be 30.02 splits it exactly with allocate instead:
    const shares = allocate(perTotal, lines, 'RUB');
    expect(strs(shares)).toEqual(['10.01', '10.01', '10']);
    expect(sumMoney(shares).eq(perTotal)).toBe(true);
  });

  it('is idempotent (property)', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }),
        fc.integer({ min: 0, max: 8 }),
        fc.constantFrom('RUB', 'JPY', 'KWD', 'CLF'),
        fc.constantFrom('half-up' as const, 'half-even' as const),
        (units, scale, cur, mode) => {
          const x = b(`${units}e-${scale}`);
          const once = roundMoney(x, cur, mode);
          expect(roundMoney(once, cur, mode).eq(once)).toBe(true);
          // and never more than half a minor unit away
          expect(once.minus(x).abs().lte(b(`0.5e-${minorUnit(cur)}`))).toBe(true);
        },
      ),
    );
  });
});

describe('sumMoney', () => {
  it('is exact where floats are not', () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(sumMoney([b('0.1'), b('0.2')]).toString()).toBe('0.3');
  });
  it('is 0 for nothing, and takes any iterable', () => {
    expect(sumMoney([]).toString()).toBe('0');
    function* gen() {
      yield b('1.5');
      yield b('-0.5');
    }
    expect(sumMoney(gen()).toString()).toBe('1');
  });
});

describe('AmountSum', () => {
  // Amounts as an export writes them: hundredths up to the largest safe integer (so that sums pass
  // 2^53 and are carried into the Big part), and other amounts as Bigs (negative, 3 decimals…).
  const amount = fc.oneof(
    fc.record({ hundredths: fc.oneof(fc.integer({ min: 0, max: 10_000_000 }), fc.constantFrom(Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER - 1, 2 ** 52, 999_999_999_999_999)) }),
    fc.record({ big: fc.tuple(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), fc.integer({ min: 0, max: 4 })).map(([n, dp]) => new Big(n.toString()).div(10 ** dp)) }),
  );

  it('is the exact sum a chain of Big.plus gives, in any order', () => {
    fc.assert(
      fc.property(fc.array(amount, { maxLength: 40 }), (amounts) => {
        const sum = new AmountSum();
        let expected = new Big(0);
        for (const a of amounts) {
          if ('hundredths' in a) {
            sum.addHundredths(a.hundredths);
            expected = expected.plus(new Big(a.hundredths).div(100));
          } else {
            sum.add(a.big);
            expected = expected.plus(a.big);
          }
        }
        expect(sum.total().eq(expected)).toBe(true);
        expect(sum.total().toString()).toBe(expected.toString());
      }),
      { numRuns: 5_000 },
    );
  });

  it('carries a sum past 2^53 into its Big part without losing a hundredth', () => {
    const sum = new AmountSum(new Big('0.005'));
    sum.addHundredths(Number.MAX_SAFE_INTEGER);
    sum.addHundredths(1);
    sum.addHundredths(Number.MAX_SAFE_INTEGER);
    // In a double alone, 2^53 - 1 + 1 + 2^53 - 1 would be 2^54 - 2 only by luck; here it is exact.
    expect(sum.total().toString()).toBe('180143985094819.835');
    expect(new AmountSum().total().toString()).toBe('0');
  });
});

describe('ratio / ratioBig', () => {
  it('is null, never NaN or Infinity, when dividing by zero', () => {
    expect(ratio(b(5), b(0))).toBeNull();
    expect(ratio(b(0), b(0))).toBeNull();
    expect(ratioBig(b(5), b('0.00'))).toBeNull();
  });
  it('divides', () => {
    expect(ratio(b(1), b(4))).toBe(0.25);
    expect(ratio(b(-1), b(4))).toBe(-0.25);
    expect(ratio(b(0), b(-4))).toBe(0);
    expect(Object.is(ratio(b(0), b(-4)), 0)).toBe(true);
    expect(ratio(b(1), b(3))).toBeCloseTo(1 / 3, 15);
  });
  it('keeps 40 decimal places for ratios', () => {
    expect(ratioBig(b(1), b(3))?.toFixed(40)).toBe(`0.${'3'.repeat(40)}`);
    expect(ratioBig(b(2), b(3))?.toFixed(40)).toBe(`0.${'6'.repeat(39)}7`);
  });
});

describe('divide', () => {
  /** A decimal of up to 25 digits with its point anywhere from 30 places left to 30 right. */
  const decimal = fc.tuple(fc.bigInt({ min: -(10n ** 25n), max: 10n ** 25n }), fc.integer({ min: -30, max: 30 })).map(([digits, shift]) => new Big(digits.toString()).times(new Big(10).pow(shift)));
  const same = (x: Big, y: Big) => {
    const q = divide(x, y);
    const expected = x.div(y);
    expect([q.s, q.e, q.c], `${x.toString()} / ${y.toString()}`).toEqual([expected.s, expected.e, expected.c]);
  };
  it('is big.js division, digit for digit', () => {
    fc.assert(
      fc.property(decimal, decimal, (x, y) => {
        if (!y.eq(0)) same(x, y);
      }),
      { numRuns: 20_000 },
    );
    // Ties on the first digit left off, signs, a zero, sums of amounts over counts.
    for (const [x, y] of [['1', '8e40'], ['-1', '8e40'], ['3', '-8e40'], ['0', '-7'], ['-0', '7'], ['1', '3'], ['2', '3'], ['12345678901.23', '98765'], ['1e-45', '3'], ['5e-41', '1'], ['-5e-41', '1'], ['4.9e-41', '1']]) {
      same(new Big(x!), new Big(y!));
    }
  });
});

describe('countRatio', () => {
  const viaBig = (a: number, b: number) => ratio(new Big(a), new Big(b));
  it('is ratio of the two counts, number for number', () => {
    // Small counts (every pair below 300), counts of a big export, and near the 2^31 limit.
    for (let b = 0; b < 300; b++) for (let a = 0; a <= b + 20; a++) expect(countRatio(a, b)).toBe(viaBig(a, b));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 + 5 }), fc.integer({ min: 0, max: 2 ** 31 + 5 }), (a, b) => {
        expect(countRatio(a, b)).toBe(viaBig(a, b));
      }),
      { numRuns: 20_000 },
    );
    for (const [a, b] of [[2 ** 31 - 1, 2 ** 31 - 2], [1, 2 ** 31 - 1], [2 ** 31 - 2, 3], [2 ** 31, 3], [7, 0], [0, 0]]) expect(countRatio(a!, b!)).toBe(viaBig(a!, b!));
  });
});

describe('moneyToNumber', () => {
  it('rounds half-up to the minor unit first', () => {
    expect(moneyToNumber(b('1.005'), 'RUB')).toBe(1.01);
    expect(moneyToNumber(b('-2.5'), 'JPY')).toBe(-3);
    expect(moneyToNumber(b('0.0005'), 'KWD')).toBe(0.001);
    expect(moneyToNumber(b('1234567.891'), 'USD')).toBe(1234567.89);
  });
});

describe('allocate', () => {
  it('splits 100 into three: the extra cent goes to the earliest index on a tie', () => {
    expect(strs(allocate(b('100'), [b(1), b(1), b(1)], 'RUB'))).toEqual(['33.34', '33.33', '33.33']);
  });

  it('gives the leftover units to the largest remainders', () => {
    // exact: 0.5, 0.3 … in units of 0.01 → 50, 30, 20 — exact, no leftover
    expect(strs(allocate(b('1'), [b(5), b(3), b(2)], 'USD'))).toEqual(['0.5', '0.3', '0.2']);
    // exact 33.3, 66.6, 0.1 units of JPY for total 100 → floors 33, 66, 0; leftover 1 → 0.6 wins
    expect(strs(allocate(b('100'), [b('0.333'), b('0.666'), b('0.001')], 'JPY'))).toEqual(['33', '67', '0']);
  });

  it('works in the currency minor unit (JPY 0, KWD 3)', () => {
    expect(strs(allocate(b('10'), [b(1), b(1), b(1)], 'JPY'))).toEqual(['4', '3', '3']);
    expect(strs(allocate(b('0.01'), [b(1), b(1), b(1)], 'KWD'))).toEqual(['0.004', '0.003', '0.003']);
  });

  it('negative total mirrors the positive one: allocate(−x) = −allocate(x)', () => {
    expect(strs(allocate(b('-100'), [b(1), b(1), b(1)], 'RUB'))).toEqual(['-33.34', '-33.33', '-33.33']);
    expect(strs(allocate(b('-0.01'), [b(1), b(1)], 'RUB'))).toEqual(['-0.01', '0']);
  });

  it('handles negative weights (refund lines): shares are signed, the sum is exact', () => {
    // weights 150, -50: shares 1.5×, -0.5× of 100
    expect(strs(allocate(b('100'), [b(150), b(-50)], 'RUB'))).toEqual(['150', '-50']);
    const shares = allocate(b('10.01'), [b('300'), b('-100'), b('33.33')], 'RUB');
    expect(sumMoney(shares).toString()).toBe('10.01');
    expect(shares[1]?.lt(0)).toBe(true);
  });

  it('handles all-negative weights like the same proportions', () => {
    expect(strs(allocate(b('100'), [b(-1), b(-1), b(-1)], 'RUB'))).toEqual(['33.34', '33.33', '33.33']);
  });

  it('splits equally when the weights sum to zero', () => {
    expect(strs(allocate(b('100'), [b(0), b(0), b(0)], 'RUB'))).toEqual(['33.34', '33.33', '33.33']);
    expect(strs(allocate(b('10'), [b(100), b(-100)], 'RUB'))).toEqual(['5', '5']);
    expect(strs(allocate(b('0'), [b(100), b(-100)], 'RUB'))).toEqual(['0', '0']);
  });

  it('zero total gives zeros (no negative zero)', () => {
    const r = allocate(b('0'), [b(3), b(-1)], 'RUB');
    expect(strs(r)).toEqual(['0', '0']);
    expect(r.every((x) => x.s === 1)).toBe(true);
  });

  it('no lines: [] for zero, an error otherwise', () => {
    expect(allocate(b(0), [], 'RUB')).toEqual([]);
    expect(() => allocate(b(1), [], 'RUB')).toThrow(/no lines/);
  });

  it('refuses a total that is not rounded to the minor unit', () => {
    expect(() => allocate(b('10.005'), [b(1)], 'RUB')).toThrow(/not rounded/);
    expect(() => allocate(b('1.5'), [b(1)], 'JPY')).toThrow(/not rounded/);
    expect(() => allocate(b('1.005'), [b(1)], 'KWD')).not.toThrow();
  });

  it('uses exact remainders: weights with many decimals break ties correctly', () => {
    // exact shares: 0.5 + 1e-30 and 0.5 − 1e-30 units → the second-index line must NOT win the tie
    const eps = '0.000000000000000000000000000001';
    const w = [b('1').minus(b(eps)), b('1').plus(b(eps))];
    expect(strs(allocate(b('0.01'), w, 'RUB'))).toEqual(['0', '0.01']);
  });

  const currency = fc.constantFrom('RUB', 'JPY', 'KWD');
  const amountUnits = fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n });

  it('always sums exactly to the total (property, any signs)', () => {
    fc.assert(
      fc.property(
        amountUnits,
        currency,
        fc.array(fc.tuple(fc.integer({ min: -1_000_000, max: 1_000_000 }), fc.integer({ min: 0, max: 4 })), {
          minLength: 1,
          maxLength: 12,
        }),
        (units, cur, ws) => {
          const total = b(`${units}e-${minorUnit(cur)}`);
          const weights = ws.map(([m, s]) => b(`${m}e-${s}`));
          const shares = allocate(total, weights, cur);
          expect(shares).toHaveLength(weights.length);
          expect(sumMoney(shares).eq(total)).toBe(true);
          for (const s of shares) expect(roundMoney(s, cur).eq(s)).toBe(true);
        },
      ),
    );
  });

  it('every share is within one minor unit of its exact share (property, non-negative weights)', () => {
    fc.assert(
      fc.property(
        amountUnits,
        currency,
        fc.array(fc.tuple(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 0, max: 4 })), {
          minLength: 1,
          maxLength: 12,
        }),
        (units, cur, ws) => {
          const weights = ws.map(([m, s]) => b(`${m}e-${s}`));
          const sumW = sumMoney(weights);
          fc.pre(!sumW.eq(0));
          const unit = b(`1e-${minorUnit(cur)}`);
          const total = b(`${units}e-${minorUnit(cur)}`);
          const shares = allocate(total, weights, cur);
          shares.forEach((share, i) => {
            const exact = total.times(weights[i] as Big).div(sumW);
            expect(share.minus(exact).abs().lt(unit)).toBe(true);
          });
        },
      ),
    );
  });

  it('is deterministic and mirrors under negation (property)', () => {
    fc.assert(
      fc.property(amountUnits, fc.array(fc.integer({ min: -50, max: 50 }), { minLength: 1, maxLength: 8 }), (u, ws) => {
        const total = b(`${u}e-2`);
        const weights = ws.map((w) => b(w));
        const pos = allocate(total, weights, 'RUB');
        expect(strs(allocate(total, weights, 'RUB'))).toEqual(strs(pos));
        expect(strs(allocate(total.neg(), weights, 'RUB'))).toEqual(strs(pos.map((x) => (x.eq(0) ? x : x.neg()))));
      }),
    );
  });
});

describe('Big configuration', () => {
  it('is the configured big.js (40 dp division)', () => {
    expect(Big.DP).toBe(40);
    expect(b(1).div(8).toString()).toBe('0.125');
  });
});

describe('sumPresent', () => {
  it('adds the amounts present and says "no total" when there are none', () => {
    expect(sumPresent([new Big('0.10'), null, new Big('0.20'), undefined])!.toString()).toBe('0.3');
    expect(sumPresent([null, undefined])).toBeNull();
    expect(sumPresent([])).toBeNull();
    expect(sumPresent([new Big(0)])!.toString()).toBe('0');
  });
});
