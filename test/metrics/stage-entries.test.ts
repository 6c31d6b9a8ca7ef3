// Grouping stage events into each deal's entries (model/entry-groups.ts, through
// groupStageEntries): compared with the rules written out the plain way — a map of lists in file
// order, a stable sort by time, consecutive repeats of a stage collapsed into the first, a tie
// wherever an entry has the time of the entry kept before it — on random histories with repeated
// stages, equal and out-of-order times and ids of every shape.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { stageEvent, type StageEvent } from '../../src/model/records.js';
import { groupStageEntries } from '../../src/metrics/stage-entries.js';

/** The rules, the plain way. */
function reference(events: readonly StageEvent[]) {
  const lists = new Map<string, StageEvent[]>();
  for (const e of events) lists.set(e.dealId, [...(lists.get(e.dealId) ?? []), e]);
  let outOfOrder = 0;
  let collapsed = 0;
  const ties: StageEvent[] = [];
  const byDeal = new Map<string, StageEvent[]>();
  for (const [id, list] of lists) {
    for (let i = 1; i < list.length; i++) if (list[i]!.enteredMs < list[i - 1]!.enteredMs) outOfOrder++;
    const ordered = [...list].sort((a, b) => a.enteredMs - b.enteredMs);
    const entries = [ordered[0]!];
    for (const e of ordered.slice(1)) {
      const last = entries[entries.length - 1]!;
      if (last.enteredMs === e.enteredMs) ties.push(e);
      if (last.stage === e.stage) collapsed++;
      else entries.push(e);
    }
    byDeal.set(id, entries);
  }
  return { byDeal, outOfOrder, ties, collapsed };
}

/** Lines stand for the events (each event has its own). */
const shown = (g: { byDeal: Map<string, StageEvent[]>; outOfOrder: number; ties: StageEvent[]; collapsed: number }) => ({
  byDeal: [...g.byDeal].map(([id, list]) => [id, list.map((e) => e.src.line)]),
  outOfOrder: g.outOfOrder,
  ties: g.ties.map((e) => e.src.line).sort((a, b) => a - b),
  collapsed: g.collapsed,
});

describe('grouping stage events into entries', () => {
  it('follows the rules on random histories', () => {
    const id = fc.oneof(fc.integer({ min: 1_000_000, max: 1_000_030 }).map(String), fc.constantFrom('007', '7', 'A12', '', '999999999999999'));
    const event = fc.tuple(id, fc.constantFrom('New', 'Talks', 'Proposal', 'Won'), fc.integer({ min: 0, max: 12 }));
    fc.assert(
      fc.property(fc.array(event, { maxLength: 80 }), (rows) => {
        const events = rows.map(([dealId, stage, hour], i) => stageEvent(dealId, stage, Date.UTC(2025, 0, 1) + hour * 3_600_000, 'history.csv', i + 2));
        expect(shown(groupStageEntries(events))).toEqual(shown(reference(events)));
      }),
      { numRuns: 3000 },
    );
  });

  it('keeps the deals in order of their first event, sorts, collapses and finds ties', () => {
    const at = (h: number) => Date.UTC(2025, 0, 1, h);
    const g = groupStageEntries([
      stageEvent('2', 'Talks', at(5), 'h.csv', 2),
      stageEvent('1', 'New', at(1), 'h.csv', 3),
      stageEvent('2', 'New', at(1), 'h.csv', 4), // earlier than line 2: out of order
      stageEvent('1', 'Talks', at(1), 'h.csv', 5), // the time of the entry kept before it: a tie
      stageEvent('1', 'Talks', at(3), 'h.csv', 6), // a repeat of Talks: collapsed
    ]);
    expect(shown(g)).toEqual({ byDeal: [['2', [4, 2]], ['1', [3, 5]]], outOfOrder: 1, ties: [5], collapsed: 1 });
  });
});
