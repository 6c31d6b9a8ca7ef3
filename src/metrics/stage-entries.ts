// A deal's stage history as an ordered list of *entries*: events sorted by time (stable, so equal
// timestamps keep file order) and consecutive events of the same stage collapsed into one entry,
// because some CRMs (Salesforce's OpportunityHistory) write a row on every save. Shared by funnel
// (visits and durations) and zombies (days since the last entry into the current stage).
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
  const raw = new Map<string, StageEvent[]>();
  for (const e of events) {
    const list = raw.get(e.dealId);
    if (list) list.push(e);
    else raw.set(e.dealId, [e]);
  }
  const byDeal = new Map<string, StageEvent[]>();
  let outOfOrder = 0;
  let collapsed = 0;
  const ties: StageEvent[] = [];
  for (const [dealId, list] of raw) {
    let sorted = true;
    for (let i = 1; i < list.length; i++) {
      if (list[i]!.enteredAt < list[i - 1]!.enteredAt) {
        sorted = false;
        outOfOrder++;
      }
    }
    // Array.prototype.sort is stable: equal times keep their file order.
    const ordered = sorted ? list : [...list].sort((a, b) => a.enteredAt.getTime() - b.enteredAt.getTime());
    const entries: StageEvent[] = [];
    for (const e of ordered) {
      const last = entries[entries.length - 1];
      if (last && last.enteredAt.getTime() === e.enteredAt.getTime()) ties.push(e);
      if (last && last.stage === e.stage) {
        collapsed++;
        continue;
      }
      entries.push(e);
    }
    byDeal.set(dealId, entries);
  }
  return { byDeal, outOfOrder, ties, collapsed };
}
