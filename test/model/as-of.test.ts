// The --as-of view: the data as it stood at that instant.
import { describe, expect, it } from 'vitest';
import { Big } from '../../src/model/money.js';
import { countedDeal, type CountedDeal, type Deal } from '../../src/model/records.js';
import { countedAsOf, emptyCut, takeAsOf, viewAsOf } from '../../src/model/as-of.js';

const src = { file: 'deals.csv', line: 2 };
const deal = (id: string, created: string, status: Deal['status'], closed?: string): Deal => ({
  id,
  manager: 'Ivanova',
  pipeline: 'default',
  status,
  createdAt: new Date(created),
  ...(closed ? { closedAt: new Date(closed) } : {}),
  amount: new Big(100),
  fields: {},
  src,
});

describe('viewAsOf', () => {
  const asOf = new Date('2025-03-27T15:00:00Z');
  const view = viewAsOf(
    {
      deals: [
        deal('before', '2025-03-01T10:00:00Z', 'won', '2025-03-20T10:00:00Z'),
        deal('closed-later', '2025-03-01T10:00:00Z', 'lost', '2025-03-27T15:00:01Z'),
        deal('created-later', '2025-03-27T16:00:00Z', 'open'),
        deal('exactly-now', '2025-03-27T15:00:00Z', 'open'),
      ],
      payments: [
        { dealId: 'before', paidAt: new Date('2025-03-21T00:00:00Z'), amount: new Big(100), src },
        { dealId: 'before', paidAt: new Date('2025-03-28T00:00:00Z'), amount: new Big(-10), src },
      ],
      events: [
        { dealId: 'before', stage: 'New', enteredMs: Date.parse('2025-03-01T10:00:00Z'), src },
        { dealId: 'closed-later', stage: 'Lost', enteredMs: Date.parse('2025-03-27T15:00:01Z'), src },
      ],
    },
    asOf,
  );

  it('leaves out deals created after as-of and reopens deals closed after it', () => {
    expect(view.deals.map((d) => [d.id, d.status, d.closedAt?.toISOString(), d.closedLater])).toEqual([
      ['before', 'won', '2025-03-20T10:00:00.000Z', undefined],
      ['closed-later', 'open', undefined, expect.stringMatching(/^(won|lost)$/)],
      ['exactly-now', 'open', undefined, undefined],
    ]);
  });

  it('leaves out payments and stage moves after as-of, and counts everything it left out', () => {
    expect(view.payments).toHaveLength(1);
    expect(view.events).toHaveLength(1);
    expect(view.cut).toEqual({ dealsNotYetCreated: 1, closesAfterAsOf: 1, paymentsAfterAsOf: 1, eventsAfterAsOf: 1 });
  });

  it('does not change the records it was given', () => {
    const original = deal('x', '2025-03-01T10:00:00Z', 'won', '2025-04-01T00:00:00Z');
    viewAsOf({ deals: [original] }, asOf);
    expect(original.status).toBe('won');
    expect(original.closedAt).toBeDefined();
  });
});

// Deals around an as-of instant: closed before, closed after, created after, closed exactly at it.
const AS_OF = new Date('2025-03-27T15:00:00Z');
const AROUND = [
  deal('before', '2025-03-01T10:00:00Z', 'won', '2025-03-20T10:00:00Z'),
  deal('closed-later', '2025-03-01T10:00:00Z', 'lost', '2025-03-27T15:00:01Z'),
  deal('created-later', '2025-03-27T16:00:00Z', 'open'),
  deal('exactly-now', '2025-03-27T15:00:00Z', 'won', '2025-03-27T15:00:00Z'),
];

describe('countedAsOf', () => {
  it('sees a counted deal as viewAsOf sees its Deal', () => {
    const view = viewAsOf({ deals: AROUND }, AS_OF);
    const cut = emptyCut();
    const seen = AROUND.map(countedDeal).filter((d) => countedAsOf(d, AS_OF.getTime(), cut));
    expect(seen).toEqual(view.deals.map(countedDeal));
    expect(seen.map((d) => d.status)).toEqual(['won', 'open', 'won']);
    expect(Number.isNaN(seen[1]!.closedMs)).toBe(true);
    expect(cut).toEqual(view.cut);
  });
});

describe('takeAsOf', () => {
  it('hands a count the deals as they stood, as Deals or as counted views, and counts what it left out', () => {
    const view = viewAsOf({ deals: AROUND }, AS_OF);
    const asDeals: Deal[] = [];
    const dealCut = emptyCut();
    const onlyDeals = takeAsOf({ add: (d) => asDeals.push(d) }, AS_OF.getTime(), dealCut);
    expect(onlyDeals.addCounted).toBeUndefined();
    AROUND.forEach((d) => onlyDeals.add(d));
    expect(asDeals).toEqual(view.deals);
    expect(dealCut).toEqual(view.cut);
    const counted: CountedDeal[] = [];
    const countedCut = emptyCut();
    const both = takeAsOf({ add: () => expect.unreachable(), addCounted: (d) => counted.push(d) }, AS_OF.getTime(), countedCut);
    AROUND.forEach((d) => both.addCounted!(countedDeal(d)));
    expect(counted).toEqual(view.deals.map(countedDeal));
    expect(countedCut).toEqual(view.cut);
  });
});
