// Lists of durations and what funnel reports of them: percentiles and the mean. A funnel over five
// million events collects about as many durations; kept as numbers in a growing Float64Array (no
// boxed array of a million entries per stage) and never sorted whole: a percentile needs two order
// statistics, which a selection finds in linear time where a sort takes n log n.
import { widened } from '../model/typed-arrays.js';

/** A growing list of numbers. */
export class Samples {
  length = 0;
  private values = new Float64Array(16);

  push(value: number): void {
    if (this.length === this.values.length) this.values = widened(this.values, this.values.length * 2);
    this.values[this.length++] = value;
  }

  /** The numbers, in no promised order (`percentiles` reorders them in place). */
  view(): Float64Array {
    return this.values.subarray(0, this.length);
  }
}

/**
 * The p-th percentiles (0–100) of `values` by linear interpolation between order statistics:
 * numpy.percentile's default ("linear") and Excel's PERCENTILE.INC, exactly as `percentile` of the
 * sorted values gives them. Reorders `values` in place. Null for each when there are none.
 */
export function percentiles(values: Float64Array, ps: readonly number[]): Array<number | null> {
  const n = values.length;
  const out: Array<number | null> = ps.map(() => null);
  if (n === 0) return out;
  // Lowest first: each selection then looks only above the one before (everything below it is
  // smaller), and the order statistic after a selected one is the smallest up to the next one.
  const order = ps.map((_, i) => i).sort((a, b) => ps[a]! - ps[b]!);
  const lows = order.map((i) => Math.floor((ps[i]! / 100) * (n - 1)));
  for (let j = 0, from = 0; j < order.length; j++) {
    // A position selected already (two equal percentiles' positions) stays as it is.
    if (lows[j]! >= from) select(values, lows[j]!, from);
    from = lows[j]! + 1;
  }
  for (let j = 0; j < order.length; j++) {
    const lo = lows[j]!;
    const a = values[lo]!;
    let b = a;
    if (lo + 1 < n) {
      const upTo = j + 1 < order.length && lows[j + 1]! > lo ? lows[j + 1]! : n - 1;
      b = values[lo + 1]!;
      for (let i = lo + 2; i <= upTo; i++) if (values[i]! < b) b = values[i]!;
    }
    const pos = (ps[order[j]!]! / 100) * (n - 1);
    out[order[j]!] = a + (b - a) * (pos - lo);
  }
  return out;
}

/**
 * The mean, summed with Neumaier's compensation: the result does not depend on the order of the
 * values (up to the last bit), which a plain running sum of a million hours would.
 */
export function meanOf(values: ArrayLike<number>): number | null {
  const n = values.length;
  if (n === 0) return null;
  let sum = 0;
  let carry = 0;
  for (let i = 0; i < n; i++) {
    const x = values[i]!;
    const t = sum + x;
    carry += Math.abs(sum) >= Math.abs(x) ? sum - t + x : x - t + sum;
    sum = t;
  }
  return (sum + carry) / n;
}

/**
 * The k-th smallest value (0-based): after the call `values[k]` holds it, everything before it is
 * not larger and everything after it is not smaller. With `from`, only `values[from…]` are
 * reordered: those before must be no larger than any of them (an earlier selection's left side). Quickselect with a median-of-three pivot and a
 * three-way partition (durations repeat: many equal values must not make it quadratic); past a
 * depth that only adversarial input reaches, the rest is sorted instead.
 */
export function select(values: Float64Array, k: number, from = 0): number {
  let lo = from;
  let hi = values.length - 1;
  let depth = 2 * Math.ceil(Math.log2(values.length + 1)) + 8;
  while (hi > lo) {
    if (depth-- === 0) {
      values.subarray(lo, hi + 1).sort();
      break;
    }
    const pivot = medianOfThree(values[lo]!, values[(lo + hi) >>> 1]!, values[hi]!);
    // [lo, lt): < pivot, [lt, i): = pivot, (gt, hi]: > pivot.
    let lt = lo;
    let gt = hi;
    let i = lo;
    while (i <= gt) {
      const v = values[i]!;
      if (v < pivot) {
        values[i] = values[lt]!;
        values[lt] = v;
        lt++;
        i++;
      } else if (v > pivot) {
        values[i] = values[gt]!;
        values[gt] = v;
        gt--;
      } else i++;
    }
    if (k < lt) hi = lt - 1;
    else if (k > gt) lo = gt + 1;
    else return pivot;
  }
  return values[k]!;
}

function medianOfThree(a: number, b: number, c: number): number {
  if (a < b) return b < c ? b : a < c ? c : a;
  return a < c ? a : b < c ? c : b;
}
