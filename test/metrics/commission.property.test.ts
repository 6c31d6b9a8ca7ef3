// Properties of the commission metric (fast-check): the statement adds up, tiers are monotonic,
// marginal never pays more than retroactive with rising rates, the cap holds, and the order of the
// input rows changes nothing.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { CommissionConfig, PlanConfig } from '../../src/config/schema.js';
import { computeCommission, type ManagerCommission } from '../../src/metrics/commission.js';
import { Big, sumMoney } from '../../src/model/money.js';
import { parsePeriod } from '../../src/model/period.js';
import type { Deal, Payment } from '../../src/model/records.js';

const PERIOD = parsePeriod('2025-03', { timezone: 'UTC', weekStartsOn: 'monday', asOf: new Date('2025-06-01T00:00:00Z') });
const MANAGERS = ['Ann', 'Bob', 'Cy'];

/** An amount in kopecks as a Big with 2 decimals. */
const cents = (min: number, max: number) => fc.integer({ min, max }).map((n) => new Big(n).div(100));

/** Tiers starting at 0 with strictly increasing `from` (in 0.05 steps) and rates in 0.1 % steps. */
const tiersArb = (increasingRates: boolean) =>
  fc
    .array(fc.tuple(fc.integer({ min: 1, max: 10 }), fc.integer({ min: 0, max: 150 })), { minLength: 0, maxLength: 4 })
    .chain((steps) => fc.tuple(fc.constant(steps), fc.integer({ min: 0, max: 150 })))
    .map(([steps, firstRate]) => {
      let from = 0;
      const raw = [{ from: 0, rate: firstRate }, ...steps.map(([gap, rate]) => ({ from: (from += gap), rate }))];
      const rates = increasingRates ? raw.map((t) => t.rate).sort((a, b) => a - b) : raw.map((t) => t.rate);
      return raw.map((t, i) => ({ from: new Big(t.from).times('0.05'), rate: new Big(rates[i]!).div(1000) }));
    });

function plan(tiers: PlanConfig['tiers'], o: Partial<PlanConfig> = {}): PlanConfig {
  return { base: 'margin', credit_on: 'payment', require: ['docs'], tier_mode: 'retroactive', tiers, bonuses: [], ...o };
}

const day = (d: number) => new Date(Date.UTC(2025, 1, 20 + d, 10)); // 2025-02-20 + d: Feb and March

interface Data {
  deals: Deal[];
  payments: Payment[];
}

const dataArb: fc.Arbitrary<Data> = fc
  .array(
    fc.record({
      manager: fc.constantFrom(...MANAGERS),
      amount: cents(1, 5_000_000_00),
      marginShare: fc.integer({ min: -20, max: 100 }),
      created: fc.integer({ min: 0, max: 40 }),
      closed: fc.integer({ min: 0, max: 40 }),
      status: fc.constantFrom('won', 'won', 'won', 'lost', 'open'),
      docs: fc.boolean(),
      payments: fc.array(fc.tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: -50, max: 100 })), { maxLength: 3 }),
    }),
    { maxLength: 25 },
  )
  .map((specs) => {
    const deals: Deal[] = [];
    const payments: Payment[] = [];
    specs.forEach((s, i) => {
      const id = `d${i}`;
      const d: Deal = {
        id,
        manager: s.manager,
        pipeline: 'default',
        status: s.status as Deal['status'],
        amount: s.amount,
        margin: s.amount.times(s.marginShare).div(100).round(2),
        createdAt: day(s.created),
        fields: { docs: s.docs },
        src: { file: 'deals.csv', line: i + 2 },
      };
      if (d.status !== 'open') d.closedAt = day(s.closed);
      deals.push(d);
      if (d.status === 'won') {
        for (const [when, pct] of s.payments) {
          payments.push({ dealId: id, paidAt: day(when), amount: s.amount.times(pct).div(100).round(2), src: { file: 'payments.csv', line: payments.length + 2 } });
        }
      }
    });
    return { deals, payments };
  });

function config(p: PlanConfig, quota = new Big(1_000_000)): CommissionConfig {
  return { rounding: 'half-up', plans: { p }, team: MANAGERS.map((manager) => ({ manager, plan: 'p', quota })) };
}

function compute(data: Data, cfg: CommissionConfig): ManagerCommission[] {
  return computeCommission({ deals: data.deals, payments: data.payments, config: cfg, currency: 'RUB', period: PERIOD }).managers;
}

function shuffle<T>(xs: readonly T[], seed: number): T[] {
  const out = [...xs];
  let s = seed >>> 0 || 1;
  for (let i = out.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Commission of a single deal credited in full on close, with margin `margin`. */
function singleDeal(margin: Big, tiers: PlanConfig['tiers'], mode: PlanConfig['tier_mode'], quota: Big): ManagerCommission {
  const deal: Deal = {
    id: '1',
    manager: 'Ann',
    pipeline: 'default',
    status: 'won',
    amount: margin.abs().plus(1),
    margin,
    createdAt: day(0),
    closedAt: day(20),
    fields: {},
    src: { file: 'deals.csv', line: 2 },
  };
  const cfg: CommissionConfig = { rounding: 'half-up', plans: { p: plan(tiers, { credit_on: 'close', require: [], tier_mode: mode }) }, team: [{ manager: 'Ann', plan: 'p', quota }] };
  return compute({ deals: [deal], payments: [] }, cfg)[0]!;
}

describe('commission properties', () => {
  it('statement lines always add up exactly to the commission and the base total', () => {
    fc.assert(
      fc.property(dataArb, tiersArb(false), fc.constantFrom('retroactive', 'marginal'), (data, tiers, mode) => {
        for (const m of compute(data, config(plan(tiers, { tier_mode: mode as PlanConfig['tier_mode'] })))) {
          expect(sumMoney(m.lines.map((l) => l.amount)).eq(m.commission!)).toBe(true);
          expect(sumMoney(m.lines.map((l) => l.base)).eq(m.baseTotal!)).toBe(true);
          // Each line is within a cent of its exact share.
          for (const l of m.lines) expect(l.amount.minus(l.baseExact.times(l.rate)).abs().lte('0.01')).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('commission is monotonic in attainment, for retroactive and marginal tiers (rising rates)', () => {
    fc.assert(
      fc.property(tiersArb(true), cents(1, 3_000_000_00), cents(0, 3_000_000_00), cents(100_00, 2_000_000_00), (tiers, a, extra, quota) => {
        for (const mode of ['retroactive', 'marginal'] as const) {
          const low = singleDeal(a, tiers, mode, quota).commissionExact!;
          const high = singleDeal(a.plus(extra), tiers, mode, quota).commissionExact!;
          expect(high.gte(low)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('marginal commission is monotonic in attainment even when rates do not rise', () => {
    fc.assert(
      fc.property(tiersArb(false), cents(1, 3_000_000_00), cents(0, 3_000_000_00), cents(100_00, 2_000_000_00), (tiers, a, extra, quota) => {
        const low = singleDeal(a, tiers, 'marginal', quota).commissionExact!;
        const high = singleDeal(a.plus(extra), tiers, 'marginal', quota).commissionExact!;
        expect(high.gte(low)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('marginal ≤ retroactive with increasing rates', () => {
    fc.assert(
      fc.property(tiersArb(true), cents(1, 5_000_000_00), cents(100_00, 2_000_000_00), (tiers, margin, quota) => {
        const marginal = singleDeal(margin, tiers, 'marginal', quota).commissionExact!;
        const retro = singleDeal(margin, tiers, 'retroactive', quota).commissionExact!;
        expect(marginal.lte(retro)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('the payout never exceeds the cap', () => {
    fc.assert(
      fc.property(dataArb, tiersArb(false), cents(0, 200_000_00), cents(0, 50_000_00), fc.integer({ min: 0, max: 100 }), (data, tiers, cap, bonus, conv) => {
        const p = plan(tiers, {
          cap,
          bonuses: [
            { name: 'plan', attainment_at_least: 0, amount: bonus },
            { name: 'conversion', kpi: 'conversion', at_least: conv / 100, amount: bonus },
          ],
        });
        for (const m of compute(data, config(p, new Big(100_000)))) {
          expect(m.payout!.lte(cap)).toBe(true);
          expect(m.capAdjustment!.lte(0)).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('a shuffled input gives the same payouts and the same statements', () => {
    fc.assert(
      fc.property(dataArb, tiersArb(false), fc.integer(), (data, tiers, seed) => {
        const cfg = config(plan(tiers, { tier_mode: seed % 2 === 0 ? 'retroactive' : 'marginal' }));
        // A shuffled file: rows in another order, each on its new line.
        const shuffled = {
          deals: shuffle(data.deals, seed).map((d, i) => ({ ...d, src: { ...d.src, line: i + 2 } })),
          payments: shuffle(data.payments, seed ^ 0x5bd1e995).map((p, i) => ({ ...p, src: { ...p.src, line: i + 2 } })),
        };
        const summary = (ms: ManagerCommission[]) =>
          ms.map((m) => ({
            manager: m.manager,
            payout: m.payout?.toString(),
            commission: m.commission?.toString(),
            pending: m.pending,
            lines: m.lines.map((l) => `${l.dealId} ${l.date.toISOString()} ${l.base.toString()} ${l.amount.toString()}`),
          }));
        const a = summary(compute(data, cfg));
        const b = summary(compute(shuffled, cfg));
        expect(b).toEqual(a);
      }),
      { numRuns: 200 },
    );
  });
});
