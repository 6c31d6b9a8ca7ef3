// Unit tests of the commission metric, one hand-computed example per plan feature (SPEC §4
// "commission"). Every expected figure is worked out in the comment above its assertion.
import { describe, expect, it } from 'vitest';
import type { CommissionConfig, PlanConfig } from '../../src/config/schema.js';
import { Exact, allocateLines, computeCommission, quotaForPeriod, type CommissionInput, type ManagerCommission } from '../../src/metrics/commission.js';
import { Big, roundMoney, sumMoney } from '../../src/model/money.js';
import { parsePeriod, type Period } from '../../src/model/period.js';
import type { Deal, Payment } from '../../src/model/records.js';

const b = (x: string | number) => new Big(x);
const cal = { timezone: 'Europe/Moscow', weekStartsOn: 'monday' as const, asOf: new Date('2025-06-30T12:00:00Z') };
const month = (label: string): Period => parsePeriod(label, cal);
const at = (local: string) => new Date(`${local}T12:00:00+03:00`);

let line = 1;
function deal(id: string, manager: string, o: { amount?: string | null; margin?: string | null; closed?: string; created?: string; status?: Deal['status']; docs?: boolean; title?: string } = {}): Deal {
  const d: Deal = {
    id,
    manager,
    pipeline: 'default',
    status: o.status ?? 'won',
    createdAt: at(o.created ?? '2025-01-15'),
    fields: { docs_uploaded: o.docs ?? true },
    src: { file: 'deals.csv', line: ++line },
  };
  if (o.amount !== null) d.amount = b(o.amount ?? '1000');
  if (o.margin !== null) d.margin = b(o.margin ?? '300');
  if (d.status !== 'open') d.closedAt = at(o.closed ?? '2025-03-10');
  if (o.title !== undefined) d.title = o.title;
  return d;
}

let payLine = 1;
function pay(dealId: string, date: string, amount: string): Payment {
  return { dealId, paidAt: at(date), amount: b(amount), src: { file: 'payments.csv', line: ++payLine } };
}

const tiers3 = [
  { from: b('0'), rate: b('0') },
  { from: b('0.8'), rate: b('0.03') },
  { from: b('1'), rate: b('0.05') },
  { from: b('1.2'), rate: b('0.07') },
];

function plan(o: Partial<PlanConfig> = {}): PlanConfig {
  return { base: 'margin', credit_on: 'close', require: [], tier_mode: 'retroactive', tiers: tiers3, bonuses: [], ...o };
}

function config(p: PlanConfig, quota: CommissionConfig['team'][number]['quota'] = b('1000'), rounding: 'half-up' | 'half-even' = 'half-up'): CommissionConfig {
  return { rounding, plans: { p }, team: [{ manager: 'Ann', plan: 'p', quota }] };
}

function run(input: Partial<CommissionInput> & { config: CommissionConfig }, period = '2025-03') {
  return computeCommission({ deals: [], payments: [], currency: 'RUB', period: month(period), ...input });
}

function ann(input: Partial<CommissionInput> & { config: CommissionConfig }, period = '2025-03'): ManagerCommission {
  const m = run(input, period).managers.find((x) => x.manager === 'Ann');
  if (!m) throw new Error('no row for Ann');
  return m;
}

const str = (x: Big | null) => (x === null ? null : x.toString());

describe('tiers', () => {
  it('attainment exactly at a tier boundary takes that tier: 800 / 1000 = 0.8 → 3%', () => {
    // One deal closed in March, margin 800, quota 1000: attainment 0.8 ≥ 0.8 → 3% × 800 = 24.00.
    const m = ann({ deals: [deal('1', 'Ann', { margin: '800' })], config: config(plan()) });
    expect(str(m.attainment)).toBe('0.8');
    expect(str(m.rate)).toBe('0.03');
    expect(str(m.commission)).toBe('24');
    expect(m.tier).toMatchObject({ basis: 'attainment', index: 1 });
  });

  it('just below the boundary stays in the lower tier: 799.99 / 1000 → 0%', () => {
    const m = ann({ deals: [deal('1', 'Ann', { margin: '799.99' })], config: config(plan()) });
    expect(str(m.rate)).toBe('0');
    expect(str(m.commission)).toBe('0');
  });

  it('three thirds of a payment add up exactly to the boundary (no 0.7999… from division)', () => {
    // amount 300, margin 800, paid 100 + 100 + 100: each credit is 800/3 = 266.66…, exactly 800 in
    // all; a fixed-precision division would give 799.99…9 and miss the 3% tier.
    const d = deal('1', 'Ann', { amount: '300', margin: '800' });
    const m = ann({
      deals: [d],
      payments: [pay('1', '2025-03-03', '100'), pay('1', '2025-03-13', '100'), pay('1', '2025-03-23', '100')],
      config: config(plan({ credit_on: 'payment' })),
    });
    expect(str(m.attained)).toBe('800');
    expect(str(m.attainment)).toBe('0.8');
    expect(str(m.rate)).toBe('0.03');
    expect(str(m.commission)).toBe('24');
    // Lines 266.67 + 266.67 + 266.66 = 800.00 and 8.00 × 3 = 24.00 (largest remainder, earliest first).
    expect(m.lines.map((l) => str(l.base))).toEqual(['266.67', '266.67', '266.66']);
    expect(m.lines.map((l) => str(l.amount))).toEqual(['8', '8', '8']);
  });

  const marginalPlan = (mode: PlanConfig['tier_mode']) =>
    plan({
      base: 'revenue',
      tier_mode: mode,
      tiers: [
        { from: b('0'), rate: b('0.01') },
        { from: b('0.8'), rate: b('0.025') },
        { from: b('1'), rate: b('0.04') },
      ],
    });

  it('marginal vs retroactive on the same data: 1 500 of 1 000 (150%)', () => {
    const deals = [deal('1', 'Ann', { amount: '1500' })];
    // Retroactive: the top tier (from 100%) 4% on everything: 1 500 × 0.04 = 60.00.
    const retro = ann({ deals, config: config(marginalPlan('retroactive')) });
    expect(str(retro.rate)).toBe('0.04');
    expect(str(retro.commission)).toBe('60');
    // Marginal: 0.8 × 1% + 0.2 × 2.5% + 0.5 × 4% = 0.008 + 0.005 + 0.02 = 0.033 of quota;
    // effective rate 0.033 / 1.5 = 0.022; 1 500 × 0.022 = 33.00.
    const marginal = ann({ deals, config: config(marginalPlan('marginal')) });
    expect(str(marginal.rate)).toBe('0.022');
    expect(str(marginal.commission)).toBe('33');
    expect(marginal.tier?.slices?.map((s) => str(s.covered))).toEqual(['0.8', '0.2', '0.5']);
    expect(marginal.lines.map((l) => str(l.amount))).toEqual(['33']);
  });

  it('marginal below the first boundary pays the first rate; with a non-terminating effective rate', () => {
    // 500 / 1000 = 0.5: all in the first slice, effective 1% → 5.00.
    expect(str(ann({ deals: [deal('1', 'Ann', { amount: '500' })], config: config(marginalPlan('marginal')) }).commission)).toBe('5');
    // 1 100 / 1 000: 0.008 + 0.005 + 0.1 × 0.04 = 0.017 of quota = 17.00 exactly (rate 0.01545…).
    const m = ann({ deals: [deal('1', 'Ann', { amount: '1100' })], config: config(marginalPlan('marginal')) });
    expect(str(m.commission)).toBe('17');
    expect(m.rate!.toFixed(6)).toBe('0.015455');
  });

  it('attainment ≤ 0 (refunds only) uses the first tier’s rate for both modes', () => {
    // Base rate 5% at tier 0; a refund of −200 on a deal of 1 000 with margin 300 → base −60.
    const p = (mode: PlanConfig['tier_mode']) => plan({ credit_on: 'payment', tier_mode: mode, tiers: [{ from: b('0'), rate: b('0.05') }, { from: b('1'), rate: b('0.1') }] });
    for (const mode of ['retroactive', 'marginal'] as const) {
      const m = ann({ deals: [deal('1', 'Ann')], payments: [pay('1', '2025-03-20', '-200')], config: config(p(mode)) });
      expect(m.tier).toMatchObject({ basis: 'not-positive', index: 0 });
      expect(str(m.baseTotal)).toBe('-60');
      expect(str(m.commission)).toBe('-3');
      expect(str(m.payout)).toBe('-3');
    }
  });
});

describe('credits', () => {
  it('a partial payment across two months credits each month its share', () => {
    // amount 1 000, margin 300; 400 paid in March → 300 × 0.4 = 120; 600 in April → 180.
    const input = {
      deals: [deal('1', 'Ann')],
      payments: [pay('1', '2025-03-31', '400'), pay('1', '2025-04-01', '600')],
      config: config(plan({ credit_on: 'payment' })),
    };
    const march = ann(input, '2025-03');
    const april = ann(input, '2025-04');
    expect([str(march.baseTotal), march.deals, str(march.lines[0]!.share)]).toEqual(['120', 1, '0.4']);
    expect([str(april.baseTotal), april.deals, str(april.lines[0]!.share)]).toEqual(['180', 1, '0.6']);
  });

  it('a payment at 23:30 local time on the 31st belongs to March in the config zone', () => {
    const d = deal('1', 'Ann');
    const p: Payment = { dealId: '1', paidAt: new Date('2025-03-31T23:30:00+03:00'), amount: b('1000'), src: { file: 'payments.csv', line: 2 } };
    expect(str(ann({ deals: [d], payments: [p], config: config(plan({ credit_on: 'payment' })) }, '2025-03').baseTotal)).toBe('300');
    expect(str(ann({ deals: [d], payments: [p], config: config(plan({ credit_on: 'payment' })) }, '2025-04').baseTotal)).toBe('0');
  });

  it('a refund in a later month is a negative credit there (the clawback) and the deal still counts', () => {
    // March: 1 000 of 1 000 paid → 300 margin; April: refund −200 → −60 margin, deals = 1.
    // With a 5% base rate: April commission −3.00, March 15.00.
    const p = plan({ credit_on: 'payment', tiers: [{ from: b('0'), rate: b('0.05') }] });
    const input = { deals: [deal('1', 'Ann')], payments: [pay('1', '2025-03-10', '1000'), pay('1', '2025-04-20', '-200')], config: config(p) };
    expect(str(ann(input, '2025-03').commission)).toBe('15');
    const april = ann(input, '2025-04');
    expect(april.lines.map((l) => [l.kind, str(l.base), str(l.amount)])).toEqual([['refund', '-60', '-3']]);
    expect(april.deals).toBe(1);
    expect(str(april.commission)).toBe('-3');
  });

  it('credit_on close credits the full base in the month of closed_at, payments ignored', () => {
    const deals = [deal('1', 'Ann', { margin: '900', closed: '2025-03-31' }), deal('2', 'Ann', { margin: '500', closed: '2025-04-01' })];
    const m = ann({ deals, payments: [pay('1', '2025-04-02', '1000')], config: config(plan()) });
    expect([str(m.baseTotal), m.deals, m.lines.map((l) => l.kind)]).toEqual(['900', 1, ['close']]);
  });

  it('a gated deal is pending with what is missing, never counted', () => {
    // Deal 1 passes (margin 300); deal 2 lacks docs (margin 500): pending 1, pending_base 500.
    const deals = [deal('1', 'Ann'), deal('2', 'Ann', { margin: '500', docs: false })];
    const m = ann({ deals, config: config(plan({ require: ['docs_uploaded'] })) });
    expect(str(m.baseTotal)).toBe('300');
    expect([m.deals, m.pending, str(m.pendingBase)]).toEqual([1, 1, '500']);
    expect(m.pendingDeals.map((p) => [p.dealId, p.missing])).toEqual([['2', ['docs_uploaded']]]);
  });

  it('revenue base and margin attainment are measured separately', () => {
    // amount 2 000, margin 600; quota 500 in margin → attainment 1.2 → 7% × revenue 2 000 = 140.
    const m = ann({ deals: [deal('1', 'Ann', { amount: '2000', margin: '600' })], config: config(plan({ base: 'revenue', attainment_on: 'margin' }), b('500')) });
    expect([str(m.baseTotal), str(m.attained), str(m.attainment), str(m.commission)]).toEqual(['2000', '600', '1.2', '140']);
  });
});

describe('quota', () => {
  it('a quota override for one month applies to that month only', () => {
    // Margin 840 in each month; quota 1 200 in 2025-03 (0.7 → 0%), default 1 000 in April
    // (0.84 → 3%: 25.20).
    const quota = { default: b('1000'), '2025-03': b('1200') };
    const deals = [deal('1', 'Ann', { margin: '840', closed: '2025-03-05' }), deal('2', 'Ann', { margin: '840', closed: '2025-04-05' })];
    const march = ann({ deals, config: config(plan(), quota) }, '2025-03');
    const april = ann({ deals, config: config(plan(), quota) }, '2025-04');
    expect([str(march.quota), march.quotaSource, str(march.attainment), str(march.commission)]).toEqual(['1200', '2025-03', '0.7', '0']);
    expect([str(april.quota), april.quotaSource, str(april.attainment), str(april.commission)]).toEqual(['1000', 'default', '0.84', '25.2']);
  });

  it('a quarter adds up its months (override and defaults); its own key wins', () => {
    const q = { default: b('1000'), '2025-02': b('500') };
    expect(quotaForPeriod(q, month('2025-Q1'))).toEqual({ value: b('2500'), source: '2025-01 (default) + 2025-02 + 2025-03 (default)' });
    expect(quotaForPeriod({ ...q, '2025-Q1': b('2000') }, month('2025-Q1'))).toEqual({ value: b('2000'), source: '2025-Q1' });
    expect(quotaForPeriod(b('700'), month('2025-03'))).toEqual({ value: b('700'), source: 'default' });
    // A week has no quota unless it has its own key; a month without a key or default neither.
    expect(quotaForPeriod(q, month('2025-W10'))).toEqual({ value: null, source: null });
    expect(quotaForPeriod({ '2025-02': b('1') }, month('2025-03'))).toEqual({ value: null, source: null });
  });

  it('a zero quota gives an empty attainment (not Infinity), the first tier’s rate and a notice', () => {
    const p = plan({ tiers: [{ from: b('0'), rate: b('0.02') }, { from: b('1'), rate: b('0.05') }], bonuses: [{ name: 'plan', attainment_at_least: 1, amount: b('100') }] });
    const r = run({ deals: [deal('1', 'Ann', { margin: '1000' })], config: config(p, b('0')) });
    const m = r.managers[0]!;
    expect(m.attainment).toBeNull();
    expect(m.tier).toMatchObject({ basis: 'no-quota', index: 0 });
    expect(str(m.rate)).toBe('0.02');
    expect(str(m.commission)).toBe('20');
    // An attainment bonus cannot be met without an attainment.
    expect(str(m.bonus)).toBe('0');
    expect(r.notices.map((n) => n.message)).toEqual(['Ann: the quota for 2025-03 is 0: attainment is empty, the first tier\'s rate applies']);
  });

  it('a missing quota (no key, no default) is handled the same way', () => {
    const r = run({ deals: [deal('1', 'Ann', { margin: '1000' })], config: config(plan(), { '2025-04': b('10') }) });
    expect(r.managers[0]!.attainment).toBeNull();
    expect(r.managers[0]!.quota).toBeNull();
    expect(r.notices[0]!.message).toMatch(/^Ann: no quota for 2025-03/);
  });
});

describe('bonuses, cap, rounding', () => {
  it('a conversion bonus counts all the manager’s deals (gates do not apply), an attainment bonus its threshold', () => {
    // March: leads = created in March: 2 (ids 1, 3); won = closed in March: 1 (id 1, gated);
    // conversion 1/2 = 0.5 ≥ 0.35 → 10. Attainment 0 (the only won deal is gated) < 1 → no 20.
    const p = plan({
      require: ['docs_uploaded'],
      bonuses: [
        { name: 'conversion', kpi: 'conversion', at_least: 0.35, amount: b('10') },
        { name: 'plan', attainment_at_least: 1, amount: b('20') },
      ],
    });
    const deals = [
      deal('1', 'Ann', { created: '2025-03-02', docs: false }),
      deal('2', 'Ann', { created: '2025-02-02', status: 'open' }),
      deal('3', 'Ann', { created: '2025-03-04', status: 'lost', closed: '2025-04-02' }),
    ];
    const m = ann({ deals, config: config(p) });
    expect(m.bonuses.map((x) => [x.name, x.met, x.value?.toString() ?? null, str(x.paid)])).toEqual([
      ['conversion', true, '0.5', '10'],
      ['plan', false, '0', '0'],
    ]);
    expect([str(m.bonus), str(m.payout)]).toEqual(['10', '10']);
  });

  it('a conversion exactly at the threshold meets it (7 / 20 = 0.35, compared exactly)', () => {
    const deals = Array.from({ length: 20 }, (_, i) =>
      deal(`c${i}`, 'Ann', { created: '2025-03-02', status: i < 7 ? 'won' : 'open', closed: '2025-03-20' }),
    );
    const p = plan({ bonuses: [{ name: 'conversion', kpi: 'conversion', at_least: 0.35, amount: b('10') }] });
    expect(ann({ deals, config: config(p, b('1000000')) }).bonuses[0]!.met).toBe(true);
  });

  it('a cap that bites: commission + bonus above the cap is cut to it', () => {
    // Margin 10 000 of quota 1 000 → 7%: 700; bonus 100; cap 750 → cap_adjustment −50, payout 750.
    const p = plan({ bonuses: [{ name: 'plan', attainment_at_least: 1, amount: b('100') }], cap: b('750') });
    const m = ann({ deals: [deal('1', 'Ann', { margin: '10000' })], config: config(p) });
    expect([str(m.commission), str(m.bonus), str(m.capAdjustment), str(m.payout)]).toEqual(['700', '100', '-50', '750']);
  });

  it('a cap that does not bite leaves cap_adjustment at 0', () => {
    const m = ann({ deals: [deal('1', 'Ann', { margin: '1000' })], config: config(plan({ cap: b('1000000') })) });
    expect(str(m.capAdjustment)).toBe('0');
  });

  it('rounding half-up vs half-even on a .5 cent, once, on the exact sum', () => {
    // Margin 100.10 × 5% = 5.005 exactly: half-up 5.01, half-even 5.00 (0 is even).
    const deals = [deal('1', 'Ann', { margin: '100.10' })];
    const p = plan({ tiers: [{ from: b('0'), rate: b('0.05') }] });
    const up = ann({ deals, config: config(p, b('1000'), 'half-up') });
    const even = ann({ deals, config: config(p, b('1000'), 'half-even') });
    expect([str(up.commission), str(up.payout)]).toEqual(['5.01', '5.01']);
    expect([str(even.commission), str(even.payout)]).toEqual(['5', '5']);
    // 100.30 × 5% = 5.015: half-even goes up to the even 5.02 too.
    const odd = ann({ deals: [deal('1', 'Ann', { margin: '100.30' })], config: config(p, b('1000'), 'half-even') });
    expect(str(odd.commission)).toBe('5.02');
  });

  it('the payout is rounded once from the exact commission, not from the rounded one', () => {
    // Two lines of 100.10 and 100.10 at 5%: 5.005 + 5.005 = 10.01 exactly. Rounding per line would
    // give 5.01 + 5.01 = 10.02. Lines are allocated: 5.01 + 5.00 = 10.01.
    const p = plan({ tiers: [{ from: b('0'), rate: b('0.05') }] });
    const m = ann({ deals: [deal('1', 'Ann', { margin: '100.10' }), deal('2', 'Ann', { margin: '100.10' })], config: config(p) });
    expect([str(m.commission), str(m.payout)]).toEqual(['10.01', '10.01']);
    expect(m.lines.map((l) => str(l.amount))).toEqual(['5.01', '5']);
  });

  it('a payment and a full refund in the same month show as +X and −X, adding up to 0', () => {
    // Paid 1 000 and refunded 1 000 in March, margin 300, 5%: lines +300 / −300 base, +15 / −15.
    const p = plan({ credit_on: 'payment', tiers: [{ from: b('0'), rate: b('0.05') }] });
    const m = ann({ deals: [deal('1', 'Ann')], payments: [pay('1', '2025-03-02', '1000'), pay('1', '2025-03-20', '-1000')], config: config(p) });
    expect(m.lines.map((l) => [l.kind, str(l.base), str(l.amount)])).toEqual([['payment', '300', '15'], ['refund', '-300', '-15']]);
    expect([str(m.commission), m.deals]).toEqual(['0', 1]);
  });

  it('statement lines add up exactly to the rounded commission and base total', () => {
    // Three thirds of a deal of 1 000 with margin 100 at 5%: base 33.33… each, commission 5.00.
    const d = deal('1', 'Ann', { amount: '3', margin: '100' });
    const p = plan({ credit_on: 'payment', tiers: [{ from: b('0'), rate: b('0.05') }] });
    const m = ann({ deals: [d], payments: [pay('1', '2025-03-01', '1'), pay('1', '2025-03-02', '1'), pay('1', '2025-03-03', '1')], config: config(p) });
    expect(sumMoney(m.lines.map((l) => l.amount)).eq(m.commission!)).toBe(true);
    expect(sumMoney(m.lines.map((l) => l.base)).eq(m.baseTotal!)).toBe(true);
    expect(m.lines.map((l) => str(l.base))).toEqual(['33.34', '33.33', '33.33']);
  });
});

describe('team and payroll strictness', () => {
  it('a team member without deals gets a row of zeros; a manager with deals but no plan is reported', () => {
    const r = run({ deals: [deal('1', 'Bob'), deal('2', 'Old', { created: '2024-01-01', closed: '2024-02-01' })], config: config(plan()) });
    expect(r.managers.map((m) => [m.manager, m.plan ?? null, str(m.payout), m.deals])).toEqual([
      ['Ann', 'p', '0', 0],
      ['Bob', null, null, 1],
    ]);
    // Old has no deal in the period: not listed.
    expect(r.notices.map((n) => n.manager)).toEqual(['Bob']);
    expect(r.managers[1]!.unpaidDeals.map((d) => d.dealId)).toEqual(['1']);
  });

  it('bad rows for payroll: unknown deal, deal not won, won without amount or margin, amount 0 with payments', () => {
    const deals = [
      deal('ok', 'Ann'),
      deal('lost', 'Ann', { status: 'lost' }),
      deal('noamount', 'Bob', { amount: null }),
      deal('nomargin', 'Ann', { margin: null }),
      deal('zero', 'Ann', { amount: '0', margin: '0' }),
      deal('open-noamount', 'Ann', { status: 'open', amount: null }),
    ];
    const payments = [pay('ok', '2025-03-02', '1000'), pay('ghost', '2025-03-03', '5'), pay('lost', '2025-01-03', '5'), pay('zero', '2025-03-04', '5'), pay('nomargin', '2025-03-05', '5')];
    const r = run({ deals, payments, config: config(plan({ credit_on: 'payment' })) });
    expect(r.badRows.map((d) => [d.file, d.code])).toEqual([
      ['deals.csv', 'won-without-amount'],
      ['deals.csv', 'won-without-margin'],
      ['deals.csv', 'zero-amount-with-payments'],
      ['payments.csv', 'payment-unknown-deal'],
      ['payments.csv', 'payment-deal-not-won'],
      ['payments.csv', 'payment-of-bad-deal'],
      ['payments.csv', 'payment-of-bad-deal'],
    ]);
    expect(r.badRows.every((d) => d.action === 'skipped')).toBe(true);
    // Only the good payment is credited.
    expect(str(r.managers[0]!.baseTotal)).toBe('300');
    expect(r.managers[0]!.deals).toBe(1);
  });

  it('a won deal of amount 0 is fine on a close plan (nothing to pro-rate)', () => {
    const r = run({ deals: [deal('zero', 'Ann', { amount: '0', margin: '0' })], payments: [pay('zero', '2025-03-04', '5')], config: config(plan()) });
    expect(r.badRows).toEqual([]);
  });
});

describe('allocateLines', () => {
  const ex = (x: string) => Exact.of(b(x));
  it('rounds each line to within a cent of its exact amount and adds up to the total', () => {
    // 5.005 + 5.005 = 10.01: floors 5.00 + 5.00, one cent left for the first (equal remainders).
    expect(allocateLines(b('10.01'), [ex('5.005'), ex('5.005')], 2).map(String)).toEqual(['5.01', '5']);
    // 1/3 each of 1.00: 0.34 + 0.33 + 0.33.
    const third = Exact.of(b(1)).div(Exact.of(b(3)));
    expect(allocateLines(b('1'), [third, third, third], 2).map(String)).toEqual(['0.34', '0.33', '0.33']);
  });

  it('a payment and a refund of almost all of it stay themselves (no proportional blow-up)', () => {
    // +50 and −49.9995: the total 0.0005 rounds to 0.00; the lines are +50.00 and −50.00 (each
    // within a cent of its exact amount). In proportion to the weights, a total of 0.01 would be
    // split +1 000.00 / −999.99.
    expect(allocateLines(b('0'), [ex('50'), ex('-49.9995')], 2).map(String)).toEqual(['50', '-50']);
    expect(allocateLines(b('0.01'), [ex('50'), ex('-49.9895')], 2).map(String)).toEqual(['50', '-49.99']);
  });

  it('refuses a total that is not the rounded sum of the lines (a caller bug)', () => {
    expect(() => allocateLines(b('1'), [ex('5')], 2)).toThrow(RangeError);
  });
});

describe('Exact', () => {
  it('rounds like roundMoney on decimals, both modes, negatives too', () => {
    for (const x of ['1.005', '-1.005', '2.5', '-2.5', '0.125', '-0.125', '1.015', '3.4999', '-0.005', '0']) {
      for (const mode of ['half-up', 'half-even'] as const) {
        expect(Exact.of(b(x)).round(2, mode).toString(), `${x} ${mode}`).toBe(roundMoney(b(x), 'RUB', mode).toString());
        expect(Exact.of(b(x)).round(0, mode).toString(), `${x} ${mode} 0`).toBe(roundMoney(b(x), 'JPY', mode).toString());
      }
    }
  });

  it('keeps thirds exact and rounds non-terminating values correctly', () => {
    const third = Exact.of(b(1)).div(Exact.of(b(3)));
    expect(third.plus(third).plus(third).cmp(Exact.ONE)).toBe(0);
    expect(third.round(2, 'half-up').toString()).toBe('0.33');
    expect(third.neg().round(2, 'half-up').toString()).toBe('-0.33');
    expect(Exact.of(b(2)).div(Exact.of(b(3))).round(2, 'half-even').toString()).toBe('0.67');
    expect(Exact.of(b('120000.005')).floor(2).toString()).toBe('120000');
    expect(Exact.of(b('-0.001')).floor(2).toString()).toBe('-0.01');
    expect(Exact.of(b('1e21')).round(2, 'half-up').toFixed()).toBe('1000000000000000000000');
  });
});
