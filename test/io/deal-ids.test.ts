// Duplicate deal ids are found with a map of every id, unless the ids are plain integers in strictly
// increasing or decreasing order, where none can repeat. The shortcut must never hide a repeat.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Deal } from '../../src/model/records.js';
import { idsStrictlyMonotonic } from '../../src/io/read-deals.js';
import { dealIdAt, DealIdsBuilder, positionsOf, type DealIds } from '../../src/model/deal-id.js';

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

/** A list of ids as `DealIds`, through the builder. */
function idsOf(texts: readonly string[]): DealIds {
  const b = new DealIdsBuilder();
  for (const t of texts) b.push(t);
  return b.ids();
}

describe('DealIds', () => {
  it('gives back every id exactly as written, plain integer or not, past its growth', () => {
    const id = fc.oneof(
      fc.integer({ min: 0, max: 2 ** 40 }).map(String),
      fc.constantFrom('007', '7', '0', '-3', 'A12', '1e3', '999999999999999', '1234567890123456', 'ид-1', ' 12', '12 '),
    );
    fc.assert(
      fc.property(fc.array(id, { maxLength: 3000 }), (texts) => {
        const ids = idsOf(texts);
        expect(ids.count).toBe(texts.length);
        expect(Array.from({ length: ids.count }, (_, i) => dealIdAt(ids, i))).toEqual(texts);
        // Only the ids that are not plain integers are kept as text.
        expect(ids.texts.size).toBe(texts.filter((t) => !/^(0|[1-9]\d{0,14})$/.test(t)).length);
      }),
      { numRuns: 300 },
    );
  });
});

describe('positionsOf', () => {
  it('finds what a map finds: the last position of an id, -1 for any other text', () => {
    const narrow = fc.integer({ min: 1_000_000, max: 1_000_040 }).map(String);
    const odd = fc.constantFrom('007', '7', '0', '-3', 'A12', '', '1e3', '999999999999999', '1234567890123456');
    const lists = fc.oneof(fc.array(narrow, { maxLength: 60 }), fc.array(fc.oneof(narrow, odd), { maxLength: 60 }));
    fc.assert(
      fc.property(lists, fc.array(fc.oneof(narrow, odd), { maxLength: 20 }), (ids, probes) => {
        const find = positionsOf(idsOf(ids));
        const map = new Map(ids.map((id, i) => [id, i]));
        const asked = [...ids, ...probes];
        const askedIds = idsOf(asked);
        asked.forEach((id, i) => expect(find(askedIds, i)).toBe(map.get(id) ?? -1));
      }),
      { numRuns: 3000 },
    );
  });

  it('takes the array for a narrow range of plain ids, the map otherwise, with the same answers', () => {
    const wide = ['1', '999999', '5'];
    expect(positionsOf(idsOf(wide))(idsOf(['999999']), 0)).toBe(1);
    const find = positionsOf(idsOf(['1000002', '1000001', '1000002']));
    const asked = idsOf(['1000001', '1000002', '1000003', '01000001', '']);
    expect([0, 1, 2, 3, 4].map((i) => find(asked, i))).toEqual([1, 2, -1, -1, -1]);
  });
});
