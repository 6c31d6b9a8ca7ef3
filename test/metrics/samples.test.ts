// Percentiles by selection and the compensated mean (src/metrics/samples.ts): the same order
// statistics as a full sort gives, whatever the order and the repeats of the values.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { meanOf, percentiles, Samples, select } from '../../src/metrics/samples.js';

/** The reference: sort, then interpolate between the two order statistics around the position. */
function sortedPercentile(values: readonly number[], p: number): number | null {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  if (n === 0) return null;
  const pos = (p / 100) * (n - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

const of = (values: number[]) => Float64Array.from(values);

describe('percentiles (numpy.percentile default, Excel PERCENTILE.INC)', () => {
  it('interpolates linearly between order statistics, in any order of the values', () => {
    expect(percentiles(of([4, 1, 3, 2]), [50])).toEqual([2.5]);
    expect(percentiles(of([3, 4, 2, 1]), [90])[0]).toBeCloseTo(3.7, 12); // position 0.9 × 3 = 2.7
    expect(percentiles(of([1, 2, 3, 4]), [25])[0]).toBeCloseTo(1.75, 12);
    expect(percentiles(of([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]), [90])[0]).toBeCloseTo(9.1, 12);
    expect(percentiles(of([50, 15, 40, 20, 35]), [90])[0]).toBeCloseTo(46, 12); // 40 + 0.6 × 10
    expect(percentiles(of([24, 48, 0, 24, 24]), [90])[0]).toBeCloseTo(38.4, 12);
  });

  it('ends, one value, none', () => {
    expect(percentiles(of([4, 3, 2, 1]), [0, 100])).toEqual([1, 4]);
    expect(percentiles(of([5]), [50, 90])).toEqual([5, 5]);
    expect(percentiles(of([]), [50, 90])).toEqual([null, null]);
  });

  it('equals the sorted reference exactly, for many repeats and any order (property)', () => {
    const value = fc.oneof(fc.integer({ min: 0, max: 5 }), fc.double({ min: 0, max: 1e6, noNaN: true }));
    fc.assert(
      fc.property(fc.array(value, { maxLength: 300 }), fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 1, maxLength: 4 }), (values, ps) => {
        expect(percentiles(of(values), ps)).toEqual(ps.map((p) => sortedPercentile(values, p)));
      }),
      { numRuns: 500 },
    );
  });

  it('a long run of equal values and sorted or reversed input stay linear-time (and right)', () => {
    const n = 200_000;
    const equal = new Float64Array(n).fill(7);
    const rising = Float64Array.from({ length: n }, (_, i) => i);
    const falling = Float64Array.from({ length: n }, (_, i) => n - i);
    expect(percentiles(equal, [50, 90])).toEqual([7, 7]);
    expect(percentiles(rising, [50])).toEqual([sortedPercentile([...rising], 50)]);
    expect(percentiles(falling, [90])).toEqual([sortedPercentile([...falling], 90)]);
  });
});

describe('select', () => {
  it('puts the k-th smallest at k, smaller values before it, larger after (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -20, max: 20 }), { minLength: 1, maxLength: 200 }), fc.nat(), (values, seed) => {
        const k = seed % values.length;
        const a = of(values);
        const v = select(a, k);
        const sorted = of(values).sort();
        expect(v).toBe(sorted[k]);
        expect(a[k]).toBe(v);
        for (let i = 0; i < k; i++) expect(a[i]).toBeLessThanOrEqual(v);
        for (let i = k + 1; i < a.length; i++) expect(a[i]).toBeGreaterThanOrEqual(v);
        expect(of([...a]).sort()).toEqual(sorted); // a permutation: nothing lost or doubled
      }),
      { numRuns: 500 },
    );
  });
});

describe('meanOf', () => {
  it('is the exact mean where the sum is exact (integers), and null for none', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -(2 ** 40), max: 2 ** 40 }), { minLength: 1, maxLength: 500 }), (values) => {
        const sum = values.reduce((a, b) => a + b, 0);
        expect(meanOf(values)).toBe(sum / values.length);
      }),
    );
    expect(meanOf([])).toBeNull();
  });

  it('does not depend on the order of the values, where a running sum does', () => {
    // 1e16 + 1 + 1 − 1e16 in this order: a running sum loses both ones (1e16 + 1 rounds back).
    const values = [1e16, 1, 1, -1e16];
    expect(values.reduce((a, b) => a + b, 0) / 4).toBe(0);
    expect(meanOf(values)).toBe(0.5);
    expect(meanOf([1, -1e16, 1, 1e16])).toBe(0.5);
  });
});

describe('Samples', () => {
  it('keeps every pushed value, past its growth', () => {
    const s = new Samples();
    for (let i = 0; i < 100; i++) s.push(i * 1.5);
    expect(s.length).toBe(100);
    expect([...s.view()]).toEqual(Array.from({ length: 100 }, (_, i) => i * 1.5));
  });
});
