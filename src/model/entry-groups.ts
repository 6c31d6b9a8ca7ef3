// Each deal's stage history as an ordered list of *entries*, over an event table (model/event-table.ts):
// events sorted by time (stable, so equal timestamps keep file order) and consecutive events of the
// same stage collapsed into one entry, because some CRMs (Salesforce's OpportunityHistory) write a
// row on every save. The rules live here once; `groupStageEntries` (stage-entries.ts) gives the same
// grouping as lists of event objects.
//
// Entries are event numbers (positions in the table), kept per deal in one flat array: deal k's
// entries are `entries[start[k]] … entries[start[k + 1] - 1]`. Grouping five million events is then a
// counting sort over typed arrays — no object, no list, no map per deal.
import { idLookup } from './deal-id.js';
import type { EventTable } from './event-table.js';

export interface EntryGroups {
  /** Deals (indexes into the table's `dealIds`) in order of their first event. */
  deals: Int32Array;
  /** Deal k's entries are `entries[start[k]]` up to (not including) `entries[start[k + 1]]`. */
  start: Int32Array;
  /** Event numbers, per deal in time order, repeats collapsed. */
  entries: Int32Array;
  /** Per deal: its events before repeats were collapsed. */
  events: Int32Array;
  /** Events that came earlier in the file than an event of the same deal with a later time. */
  outOfOrder: number;
  /** Events with the same timestamp as the previous entry of the same deal (order = file order). */
  ties: number[];
  /** Consecutive repeats of a stage that were merged into the first one. */
  collapsed: number;
}

export function groupEntries(table: EventTable): EntryGroups {
  const { count, dealIndex, enteredMs, stageIndex } = table;
  // Events per deal, and the deals in order of their first event.
  const perDeal = new Int32Array(table.dealIds.count);
  const order: number[] = [];
  for (let i = 0; i < count; i++) {
    const d = dealIndex[i]!;
    if (perDeal[d] === 0) order.push(d);
    perDeal[d] = perDeal[d]! + 1;
  }
  const deals = Int32Array.from(order);
  const at = new Int32Array(table.dealIds.count); // next free place of each deal
  const start = new Int32Array(deals.length + 1);
  const events = new Int32Array(deals.length);
  for (let k = 0, place = 0; k < deals.length; k++) {
    const d = deals[k]!;
    at[d] = place;
    events[k] = perDeal[d]!;
    place += perDeal[d]!;
  }
  // Each deal's events in file order; then, in place, its entries (never more than its events, and
  // written no further than they are read).
  const byDeal = new Int32Array(count);
  for (let i = 0; i < count; i++) byDeal[at[dealIndex[i]!]!++] = i;

  let outOfOrder = 0;
  let collapsed = 0;
  const ties: number[] = [];
  const entries = byDeal;
  let out = 0;
  for (let k = 0, from = 0; k < deals.length; k++) {
    const to = from + events[k]!;
    start[k] = out;
    let sorted = true;
    for (let j = from + 1; j < to; j++) {
      if (enteredMs[byDeal[j]!]! < enteredMs[byDeal[j - 1]!]!) {
        sorted = false;
        outOfOrder++;
      }
    }
    if (!sorted) {
      // By time, then by event number: file order among equal times (a stable sort).
      byDeal.subarray(from, to).sort((a, b) => enteredMs[a]! - enteredMs[b]! || a - b);
    }
    let last = byDeal[from]!;
    entries[out++] = last;
    for (let j = from + 1; j < to; j++) {
      const e = byDeal[j]!;
      if (enteredMs[e] === enteredMs[last]) ties.push(e);
      if (stageIndex[e] === stageIndex[last]) {
        collapsed++;
        continue;
      }
      entries[out++] = e;
      last = e;
    }
    from = to;
  }
  start[deals.length] = out;
  return { deals, start, entries: entries.subarray(0, out), events, outOfOrder, ties, collapsed };
}

/** A deal's last entry into a stage: the stage and when. */
export interface LastEntry {
  stage: string;
  enteredMs: number;
}

/** Each deal's last entry (`groupEntries`' last), by deal id; undefined for a deal without events. */
export type LastEntries = (dealId: string) => LastEntry | undefined;

/**
 * The last entry of each deal of `table` at or before `limitMs` — of its entries in time order
 * (`groupEntries`: a run of one stage is its first event) — found by deal id, without an object per
 * event or per deal.
 */
export function lastEntries(table: EventTable, limitMs = Infinity): LastEntries {
  const g = table.grouped ?? groupEntries(table);
  const { enteredMs } = table;
  const lastOf = new Int32Array(table.dealIds.count).fill(-1);
  for (let k = 0; k < g.deals.length; k++) {
    for (let j = g.start[k + 1]! - 1; j >= g.start[k]!; j--) {
      const e = g.entries[j]!;
      if (enteredMs[e]! <= limitMs) {
        lastOf[g.deals[k]!] = e;
        break;
      }
    }
  }
  const find = idLookup(table.dealIds);
  return (dealId) => {
    const d = find(dealId);
    const e = d === -1 ? -1 : lastOf[d]!;
    return e === -1 ? undefined : { stage: table.stages[table.stageIndex[e]!]!, enteredMs: table.enteredMs[e]! };
  };
}
