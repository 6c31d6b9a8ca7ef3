// A deal's stage history as an ordered list of *entries*: events sorted by time (stable, so equal
// timestamps keep file order) and consecutive events of the same stage collapsed into one entry,
// because some CRMs (Salesforce's OpportunityHistory) write a row on every save. Shared by funnel
// (visits and durations) and zombies (days since the last entry into the current stage).
import { plainIntegerId } from '../model/deal-id.js';
import type { StageEvent } from '../model/records.js';

export interface StageEntries {
  /** Deal id → its entries, oldest first. */
  byDeal: Map<string, StageEvent[]>;
  /** Events that came earlier in the file than an event of the same deal with a later time. */
  outOfOrder: number;
  /** Events with the same timestamp as the previous event of the same deal (order = file order). */
  ties: StageEvent[];
  /** Consecutive repeats of a stage that were merged into the first one. */
  collapsed: number;
}

export function groupStageEntries(events: readonly StageEvent[]): StageEntries {
  const byDeal = groupByIntegerId(events) ?? groupByMap(events);
  let outOfOrder = 0;
  let collapsed = 0;
  const ties: StageEvent[] = [];
  // Each deal's list is replaced in place (Map.set on a present key keeps the order of deals), and
  // only when sorting or collapsing changes it: most histories are in order already.
  for (const [dealId, list] of byDeal) {
    let sorted = true;
    for (let i = 1; i < list.length; i++) {
      if (list[i]!.enteredMs < list[i - 1]!.enteredMs) {
        sorted = false;
        outOfOrder++;
      }
    }
    // Array.prototype.sort is stable: equal times keep their file order.
    const ordered = sorted ? list : [...list].sort((a, b) => a.enteredMs - b.enteredMs);
    let entries: StageEvent[] | undefined;
    for (let i = 1; i < ordered.length; i++) {
      const e = ordered[i]!;
      // The last entry so far: the previous event until a repeat has been collapsed.
      const last = entries === undefined ? ordered[i - 1]! : entries[entries.length - 1]!;
      if (last.enteredMs === e.enteredMs) ties.push(e);
      if (last.stage === e.stage) {
        collapsed++;
        entries ??= ordered.slice(0, i);
        continue;
      }
      entries?.push(e);
    }
    if (entries !== undefined) byDeal.set(dealId, entries);
    else if (!sorted) byDeal.set(dealId, ordered);
  }
  return { byDeal, outOfOrder, ties, collapsed };
}

/** Each deal's events in file order; deals in order of their first event. */
export function groupByMap(events: readonly StageEvent[]): Map<string, StageEvent[]> {
  const byDeal = new Map<string, StageEvent[]>();
  for (const e of events) {
    const list = byDeal.get(e.dealId);
    if (list) list.push(e);
    else byDeal.set(e.dealId, [e]);
  }
  return byDeal;
}

/**
 * `groupByMap` for the usual case of CRM deal ids that are plain integers from a narrow range
 * (`1000123`): the events are grouped in an array indexed by the id, and the map is built once per
 * deal instead of probed once per event. Undefined when an id is not a plain integer (no sign, no
 * leading zero, at most 15 digits, so that two texts are never one number) or the range is wider
 * than the number of events; the map does those.
 */
export function groupByIntegerId(events: readonly StageEvent[]): Map<string, StageEvent[]> | undefined {
  let min = Infinity;
  let max = -Infinity;
  // Each id's value, read once (a deal's id text is parsed for every one of its events otherwise).
  const values = new Float64Array(events.length);
  for (let i = 0; i < events.length; i++) {
    const v = plainIntegerId(events[i]!.dealId);
    if (v < 0) return undefined;
    values[i] = v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (events.length === 0 || max - min > events.length + 1024) return undefined;
  const lists: Array<StageEvent[] | undefined> = new Array<StageEvent[] | undefined>(max - min + 1);
  const order: number[] = [];
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    const slot = values[i]! - min;
    const list = lists[slot];
    if (list) list.push(e);
    else {
      lists[slot] = [e];
      order.push(slot);
    }
  }
  const byDeal = new Map<string, StageEvent[]>();
  for (const slot of order) {
    const list = lists[slot]!;
    byDeal.set(list[0]!.dealId, list);
  }
  return byDeal;
}
