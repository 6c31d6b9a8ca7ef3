// Events handed over as columns: the id table's array window must number ids exactly as a plain
// text table does, and the columns must give back the events they were made from.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { dealIdAt } from '../../src/model/deal-id.js';
import { groupEntries } from '../../src/model/entry-groups.js';
import { EventColumnsBuilder, eventsOf, eventsUpTo, IdTable, TextTable } from '../../src/model/event-table.js';

describe('IdTable', () => {
  it('numbers ids as a TextTable does, plain integers or not', () => {
    const id = fc.oneof(
      fc.integer({ min: 5_000_000, max: 5_000_200 }).map(String),
      fc.integer({ min: 0, max: 3000 }).map(String),
      fc.integer({ min: 0, max: 2 ** 40 }).map(String),
      fc.constantFrom('007', '7', '0', '-3', 'A12', '1e3', '999999999999999', '1234567890123456', 'ид-1'),
    );
    fc.assert(
      fc.property(fc.array(id, { maxLength: 200 }), (ids) => {
        const fast = new IdTable();
        const plain = new TextTable();
        expect(ids.map((t) => fast.indexOf(t))).toEqual(ids.map((t) => plain.indexOf(t)));
        const kept = fast.ids.ids();
        expect(Array.from({ length: kept.count }, (_, i) => dealIdAt(kept, i))).toEqual(plain.texts);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('EventColumnsBuilder', () => {
  it('gives back its events whatever it expected: exactly, too few (it grows) or too many (cut to size)', () => {
    for (const expected of [0, 70_000, 66_000, 80_000, 200_000]) {
      const b = new EventColumnsBuilder(expected);
      const n = 70_000;
      for (let i = 0; i < n; i++) b.add(String(1000 + (i % 977)), `Stage ${i % 5}`, 1.7e12 + i * 1000, i + 2, undefined);
      const { packed, transfer } = b.pack('history.csv');
      expect({ expected, count: packed.count, lengths: [packed.dealIndex.length, packed.enteredMs.length, packed.lines.length] }).toEqual({ expected, count: n, lengths: [n, n, n] });
      expect(packed.lines[n - 1]).toBe(n + 1);
      expect(packed.enteredMs[n - 1]).toBe(1.7e12 + (n - 1) * 1000);
      // Spare room is kept only when small: at most a sixteenth of each buffer.
      for (const buffer of transfer) expect(buffer.byteLength).toBeLessThanOrEqual(Math.ceil((n * 8 * 17) / 16));
    }
  });

  it('gives back the events it was given, beyond its first growth', () => {
    const b = new EventColumnsBuilder();
    const n = 70_000;
    for (let i = 0; i < n; i++) b.add(String(1000 + (i % 977)), `Stage ${i % 5}`, 1.7e12 + i * 1000, i + 2, i % 3 === 0 ? undefined : `P${i % 2}`);
    const events = eventsOf(b.pack('history.csv').packed);
    expect(events.length).toBe(n);
    const e = events[69_998]!;
    expect([e.dealId, e.stage, e.enteredMs, e.src, e.pipeline]).toEqual(['1631', 'Stage 3', 1.7e12 + 69_998_000, { file: 'history.csv', line: 70_000 }, 'P0']);
    expect(events[3]!.pipeline).toBeUndefined();
    // The pipeline column is made at the first row that names one: the rows before name none.
    expect([events[0]!.pipeline, events[1]!.pipeline]).toEqual([undefined, 'P1']);
  });

  it('makes no pipeline column when no row names a pipeline', () => {
    const b = new EventColumnsBuilder();
    for (let i = 0; i < 10; i++) b.add(String(i), 'S', i, i + 2, undefined);
    const { packed, transfer } = b.pack('history.csv');
    expect(packed.pipelineIndex).toBeUndefined();
    expect(transfer.length).toBe(5);
    expect(eventsOf(packed).every((e) => e.pipeline === undefined)).toBe(true);
  });
});

describe('eventsUpTo', () => {
  it('keeps a grouping made of the whole table only while it keeps the whole table', () => {
    const b = new EventColumnsBuilder();
    for (let i = 0; i < 100; i++) b.add(String(1 + (i % 7)), `S${i % 3}`, 1000 * i, i + 2, undefined);
    const table = b.pack('history.csv').packed;
    table.grouped = groupEntries(table);
    expect(eventsUpTo(table, 1e9)).toBe(table);
    const cut = eventsUpTo(table, 50_000);
    expect(cut.count).toBe(51);
    expect(cut.grouped).toBeUndefined();
    // The funnel then groups the cut table itself: its own events only.
    expect(Math.max(...groupEntries(cut).entries)).toBeLessThan(cut.count);
  });
});
