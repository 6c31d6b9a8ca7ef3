// Duplicate deal ids are found with a map of every id, unless the ids are plain integers in strictly
// increasing or decreasing order, where none can repeat. The shortcut must never hide a repeat.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Deal } from '../../src/model/records.js';
import { idsStrictlyMonotonic } from '../../src/io/read-deals.js';

const deals = (ids: string[]): Deal[] =>
  ids.map((id, i) => ({ id, manager: 'm', pipeline: 'default', status: 'open', createdAt: new Date(0), fields: {}, src: { file: 'deals.csv', line: i + 2 } }));

describe('idsStrictlyMonotonic', () => {
  it('takes plain increasing or decreasing integers', () => {
    expect(idsStrictlyMonotonic(deals(['1', '2', '10', '999999999999999']))).toBe(true);
    expect(idsStrictlyMonotonic(deals(['30', '20', '7']))).toBe(true);
    expect(idsStrictlyMonotonic(deals([]))).toBe(true);
  });

  it('refuses anything where two texts could be one id or order is mixed', () => {
    expect(idsStrictlyMonotonic(deals(['1', '2', '2', '3']))).toBe(false);
    expect(idsStrictlyMonotonic(deals(['1', '3', '2']))).toBe(false);
    expect(idsStrictlyMonotonic(deals(['7', '007']))).toBe(false);
    expect(idsStrictlyMonotonic(deals(['1', '2', 'A3']))).toBe(false);
    expect(idsStrictlyMonotonic(deals(['1', '-2']))).toBe(false);
    expect(idsStrictlyMonotonic(deals(['1', '1234567890123456']))).toBe(false);
  });

  it('is never true for a list with a repeated id', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.nat(50).map(String), fc.constantFrom('007', '7', 'x', '')), { maxLength: 30 }), (ids) => {
        if (new Set(ids).size < ids.length) expect(idsStrictlyMonotonic(deals(ids))).toBe(false);
      }),
      { numRuns: 5000 },
    );
  });
});
