// A deal's stage history as an ordered list of entries, as event objects: what zombies and the
// first-response time use. The rules (time order, stable on ties, consecutive repeats of a stage
// collapsed) are those of `groupEntries` (model/entry-groups.ts), which this applies to the events' table.
import { EventColumnsBuilder } from '../model/event-table.js';
import type { StageEvent } from '../model/records.js';
import { groupEntries } from '../model/entry-groups.js';

export interface StageEntries {
  /** Deal id → its entries, oldest first; deals in order of their first event. */
  byDeal: Map<string, StageEvent[]>;
  /** Events that came earlier in the file than an event of the same deal with a later time. */
  outOfOrder: number;
  /** Events with the same timestamp as the previous entry of the same deal (order = file order). */
  ties: StageEvent[];
  /** Consecutive repeats of a stage that were merged into the first one. */
  collapsed: number;
}

export function groupStageEntries(events: readonly StageEvent[]): StageEntries {
  // Only the grouping's fields: the table's file and lines are not used (the entries are `events`).
  const columns = new EventColumnsBuilder(events.length);
  for (const e of events) columns.add(e.dealId, e.stage, e.enteredMs, 0, undefined);
  const table = columns.pack('').packed;
  const g = groupEntries(table);
  const byDeal = new Map<string, StageEvent[]>();
  for (let k = 0; k < g.deals.length; k++) {
    const list: StageEvent[] = [];
    for (let j = g.start[k]!; j < g.start[k + 1]!; j++) list.push(events[g.entries[j]!]!);
    byDeal.set(list[0]!.dealId, list);
  }
  return { byDeal, outOfOrder: g.outOfOrder, ties: g.ties.map((i) => events[i]!), collapsed: g.collapsed };
}
