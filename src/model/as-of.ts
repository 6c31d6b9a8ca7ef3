// "--as-of is now" (SPEC §3): the data as it stood at that instant. An export taken later holds
// deals created after it, closes and payments after it and stage moves after it; a report "as of
// Friday 18:00" must not count them, or it would differ from the one a cron job made at 18:00.
// Applied once to the whole dataset so that every metric sees the same world.
import { eventsUpTo, type EventTable } from './event-table.js';
import { plainDeal, type CountedDeal, type Deal, type Payment, type StageEvent } from './records.js';

export interface AsOfCut {
  /** Deals created after as-of: not counted anywhere. */
  dealsNotYetCreated: number;
  /** Deals closed after as-of: open at as-of. */
  closesAfterAsOf: number;
  paymentsAfterAsOf: number;
  eventsAfterAsOf: number;
}

export interface AsOfView {
  deals: Deal[];
  payments?: Payment[];
  events?: StageEvent[];
  eventTable?: EventTable;
  cut: AsOfCut;
}

/** A cut with nothing in it yet. */
export function emptyCut(): AsOfCut {
  return { dealsNotYetCreated: 0, closesAfterAsOf: 0, paymentsAfterAsOf: 0, eventsAfterAsOf: 0 };
}

/**
 * One deal as it stood at `limit` (epoch ms), counted into `cut`: undefined when it did not exist
 * yet, open when it closed later. For readers that count deals as they stream by; `viewAsOf` applies
 * it to a whole list.
 */
export function dealAsOf(d: Deal, limit: number, cut: AsOfCut): Deal | undefined {
  if (d.createdAt.getTime() > limit) {
    cut.dealsNotYetCreated++;
    return undefined;
  }
  if (d.closedAt !== undefined && d.closedAt.getTime() > limit) {
    cut.closesAfterAsOf++;
    const open = plainDeal(d);
    if (d.status !== 'open') open.closedLater = d.status;
    open.status = 'open';
    delete open.closedAt;
    return open;
  }
  return d;
}

/**
 * `dealAsOf` for a counted deal: false when it did not exist yet; one that closed later is made
 * open where it is (a counted deal is its sink's to change while it holds it, see CountedDeal).
 */
export function countedAsOf(d: CountedDeal, limit: number, cut: AsOfCut): boolean {
  if (d.createdMs > limit) {
    cut.dealsNotYetCreated++;
    return false;
  }
  if (d.closedMs > limit) {
    cut.closesAfterAsOf++;
    d.status = 'open';
    d.closedMs = NaN;
  }
  return true;
}

/** What a streamed count is handed: deals, and their counted views when it takes those. */
export interface DealTaker {
  add(deal: Deal): void;
  addCounted?(deal: CountedDeal): void;
}

/**
 * `target` handed each deal as it stood at `limit` (`dealAsOf`, `countedAsOf`), what the view
 * leaves out counted into `cut`: the one as-of rule of every streamed count, in the main thread and
 * in the reading threads alike.
 */
export function takeAsOf(target: DealTaker, limit: number, cut: AsOfCut): DealTaker {
  const counted = target.addCounted?.bind(target);
  return {
    add(deal) {
      const seen = dealAsOf(deal, limit, cut);
      if (seen !== undefined) target.add(seen);
    },
    ...(counted === undefined
      ? {}
      : {
          addCounted(deal: CountedDeal) {
            if (countedAsOf(deal, limit, cut)) counted(deal);
          },
        }),
  };
}

export function viewAsOf(
  input: { deals: readonly Deal[]; payments?: readonly Payment[]; events?: readonly StageEvent[]; eventTable?: EventTable },
  asOf: Date,
): AsOfView {
  const cut = emptyCut();
  const deals: Deal[] = [];
  const limit = asOf.getTime();
  for (const d of input.deals) {
    const seen = dealAsOf(d, limit, cut);
    if (seen !== undefined) deals.push(seen);
  }
  const view: AsOfView = { deals, cut };
  if (input.payments) {
    view.payments = input.payments.filter((p) => p.paidAt <= asOf);
    cut.paymentsAfterAsOf = input.payments.length - view.payments.length;
  }
  if (input.events) {
    // Millions of events, usually none after as-of: the same array then, not a copy.
    const events = input.events;
    const limit = asOf.getTime();
    view.events = events.every((e) => e.enteredMs <= limit) ? (events as StageEvent[]) : events.filter((e) => e.enteredMs <= limit);
    cut.eventsAfterAsOf = events.length - view.events.length;
  }
  if (input.eventTable) {
    view.eventTable = eventsUpTo(input.eventTable, limit);
    cut.eventsAfterAsOf = input.eventTable.count - view.eventTable.count;
  }
  return view;
}
