// Grouping stage events by deal: by an array index for plain integer ids from a narrow range, by a
// map otherwise. Both must give the same map — same deals, in the order of their first event, each
// with its events in file order — on any mix of ids.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { stageEvent, type StageEvent } from '../../src/model/records.js';
import { groupByIntegerId, groupByMap, groupStageEntries } from '../../src/metrics/stage-entries.js';

const events = (ids: string[]): StageEvent[] => ids.map((id, i) => stageEvent(id, `S${i % 3}`, Date.UTC(2025, 0, 1) + ((i * 7919) % 97) * 3_600_000, 'history.csv', i + 2));

const plain = (m: Map<string, StageEvent[]>) => [...m].map(([id, list]) => [id, list.map((e) => e.src.line)]);

describe('grouping events by deal', () => {
  it('by integer ids gives what the map gives', () => {
    const narrow = fc.integer({ min: 1_000_000, max: 1_000_040 }).map(String);
    const small = fc.integer({ min: 0, max: 30 }).map(String);
    const odd = fc.constantFrom('007', '7', '0', '-3', 'A12', '', '1e3', '999999999999999', '1234567890123456');
    // Mostly lists the array can group (one narrow range), some it must refuse (mixed, odd ids).
    const lists = fc.oneof(fc.array(narrow, { maxLength: 60 }), fc.array(small, { maxLength: 60 }), fc.array(fc.oneof(narrow, small, odd), { maxLength: 60 }));
    let grouped = 0;
    fc.assert(
      fc.property(lists, (ids) => {
        const list = events(ids);
        const fast = groupByIntegerId(list);
        if (fast === undefined) return;
        grouped++;
        expect(plain(fast)).toEqual(plain(groupByMap(list)));
      }),
      { numRuns: 5000 },
    );
    expect(grouped).toBeGreaterThan(2000);
  });

  it('is used for narrow integer ranges and not for wide ones, mixed or padded ids', () => {
    expect(groupByIntegerId(events(['1000002', '1000001', '1000002']))).toBeDefined();
    expect(groupByIntegerId(events(['1', '999999']))).toBeUndefined();
    expect(groupByIntegerId(events(['7', '007']))).toBeUndefined();
    expect(groupByIntegerId(events(['12', 'X12']))).toBeUndefined();
    expect(groupByIntegerId([])).toBeUndefined();
  });

  it('keeps the deals in order of their first event and each deal\'s events in file order', () => {
    const { byDeal } = groupStageEntries(events(['1000002', '1000001', '1000002', '1000003']));
    expect([...byDeal.keys()]).toEqual(['1000002', '1000001', '1000003']);
  });
});
