// The one module that owns amounts. Money is big.js, never a fractional JS number: big.js is exact
// for + − × and rounds only division, which we configure here once (a count's running sum also adds
// whole hundredths as safe integers, exact by construction: `AmountSum`). Every other module
// imports Big from here so that configuration is guaranteed to have run. Rounding to a currency's minor unit
// (ISO 4217; JPY 0, RUB 2, KWD 3 — never a hard-coded ×100) and exact allocation live here too.
import Big from 'big.js';

// Division is the only inexact operation. 40 decimal places keeps ratios (attainment, conversion,
// allocation weights) far below any minor unit; the default 20 would still be fine for money, but
// ratios of ratios (tiers × rates) deserve the margin. Half-up here only affects digit 41.
Big.DP = 40;
Big.RM = Big.roundHalfUp;

export { Big };

export type Rounding = 'half-up' | 'half-even';

// ISO 4217 minor units (digits after the decimal point) of active currencies. Most have 2, so only
// the exceptions are listed apart. Funds codes (BOV, CLF, …) are included because banks export them.
const ZERO_DIGITS = 'BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF';
const THREE_DIGITS = 'BHD IQD JOD KWD LYD OMR TND';
const FOUR_DIGITS = 'CLF UYW';
const TWO_DIGITS =
  'AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BOV BRL BSD BTN BWP BYN ' +
  'BZD CAD CDF CHE CHF CHW CNY COP COU CRC CUC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP ' +
  'GBP GEL GHS GIP GMD GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK ' +
  'LBP LKR LRD LSL MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK ' +
  'NPR NZD PAB PEN PGK PHP PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SLL SOS SRD ' +
  'SSP STN SVC SYP SZL THB TJS TMT TOP TRY TTD TWD TZS UAH USD USN UYU UZS VED VES WST XCD XCG ' +
  'YER ZAR ZMW ZWG ZWL';

const MINOR_UNITS: ReadonlyMap<string, number> = new Map([
  ...TWO_DIGITS.split(' ').map((c) => [c, 2] as const),
  ...ZERO_DIGITS.split(' ').map((c) => [c, 0] as const),
  ...THREE_DIGITS.split(' ').map((c) => [c, 3] as const),
  ...FOUR_DIGITS.split(' ').map((c) => [c, 4] as const),
]);

/** True for an ISO 4217 code in our table (case-insensitive). */
export function isKnownCurrency(code: string): boolean {
  return MINOR_UNITS.has(code.trim().toUpperCase());
}

/** All codes of the table, upper case (for parsers that recognise codes in text). */
export function knownCurrencies(): string[] {
  return [...MINOR_UNITS.keys()];
}

/**
 * Digits after the decimal point for `currency` (ISO 4217). An unknown code is a bug — the config
 * validates `currency` with `isKnownCurrency` — so it throws rather than guessing 2.
 */
export function minorUnit(currency: string): number {
  const digits = MINOR_UNITS.get(currency.trim().toUpperCase());
  if (digits === undefined) {
    throw new RangeError(`unknown currency "${currency}": not an ISO 4217 code with a minor unit`);
  }
  return digits;
}

/** big.js rounding mode for ours. big.js's roundHalfUp is "away from zero on a tie". */
function roundingMode(rounding: Rounding): Big.RoundingMode {
  return rounding === 'half-even' ? Big.roundHalfEven : Big.roundHalfUp;
}

/** Big without the sign of a negative zero, so `-0.001` rounded prints `0`, not `-0`. */
function noNegativeZero(x: Big): Big {
  return x.eq(0) ? new Big(0) : x;
}

/**
 * Round to the currency's minor unit.
 * - `half-up` (default): a tie goes AWAY FROM ZERO, for negatives too: 2.5 → 3, −2.5 → −3,
 *   1.005 → 1.01. This is what finance means by "half-up" (unlike `Math.round(-2.5) === -2`).
 * - `half-even` (banker's): a tie goes to the even neighbour: 2.5 → 2, 3.5 → 4, −2.5 → −2.
 */
export function roundMoney(x: Big, currency: string, rounding: Rounding = 'half-up'): Big {
  return noNegativeZero(x.round(minorUnit(currency), roundingMode(rounding)));
}

/**
 * An exact running sum of amounts, for a count over millions of deals. An amount that is a whole
 * number of hundredths as written — the plain forms of an export, `1250000` and `1250000.50`,
 * whatever the currency's minor unit (nothing is rounded to it here) — is added as that integer
 * (`addHundredths`) while the sum of them stays a safe integer: integers up to 2^53 are exact in a
 * double, and a sum that would pass it is first carried into the Big part. Any other amount is
 * added as a Big. `total()` is the exact sum, the value a chain of `Big.plus` gives. (A `Big` a won
 * deal — cut, parsed, added, a new digit array each — was a tenth of a counting thread's read of
 * the 1m bench file.)
 */
export class AmountSum {
  private big: Big;
  /** A safe integer: hundredths not yet in `big`. */
  private hundredths = 0;

  constructor(start: Big = new Big(0)) {
    this.big = start;
  }

  add(amount: Big): void {
    this.big = this.big.plus(amount);
  }

  /** `n` hundredths: a safe integer (`plainHundredthsAt`). */
  addHundredths(n: number): void {
    const sum = this.hundredths + n;
    if (Number.isSafeInteger(sum)) {
      this.hundredths = sum;
      return;
    }
    // The true sum is 2^53 or more here (a rounded one is never below it): carried over exactly.
    this.add(ofHundredths(this.hundredths));
    this.hundredths = n;
  }

  total(): Big {
    return this.hundredths === 0 ? this.big : this.big.plus(ofHundredths(this.hundredths));
  }
}

/**
 * `x` as a whole number of hundredths, when it is one below 10^15 (exact in a double); NaN when it
 * has more than two decimals or more digits. `bigOfHundredths` gives the same value back.
 */
export function hundredthsOf(x: Big): number {
  const c = x.c;
  // x = c[0].c[1]c[2]… × 10^e: in hundredths, the digits times 10^shift.
  const shift = x.e + 2 - (c.length - 1);
  if (shift < 0 || c.length + shift > 15) return NaN;
  let n = 0;
  for (let k = 0; k < c.length; k++) n = n * 10 + c[k]!;
  n *= 10 ** shift;
  return n === 0 ? 0 : x.s < 0 ? -n : n;
}

/** A safe integer of hundredths as its exact Big (`hundredthsOf` the other way). */
export function bigOfHundredths(n: number): Big {
  return ofHundredths(n);
}

/** A safe integer of hundredths as its exact Big: its digits, the point moved two places (no division). */
function ofHundredths(n: number): Big {
  const value = new Big(n);
  // Zero's one digit has no place to move (big.js keeps it as c [0], e 0).
  if (n !== 0) value.e -= 2;
  return value;
}

/** Exact sum; 0 for no items. */
export function sumMoney(xs: Iterable<Big>): Big {
  let total = new Big(0);
  for (const x of xs) total = total.plus(x);
  return total;
}

/**
 * The total of a money column whose cells may be empty: the sum of the amounts present, or null
 * when none is (an empty total, never a made-up 0).
 */
export function sumPresent(values: Iterable<Big | null | undefined>): Big | null {
  const present: Big[] = [];
  for (const v of values) if (v !== null && v !== undefined) present.push(v);
  return present.length === 0 ? null : sumMoney(present);
}

/** a / b as an exact-enough Big (40 decimal places); null when b is zero — never NaN or Infinity. */
export function ratioBig(a: Big, b: Big): Big | null {
  if (b.eq(0)) return null;
  return noNegativeZero(divide(a, b));
}

/**
 * `a.div(b)` (b not zero) by BigInt: the same Big — the quotient rounded to Big.DP places, half
 * away from zero, as big.js rounds on the first digit left off — without big.js's digit-by-digit
 * long division, which takes ≈ 50 µs for a sum of amounts over a count (a report's average deals:
 * a row each). Tested against `div` (money.test.ts).
 */
export function divide(a: Big, b: Big): Big {
  const x = scaled(a);
  const y = scaled(b);
  // a / b = (x.digits / 10^x.scale) / (y.digits / 10^y.scale), times 10^DP: an integer division.
  const shift = y.scale + Big.DP - x.scale;
  const num = shift >= 0 ? x.digits * 10n ** BigInt(shift) : x.digits;
  const den = shift >= 0 ? y.digits : y.digits * 10n ** BigInt(-shift);
  let q = num / den;
  if (2n * (num % den) >= den) q += 1n;
  const digits = q.toString().padStart(Big.DP + 1, '0');
  const point = digits.length - Big.DP;
  const sign = a.s * b.s < 0 ? '-' : '';
  return new Big(`${sign}${digits.slice(0, point)}.${digits.slice(point)}`);
}

/** |x| as an integer of digits and the places of its decimal point: |x| = digits / 10^scale. */
function scaled(x: Big): { digits: bigint; scale: number } {
  const scale = x.c.length - 1 - x.e;
  const digits = BigInt(x.c.join(''));
  return scale >= 0 ? { digits, scale } : { digits: digits * 10n ** BigInt(-scale), scale: 0 };
}

/** a / b as a number for display and thresholds; null when b is zero — never NaN or Infinity. */
export function ratio(a: Big, b: Big): number | null {
  const r = ratioBig(a, b);
  return r === null ? null : r.toNumber();
}

/** Counts below this are divided as numbers by `countRatio`. */
const COUNT_LIMIT = 2 ** 31;

/**
 * `ratio` of two counts (whole numbers ≥ 0), without big.js when both are below 2^31: a report has
 * thousands of such ratios, and big.js divides to 40 places digit by digit. The same number: a / b
 * in doubles is the double nearest the exact quotient q, and `ratio` gives the double nearest q
 * rounded to 40 places. Those differ only if a midpoint between two doubles lies within 0.5e-40 of
 * q; a midpoint near q ≥ 2^e is an odd multiple of 2^(e−53), and q = a/b with b < 2^31 (so e ≥ −31)
 * is never one (its numerator would need 54 bits) and so is at least 1 / (b·2^(53−e)) ≥ 2^−115 from
 * it. Tested against `ratio` (money.test.ts).
 */
export function countRatio(a: number, b: number): number | null {
  if (a >= COUNT_LIMIT || b >= COUNT_LIMIT) return ratio(new Big(a), new Big(b));
  return b === 0 ? null : a / b;
}

/** A JSON-ready number: rounded half-up (away from zero) to the minor unit first, never -0. */
export function moneyToNumber(x: Big, currency: string): number {
  const n = roundMoney(x, currency, 'half-up').toNumber();
  return n === 0 ? 0 : n;
}

// ---------------------------------------------------------------------------------------------
// Allocation. Done in integers (BigInt) so the comparison of remainders is exact: dividing in
// big.js would round at digit 40 and could break a tie the wrong way.

/** Number of digits after the decimal point in x's exact value. */
function decimalsOf(x: Big): number {
  return Math.max(0, x.c.length - x.e - 1);
}

/** x × 10^scale as a BigInt; `scale` must be ≥ decimalsOf(x) so nothing is rounded. */
function toScaledInt(x: Big, scale: number): bigint {
  const digits = x.abs().toFixed(scale).replace('.', '');
  const n = BigInt(digits);
  return x.s < 0 ? -n : n;
}

/** floor(n / d) for d > 0 (BigInt division truncates toward zero). */
function floorDiv(n: bigint, d: bigint): bigint {
  const q = n / d;
  return n % d < 0n ? q - 1n : q;
}

function fromMinorUnits(units: bigint, digits: number): Big {
  return noNegativeZero(new Big(`${units}e-${digits}`));
}

/**
 * Split `total` (already rounded to the currency's minor unit) into shares proportional to
 * `weights`, each share in whole minor units, the shares adding up EXACTLY to `total`.
 *
 * Largest-remainder method: every line gets the floor of its exact share; the minor units left
 * over go one each to the lines with the largest remainders; on equal remainders the earlier index
 * wins. Each share is therefore within one minor unit of its exact proportional share.
 *
 * Edge cases, decided:
 * - Negative weights (refund lines) are allowed: exact shares are then signed (and may exceed the
 *   total), the method still sums exactly.
 * - A negative total is allocated as −allocate(−total), so the extra units go to the same
 *   (earliest) lines as for the positive amount: allocate(−x) = −allocate(x).
 * - Weights summing to zero (all zero, or refunds cancelling sales) give no proportion to follow:
 *   the total is split EQUALLY, as if every weight were 1 (a zero total thus gives all zeros).
 * - No weights: [] for a zero total; a non-zero total cannot go anywhere and throws.
 * - A total with more decimals than the currency's minor unit is a caller bug and throws: rounding
 *   it here would hide a cent that some statement already printed.
 */
export function allocate(total: Big, weights: Big[], currency: string): Big[] {
  const digits = minorUnit(currency);
  if (!total.round(digits, Big.roundDown).eq(total)) {
    throw new RangeError(
      `allocate: total ${total.toString()} is not rounded to the minor unit of ${currency} (${digits} digits)`,
    );
  }
  if (weights.length === 0) {
    if (total.eq(0)) return [];
    throw new RangeError(`allocate: cannot split ${total.toString()} ${currency} over no lines`);
  }
  if (total.lt(0)) {
    return allocate(total.neg(), weights, currency).map((x) => noNegativeZero(x.neg()));
  }

  const units = toScaledInt(total, digits);
  const scale = Math.max(...weights.map(decimalsOf));
  let ws = weights.map((w) => toScaledInt(w, scale));
  let sum = ws.reduce((a, b) => a + b, 0n);
  if (sum === 0n) {
    ws = ws.map(() => 1n);
    sum = BigInt(ws.length);
  }
  if (sum < 0n) {
    // Same proportions with a positive denominator, so floorDiv and remainders stay simple.
    ws = ws.map((w) => -w);
    sum = -sum;
  }

  const floors = ws.map((w) => floorDiv(units * w, sum));
  const remainders = ws.map((w, i) => units * w - (floors[i] as bigint) * sum);
  let left = units - floors.reduce((a, b) => a + b, 0n);

  // Indices by remainder, largest first; stable sort keeps earlier indices first on ties.
  const order = ws.map((_, i) => i);
  order.sort((i, j) => {
    const ri = remainders[i] as bigint;
    const rj = remainders[j] as bigint;
    return ri === rj ? i - j : ri > rj ? -1 : 1;
  });
  for (const i of order) {
    if (left === 0n) break;
    floors[i] = (floors[i] as bigint) + 1n;
    left -= 1n;
  }
  return floors.map((u) => fromMinorUnits(u, digits));
}
