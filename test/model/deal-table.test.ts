// The deals' columns (model/deal-table.ts): a row reads back exactly the deal that was added —
// every field, present or absent, amounts exact whatever their scale — on random deals.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DealTable } from '../../src/model/deal-table.js';
import { Big, bigOfHundredths, hundredthsOf } from '../../src/model/money.js';
import { NO_FIELDS, plainDeal, type Deal } from '../../src/model/records.js';

const amount = fc.oneof(
  fc.stringMatching(/^-?\d{1,16}(\.\d{1,4})?$/).map((t) => new Big(t)),
  fc.constantFrom(new Big(0), new Big('0.001'), new Big('1e20'), new Big('-12.5'), new Big('9007199254740.99')),
);
const time = fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2040, 0, 1) }).map((ms) => new Date(ms));
const label = fc.constantFrom('Иванова А.', 'Petrov', 'New', 'Won', 'default', 'Retail', 'x');

const deal = fc.record(
  {
    id: fc.oneof(fc.integer({ min: 1, max: 1e9 }).map(String), fc.constantFrom('zcrm_57', '006Hs00001Ab3xY', '007')),
    title: fc.string({ maxLength: 20 }),
    manager: label,
    pipeline: label,
    stage: label,
    status: fc.constantFrom('open' as const, 'won' as const, 'lost' as const),
    amount,
    margin: amount,
    createdAt: time,
    closedAt: time,
    expectedCloseAt: fc.constantFrom('2025-03-14', '2026-01-31'),
    lastActivityAt: time,
    stageChangedAt: time,
    source: label,
    lostReason: label,
    client: fc.string({ maxLength: 12 }),
    currency: fc.constantFrom('RUB', 'Российский рубль'),
    foreignCurrency: fc.constantFrom('USD', 'EUR'),
    fields: fc.oneof(fc.constant(NO_FIELDS), fc.record({ docs: fc.boolean(), note: fc.string({ maxLength: 5 }) })),
    src: fc.record({ file: fc.constantFrom('deals.csv', 'other.csv'), line: fc.integer({ min: 2, max: 1e7 }) }),
  },
  { requiredKeys: ['id', 'manager', 'pipeline', 'status', 'createdAt', 'fields', 'src'] },
);

/** A deal as comparable data: amounts as their exact text. */
const shown = (d: Deal) => JSON.parse(JSON.stringify({ ...plainDeal(d), amount: d.amount?.toString(), margin: d.margin?.toString() }));

describe('DealTable', () => {
  it('reads back every deal as it was added (property)', () => {
    fc.assert(
      fc.property(fc.array(deal, { maxLength: 50 }), (deals) => {
        const table = new DealTable(4); // grows several times
        const rows = deals.map((d) => table.add(d as Deal));
        expect(rows.map(shown)).toEqual(deals.map((d) => shown(d as Deal)));
        rows.forEach((row, i) => expect(row.fields).toBe(deals[i]!.fields));
      }),
      { numRuns: 500 },
    );
  });

  it('keeps amounts exact: whole hundredths as numbers, others as they are', () => {
    fc.assert(
      fc.property(amount, (x) => {
        const h = hundredthsOf(x);
        if (Number.isNaN(h)) expect(x.times(100).mod(1).eq(0) && x.abs().times(100).lt(1e15)).toBe(false);
        else {
          expect(Number.isSafeInteger(h)).toBe(true);
          expect(bigOfHundredths(h).eq(x)).toBe(true);
          expect(bigOfHundredths(h).toString()).toBe(x.toString());
        }
      }),
      { numRuns: 5000 },
    );
    expect(hundredthsOf(new Big('1250000.50'))).toBe(125000050);
    expect(hundredthsOf(new Big('0.001'))).toBeNaN();
  });
});
