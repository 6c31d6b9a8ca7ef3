// Commission for one payroll period (SPEC §4 "commission"): per team member, the credited base,
// attainment against quota, the tier rate (retroactive or marginal), bonuses, the cap and the payout,
// with a statement whose lines add up exactly to the commission. Pure: everything comes in as
// arguments (no clock, no files, no console); the CLI decides what is fatal.
//
// Exactness. Pro-rating a payment (`base × payment / amount`) and marginal tiers divide, and a
// division rounded at any fixed number of digits can move a sum off a tier boundary: a margin of
// 1 000 paid in three thirds credits 333.33…3 three times, i.e. 999.99…9, which is *below* a quota
// of 1 000. So the whole computation runs on exact fractions (BigInt numerator/denominator, the
// private `Exact` below) and is rounded once, at the end, to the currency's minor unit with the
// plan's rounding. Big values leave this module only rounded (money) or as 40-digit Bigs for
// display and allocation weights, where no decision depends on the last digit.
import type { CommissionConfig, PlanConfig } from '../config/schema.js';
import type { Diagnostic, SourceRef } from '../model/diagnostic.js';
import { Big, minorUnit, type Rounding } from '../model/money.js';
import { contains, type Period } from '../model/period.js';
import type { Deal, Payment } from '../model/records.js';
import { periodConversion } from './conversion.js';

// ---------------------------------------------------------------------------------------------
// Exact fractions.

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

/** An exact rational number n/d (d > 0, reduced). Only what commission needs. */
export class Exact {
  private constructor(
    readonly n: bigint,
    readonly d: bigint,
  ) {}

  static readonly ZERO = new Exact(0n, 1n);
  static readonly ONE = new Exact(1n, 1n);

  private static make(n: bigint, d: bigint): Exact {
    if (d === 0n) throw new RangeError('Exact: division by zero');
    if (d < 0n) {
      n = -n;
      d = -d;
    }
    const g = gcd(n, d);
    return g > 1n ? new Exact(n / g, d / g) : new Exact(n, d);
  }

  /** The exact value of a Big (big.js keeps digits `c`, exponent `e` and sign `s`). */
  static of(x: Big): Exact {
    const digits = BigInt(x.c.join(''));
    const shift = x.e - (x.c.length - 1); // x = digits × 10^shift
    const signed = x.s < 0 ? -digits : digits;
    return shift >= 0 ? Exact.make(signed * 10n ** BigInt(shift), 1n) : Exact.make(signed, 10n ** BigInt(-shift));
  }

  static int(n: number): Exact {
    return new Exact(BigInt(n), 1n);
  }

  plus(o: Exact): Exact {
    return o.n === 0n ? this : Exact.make(this.n * o.d + o.n * this.d, this.d * o.d);
  }

  minus(o: Exact): Exact {
    return this.plus(o.neg());
  }

  times(o: Exact): Exact {
    return Exact.make(this.n * o.n, this.d * o.d);
  }

  /** Throws on a zero divisor: callers check first (a ratio with a zero denominator is empty). */
  div(o: Exact): Exact {
    return Exact.make(this.n * o.d, this.d * o.n);
  }

  neg(): Exact {
    return new Exact(-this.n, this.d);
  }

  sign(): -1 | 0 | 1 {
    return this.n < 0n ? -1 : this.n > 0n ? 1 : 0;
  }

  cmp(o: Exact): -1 | 0 | 1 {
    const diff = this.n * o.d - o.n * this.d;
    return diff < 0n ? -1 : diff > 0n ? 1 : 0;
  }

  gte(o: Exact): boolean {
    return this.cmp(o) >= 0;
  }

  static min(a: Exact, b: Exact): Exact {
    return a.cmp(b) <= 0 ? a : b;
  }

  /** For display and allocation weights only: 40 decimal places (Big.DP), never used to decide. */
  toBig(): Big {
    return new Big(this.n.toString()).div(new Big(this.d.toString()));
  }

  toNumber(): number {
    return this.toBig().toNumber();
  }

  /**
   * Rounded exactly to `digits` decimals, as money.ts's roundMoney does for finite decimals:
   * `half-up` takes a tie away from zero (−2.5 → −3), `half-even` to the even neighbour.
   */
  round(digits: number, rounding: Rounding): Big {
    const negative = this.n < 0n;
    const scaled = (negative ? -this.n : this.n) * 10n ** BigInt(digits);
    let q = scaled / this.d;
    const twice = 2n * (scaled % this.d);
    if (twice > this.d || (twice === this.d && (rounding === 'half-up' || q % 2n === 1n))) q += 1n;
    if (q === 0n) return new Big(0);
    return new Big(`${negative ? '-' : ''}${q}e-${digits}`);
  }

  /** floor(x × 10^digits), and what is left over (in [0, 1) of a unit). */
  splitUnits(digits: number): { units: bigint; rest: Exact } {
    const scaled = this.n * 10n ** BigInt(digits);
    let q = scaled / this.d;
    if (scaled % this.d !== 0n && scaled < 0n) q -= 1n;
    return { units: q, rest: Exact.make(scaled - q * this.d, this.d) };
  }

  /** Rounded toward negative infinity to `digits` decimals (a limit is never exceeded). */
  floor(digits: number): Big {
    const scaled = this.n * 10n ** BigInt(digits);
    let q = scaled / this.d;
    if (scaled % this.d !== 0n && scaled < 0n) q -= 1n;
    return q === 0n ? new Big(0) : new Big(`${q}e-${digits}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Results.

export type Measure = 'revenue' | 'margin';

export interface CommissionInput {
  /** Every deal of the export (all managers: the conversion KPI and the no-plan check need them). */
  deals: readonly Deal[];
  /** Every payment of the export; [] when the config has no payments file. */
  payments: readonly Payment[];
  config: CommissionConfig;
  currency: string;
  period: Period;
}

/** One credit of a counted deal: a close, a payment or a refund, in the period. */
export interface StatementLine {
  kind: 'close' | 'payment' | 'refund';
  /** closed_at or paid_at. */
  date: Date;
  dealId: string;
  title?: string;
  /** The payment (negative: refund); absent for a close. */
  payment?: Big;
  /** The deal's amount (the denominator of the share). */
  dealAmount: Big;
  /** payment / amount for a payment, 1 for a close (40 digits, display only). */
  share: Big;
  /** Credited base, rounded so that the lines add up exactly to the row's base_total. */
  base: Big;
  /** Exact credited base (to 40 digits, for display and checks). */
  baseExact: Big;
  /** The rate applied (the effective rate for marginal tiers). */
  rate: Big;
  /** base × rate rounded by largest remainder: the lines add up exactly to the row's commission. */
  amount: Big;
  /** Where the credit comes from: the payment's row (payment credit) or the deal's row (close). */
  src: SourceRef;
}

export interface PendingDeal {
  dealId: string;
  title?: string;
  /** The `require` fields that are not true. */
  missing: string[];
  /** What would have been credited in the period (base measure), rounded with the plan's rounding. */
  base: Big;
  /** First credit date in the period (close or payment). */
  date: Date;
  /** Credits it would have had (payments and refunds, or 1 for a close). */
  credits: number;
  src: SourceRef;
}

export interface TierSlice {
  from: Big;
  /** Upper bound of the tier, undefined for the last one. */
  to?: Big;
  rate: Big;
  /** Part of [0, attainment] inside the tier (0 when not reached). */
  covered: Big;
}

export interface TierOutcome {
  mode: 'retroactive' | 'marginal';
  /** Why this rate: the attainment reached a tier, or it was empty / not positive (first tier's rate). */
  basis: 'attainment' | 'no-quota' | 'not-positive';
  /** Index of the highest tier reached (0 for the fallbacks). */
  index: number;
  from: Big;
  /** The tier's own rate (retroactive: the rate applied). */
  tierRate: Big;
  /** Marginal only: each tier's slice of attainment. */
  slices?: TierSlice[];
}

export interface BonusOutcome {
  name: string;
  kind: 'attainment' | 'conversion';
  threshold: Big;
  /** The value the condition was checked against; null when it is empty (no quota, no leads). */
  value: Big | null;
  /** For a conversion bonus: won / leads of the period. */
  won?: number;
  leads?: number;
  met: boolean;
  /** The bonus as configured. */
  amount: Big;
  /** What is paid: `amount` when met, else 0. */
  paid: Big;
}

export interface ManagerCommission {
  manager: string;
  /** Undefined for a manager with deals but not on the team. */
  plan?: string;
  planConfig?: PlanConfig;
  /** Null when there is none for the period (or no plan). */
  quota: Big | null;
  /** `2025-03`, `default`, `2025-01 + 2025-02 + 2025-03 (default)`…; null without a quota. */
  quotaSource: string | null;
  baseTotal: Big | null;
  attained: Big | null;
  /** attained / quota (40 digits); null when the quota is missing or 0, or without a plan. */
  attainment: Big | null;
  /** Rate applied: the tier's, or the effective rate for marginal tiers. */
  rate: Big | null;
  /** Exact commission to 40 digits (what the payout carries), and as shown. */
  commissionExact: Big | null;
  commission: Big | null;
  bonus: Big | null;
  capAdjustment: Big | null;
  payout: Big | null;
  /** Payout before rounding (40 digits). */
  payoutExact: Big | null;
  /** Distinct counted deals with a credit in the period (no-plan managers: won deals closed or paid in it). */
  deals: number;
  pending: number | null;
  pendingBase: Big | null;
  lines: StatementLine[];
  pendingDeals: PendingDeal[];
  tier?: TierOutcome;
  bonuses: BonusOutcome[];
  /** The effective cap (rounded down to the minor unit), when the plan has one. */
  cap?: Big;
  /** No-plan managers: their won deals closed or paid in the period. */
  unpaidDeals: Array<{ dealId: string; title?: string; src: SourceRef }>;
}

export interface CommissionNotice {
  manager: string;
  message: string;
}

export interface CommissionReport {
  period: Period;
  rounding: Rounding;
  currency: string;
  /** Team members in config order, then managers with deals in the period but no plan (by name). */
  managers: ManagerCommission[];
  /**
   * Payroll bad rows (SPEC §4): a payment for an unknown or not-won deal, a won deal without a
   * readable amount (or margin, when its plan uses margin), a deal of amount 0 whose payments would
   * be pro-rated. Fatal unless --allow-bad-rows; they are left out of every credit either way.
   */
  badRows: Diagnostic[];
  /** Manager-level warnings (missing or zero quota, managers without a plan). */
  notices: CommissionNotice[];
}

// ---------------------------------------------------------------------------------------------
// Quota of a period.

type Quota = CommissionConfig['team'][number]['quota'];

const pad2 = (n: number) => String(n).padStart(2, '0');

/** Months `yyyy-MM` of a period made of whole calendar months, else undefined. */
function wholeMonths(period: Period): string[] | undefined {
  const [y1, m1, d1] = period.startDate.split('-').map(Number) as [number, number, number];
  const [y2, m2, d2] = period.endDate.split('-').map(Number) as [number, number, number];
  const lastOfMonth = new Date(Date.UTC(y2, m2, 0)).getUTCDate();
  if (d1 !== 1 || d2 !== lastOfMonth) return undefined;
  const months: string[] = [];
  for (let y = y1, m = m1; y < y2 || (y === y2 && m <= m2); m === 12 ? ((y += 1), (m = 1)) : (m += 1)) {
    months.push(`${y}-${pad2(m)}`);
  }
  return months;
}

/**
 * The quota of a period. A key equal to the period's label wins (`2025-03`, `2025-Q1`); otherwise a
 * period of whole months takes each month's quota (its key, else `default`) and adds them up — the
 * default is a monthly quota. A week, a day or a partial month without its own key has none.
 */
export function quotaForPeriod(quota: Quota, period: Period): { value: Big | null; source: string | null } {
  const keyed: Record<string, Big> = quota instanceof Big ? { default: quota } : quota;
  const own = Object.hasOwn(keyed, period.label) ? keyed[period.label] : undefined;
  if (own !== undefined) return { value: own, source: period.label };
  const months = wholeMonths(period);
  if (!months) return { value: null, source: null };
  let total = new Big(0);
  const sources: string[] = [];
  for (const month of months) {
    const monthly = Object.hasOwn(keyed, month) ? keyed[month] : keyed.default;
    if (monthly === undefined) return { value: null, source: null };
    total = total.plus(monthly);
    sources.push(Object.hasOwn(keyed, month) ? month : 'default');
  }
  if (months.length === 1) return { value: total, source: sources[0]! };
  return { value: total, source: months.map((m, i) => (sources[i] === 'default' ? `${m} (default)` : m)).join(' + ') };
}

// ---------------------------------------------------------------------------------------------
// Tiers.

interface TierResult {
  outcome: TierOutcome;
  /** Commission for the base total, exact. */
  commission: Exact;
  /** The rate applied (effective for marginal), exact. */
  rate: Exact;
}

/**
 * `attained` and `quota` rather than their ratio, so that every comparison with a tier boundary is
 * exact (attained ≥ from × quota) and the marginal formula divides once.
 */
export function applyTiers(plan: Pick<PlanConfig, 'tier_mode' | 'tiers'>, base: Exact, attained: Exact, quota: Exact | null): TierResult {
  const tiers = plan.tiers.map((t) => ({ from: Exact.of(t.from), rate: Exact.of(t.rate), fromBig: t.from, rateBig: t.rate }));
  const first = tiers[0]!;
  const fallback = (basis: TierOutcome['basis']): TierResult => ({
    outcome: { mode: plan.tier_mode, basis, index: 0, from: first.fromBig, tierRate: first.rateBig },
    commission: base.times(first.rate),
    rate: first.rate,
  });
  if (quota === null || quota.sign() <= 0) return fallback('no-quota');
  if (attained.sign() <= 0) return fallback('not-positive');

  let index = 0;
  tiers.forEach((t, i) => {
    if (attained.gte(t.from.times(quota))) index = i;
  });
  const reached = tiers[index]!;
  const outcome: TierOutcome = { mode: plan.tier_mode, basis: 'attainment', index, from: reached.fromBig, tierRate: reached.rateBig };
  if (plan.tier_mode === 'retroactive') return { outcome, commission: base.times(reached.rate), rate: reached.rate };

  // Marginal: Σ rate_i × |[0, a] ∩ [from_i, from_{i+1})| / a, with a = attained / quota.
  const attainment = attained.div(quota);
  let weighted = Exact.ZERO;
  const slices: TierSlice[] = tiers.map((t, i) => {
    const next = tiers[i + 1];
    const top = next ? Exact.min(attainment, next.from) : attainment;
    const covered = top.cmp(t.from) > 0 ? top.minus(t.from) : Exact.ZERO;
    weighted = weighted.plus(t.rate.times(covered));
    const slice: TierSlice = { from: t.fromBig, rate: t.rateBig, covered: covered.toBig() };
    if (next) slice.to = next.fromBig;
    return slice;
  });
  outcome.slices = slices;
  const rate = weighted.div(attainment);
  return { outcome, commission: base.times(rate), rate };
}

// ---------------------------------------------------------------------------------------------
// Statement allocation.

/**
 * Rounds each line's exact amount so that the lines add up to `total` (the rounded sum of the exact
 * amounts): largest remainder on the lines' own exact amounts (Hamilton's method). Every line gets
 * its amount rounded down to the minor unit; the units still missing go one each to the lines with
 * the largest remainders (earlier lines first on a tie). Each line is thus within one minor unit
 * of its exact amount, refunds included.
 *
 * money.ts's `allocate` is not used here on purpose: it splits a total in proportion to weights,
 * which is right for a sum known only as a whole, but a statement line has an exact amount of its
 * own. With a refund among the lines the weights have mixed signs and proportions amplify the
 * rounding of the total: lines of +50 and −49.9995 (a payment and a refund of almost all of it)
 * would be split as 0.00 / 0.00, or as +1 000.00 / −999.99 for a total of 0.01.
 */
export function allocateLines(total: Big, exact: readonly Exact[], digits: number): Big[] {
  const totalUnits = BigInt(total.times(new Big(10).pow(digits)).toFixed(0));
  const parts = exact.map((e) => e.splitUnits(digits));
  let left = totalUnits - parts.reduce((sum, p) => sum + p.units, 0n);
  if (left < 0n || left > BigInt(parts.length)) {
    throw new RangeError(`allocateLines: ${total.toString()} is not the rounded sum of the lines`);
  }
  const order = parts.map((_, i) => i).sort((i, j) => parts[j]!.rest.cmp(parts[i]!.rest) || i - j);
  const units = parts.map((p) => p.units);
  for (const i of order) {
    if (left === 0n) break;
    units[i] = units[i]! + 1n;
    left -= 1n;
  }
  return units.map((u) => (u === 0n ? new Big(0) : new Big(`${u}e-${digits}`)));
}

// ---------------------------------------------------------------------------------------------
// The computation.

interface Credit {
  kind: StatementLine['kind'];
  date: Date;
  deal: Deal;
  payment?: Big;
  share: Exact;
  base: Exact;
  attained: Exact;
  src: SourceRef;
}

function measureOf(deal: Deal, measure: Measure): Big | undefined {
  return measure === 'margin' ? deal.margin : deal.amount;
}

function usesMargin(plan: PlanConfig): boolean {
  return plan.base === 'margin' || (plan.attainment_on ?? plan.base) === 'margin';
}

interface Sortable {
  date: Date;
  dealId: string;
  amount?: Big;
  src: SourceRef;
}

/**
 * Statement order: by date, deal id, then amount, and the file line last, so that a shuffled export
 * gives the same lines (only identical credits can swap, and they get identical shares).
 */
function byDateDealLine(a: Sortable, b: Sortable): number {
  const amounts = a.amount && b.amount ? a.amount.cmp(b.amount) : 0;
  return a.date.getTime() - b.date.getTime() || (a.dealId < b.dealId ? -1 : a.dealId > b.dealId ? 1 : 0) || amounts || a.src.line - b.src.line;
}

function bad(src: SourceRef, field: string, value: string | undefined, reason: string, code: string): Diagnostic {
  const d: Diagnostic = { file: src.file, line: src.line, field, reason, action: 'skipped', code };
  if (value !== undefined) d.value = value;
  return d;
}

export function computeCommission(input: CommissionInput): CommissionReport {
  const { config, period, currency } = input;
  const rounding: Rounding = config.rounding;
  const digits = minorUnit(currency);
  const money = (x: Exact) => x.round(digits, rounding);

  // Only payments look deals up by id: no map of every deal for a plan credited on close.
  const dealsById = input.payments.length === 0 ? new Map<string, Deal>() : new Map(input.deals.map((d) => [d.id, d]));
  const memberOf = new Map(config.team.map((m) => [m.manager, m]));
  const planOfManager = (manager: string): PlanConfig | undefined => {
    const member = memberOf.get(manager);
    return member ? config.plans[member.plan] : undefined;
  };

  // Payroll strictness, over the whole files: a payout must not rest on rows that cannot be read.
  const paymentsByDeal = new Map<string, Payment[]>();
  for (const p of input.payments) {
    const list = paymentsByDeal.get(p.dealId);
    if (list) list.push(p);
    else paymentsByDeal.set(p.dealId, [p]);
  }
  const badDeals = new Map<string, Diagnostic>();
  for (const deal of input.deals) {
    if (deal.status !== 'won') continue;
    const plan = planOfManager(deal.manager);
    let problem: Diagnostic | undefined;
    if (deal.foreignCurrency !== undefined) {
      problem = bad(deal.src, 'amount', undefined, `won deal "${deal.id}" is in ${deal.foreignCurrency}, not ${currency}: payroll cannot credit it (dealpulse does not convert currencies)`, 'won-in-other-currency');
    } else if (deal.amount === undefined) {
      problem = bad(deal.src, 'amount', undefined, `won deal "${deal.id}" has no amount: payroll cannot credit it (fill in the amount in the CRM and export again)`, 'won-without-amount');
    } else if (plan && usesMargin(plan) && deal.margin === undefined) {
      problem = bad(deal.src, 'margin', undefined, `won deal "${deal.id}" has no margin, and ${deal.manager}'s plan uses margin (fill in the margin, or set margin_rate in the config)`, 'won-without-margin');
    } else if (plan && plan.credit_on === 'payment' && deal.amount.eq(0) && paymentsByDeal.has(deal.id)) {
      problem = bad(deal.src, 'amount', '0', `won deal "${deal.id}" has amount 0 but payments: a payment cannot be pro-rated against 0 (base × payment / amount)`, 'zero-amount-with-payments');
    }
    if (problem) badDeals.set(deal.id, problem);
  }
  const badRows: Diagnostic[] = [...badDeals.values()];
  for (const p of input.payments) {
    const deal = dealsById.get(p.dealId);
    if (deal === undefined) {
      badRows.push(bad(p.src, 'deal_id', p.dealId, `payment for deal "${p.dealId}", which is not in the deals file`, 'payment-unknown-deal'));
    } else if (deal.status !== 'won') {
      badRows.push(bad(p.src, 'deal_id', p.dealId, `payment for deal "${p.dealId}", which is ${deal.status}, not won (${deal.src.file}:${deal.src.line})`, 'payment-deal-not-won'));
    } else if (badDeals.has(deal.id) && contains(period, p.paidAt)) {
      const why = badDeals.get(deal.id)!;
      badRows.push(bad(p.src, 'deal_id', p.dealId, `payment for deal "${p.dealId}", which is skipped as a bad row (${why.file}:${why.line}): not credited`, 'payment-of-bad-deal'));
    }
  }

  /** Every credit of a deal in the period, as its plan sees it (one close, or its payments). */
  const creditsOf = (deal: Deal, plan: PlanConfig): Credit[] => {
    if (deal.status !== 'won' || badDeals.has(deal.id)) return [];
    // Whether the period credits the deal at all is asked first: most won deals closed (or were
    // paid) in other periods, and their exact measures are then never made.
    if (plan.credit_on === 'close') {
      const closedAt = deal.closedAt;
      if (closedAt === undefined || !contains(period, closedAt)) return [];
      const base = Exact.of(measureOf(deal, plan.base)!);
      const attained = Exact.of(measureOf(deal, plan.attainment_on ?? plan.base)!);
      return [{ kind: 'close', date: closedAt, deal, share: Exact.ONE, base, attained, src: deal.src }];
    }
    const inPeriod = (paymentsByDeal.get(deal.id) ?? []).filter((p) => contains(period, p.paidAt));
    if (inPeriod.length === 0) return [];
    const base = Exact.of(measureOf(deal, plan.base)!);
    const attained = Exact.of(measureOf(deal, plan.attainment_on ?? plan.base)!);
    const amount = Exact.of(deal.amount!);
    return inPeriod.map((p) => {
      const share = Exact.of(p.amount).div(amount);
      return { kind: p.amount.lt(0) ? 'refund' : 'payment', date: p.paidAt, deal, payment: p.amount, share, base: base.times(share), attained: attained.times(share), src: p.src };
    });
  };

  const dealsOfManager = new Map<string, Deal[]>();
  for (const d of input.deals) {
    const list = dealsOfManager.get(d.manager);
    if (list) list.push(d);
    else dealsOfManager.set(d.manager, [d]);
  }

  const notices: CommissionNotice[] = [];
  const managers: ManagerCommission[] = config.team.map((member) => {
    const plan = config.plans[member.plan]!;
    const own = dealsOfManager.get(member.manager) ?? [];
    const counted: Credit[] = [];
    const pendingByDeal = new Map<string, { deal: Deal; missing: string[]; credits: Credit[] }>();
    for (const deal of own) {
      const credits = creditsOf(deal, plan);
      if (credits.length === 0) continue;
      const missing = plan.require.filter((field) => deal.fields[field] !== true);
      if (missing.length === 0) counted.push(...credits);
      else pendingByDeal.set(deal.id, { deal, missing, credits });
    }

    const baseTotal = counted.reduce((s, c) => s.plus(c.base), Exact.ZERO);
    const attained = counted.reduce((s, c) => s.plus(c.attained), Exact.ZERO);
    const quota = quotaForPeriod(member.quota, period);
    const quotaExact = quota.value === null ? null : Exact.of(quota.value);
    if (quotaExact === null) {
      notices.push({ manager: member.manager, message: `${member.manager}: no quota for ${period.label} (commission.team: give a \`${period.label}\` or \`default\` quota): attainment is empty, the first tier's rate applies` });
    } else if (quotaExact.sign() === 0) {
      notices.push({ manager: member.manager, message: `${member.manager}: the quota for ${period.label} is 0: attainment is empty, the first tier's rate applies` });
    }
    const attainment = quotaExact !== null && quotaExact.sign() > 0 ? attained.div(quotaExact) : null;
    const tiers = applyTiers(plan, baseTotal, attained, quotaExact);

    // Bonuses: thresholds are compared exactly (attained ≥ t × quota; won ≥ t × leads).
    const bonuses: BonusOutcome[] = plan.bonuses.map((b) => {
      if (b.attainment_at_least !== undefined) {
        const threshold = new Big(String(b.attainment_at_least));
        const met = attainment !== null && attainment.gte(Exact.of(threshold));
        return { name: b.name, kind: 'attainment', threshold, value: attainment?.toBig() ?? null, met, amount: b.amount, paid: met ? b.amount : new Big(0) };
      }
      const threshold = new Big(String(b.at_least!));
      const conv = periodConversion(own, period);
      const value = conv.leads > 0 ? Exact.int(conv.won).div(Exact.int(conv.leads)) : null;
      const met = value !== null && value.gte(Exact.of(threshold));
      return { name: b.name, kind: 'conversion', threshold, value: value?.toBig() ?? null, won: conv.won, leads: conv.leads, met, amount: b.amount, paid: met ? b.amount : new Big(0) };
    });
    const bonus = bonuses.reduce((s, b) => s.plus(Exact.of(b.paid)), Exact.ZERO);

    // The cap limits commission + bonus. A cap with more decimals than the currency has is taken
    // down to the minor unit, so that the rounded payout can never exceed it.
    const beforeCap = tiers.commission.plus(bonus);
    let capAdjustment = Exact.ZERO;
    let cap: Big | undefined;
    if (plan.cap !== undefined) {
      cap = Exact.of(plan.cap).floor(digits);
      const room = Exact.of(cap).minus(beforeCap);
      if (room.sign() < 0) capAdjustment = room;
    }
    const payoutExact = beforeCap.plus(capAdjustment);

    // Statement: lines in a stable order, bases and amounts rounded by largest remainder so that
    // they add up exactly to the row's rounded base_total and commission.
    const ordered = counted
      .map((c) => ({ c, date: c.date, dealId: c.deal.id, src: c.src, ...(c.payment ? { amount: c.payment } : {}) }))
      .sort(byDateDealLine)
      .map((x) => x.c);
    const weights = ordered.map((c) => c.base.toBig());
    const commission = money(tiers.commission);
    const baseRounded = money(baseTotal);
    const amounts = allocateLines(commission, ordered.map((c) => c.base.times(tiers.rate)), digits);
    const bases = allocateLines(baseRounded, ordered.map((c) => c.base), digits);
    const rateBig = tiers.rate.toBig();
    const lines: StatementLine[] = ordered.map((c, i) => {
      const line: StatementLine = {
        kind: c.kind,
        date: c.date,
        dealId: c.deal.id,
        dealAmount: c.deal.amount!,
        share: c.share.toBig(),
        base: bases[i]!,
        baseExact: weights[i]!,
        rate: rateBig,
        amount: amounts[i]!,
        src: c.src,
      };
      if (c.deal.title !== undefined) line.title = c.deal.title;
      if (c.payment !== undefined) line.payment = c.payment;
      return line;
    });

    const pendingDeals: PendingDeal[] = [...pendingByDeal.values()]
      .map(({ deal, missing, credits }) => {
        const first = [...credits].sort((a, b) => a.date.getTime() - b.date.getTime())[0]!;
        const p: PendingDeal = {
          dealId: deal.id,
          missing,
          base: money(credits.reduce((s, c) => s.plus(c.base), Exact.ZERO)),
          date: first.date,
          credits: credits.length,
          src: deal.src,
        };
        if (deal.title !== undefined) p.title = deal.title;
        return p;
      })
      .sort(byDateDealLine);
    const pendingBase = [...pendingByDeal.values()].reduce((s, p) => p.credits.reduce((t, c) => t.plus(c.base), s), Exact.ZERO);

    const row: ManagerCommission = {
      manager: member.manager,
      plan: member.plan,
      planConfig: plan,
      quota: quota.value,
      quotaSource: quota.source,
      baseTotal: baseRounded,
      attained: money(attained),
      attainment: attainment?.toBig() ?? null,
      rate: rateBig,
      commissionExact: tiers.commission.toBig(),
      commission,
      bonus: money(bonus),
      capAdjustment: money(capAdjustment),
      payout: money(payoutExact),
      payoutExact: payoutExact.toBig(),
      deals: new Set(counted.map((c) => c.deal.id)).size,
      pending: pendingByDeal.size,
      pendingBase: money(pendingBase),
      lines,
      pendingDeals,
      tier: tiers.outcome,
      bonuses,
      unpaidDeals: [],
    };
    if (cap !== undefined) row.cap = cap;
    return row;
  });

  // Managers with deals in the period but no plan: reported, never dropped. "In the period" means a
  // deal created, closed or paid in it, so that people who left long ago do not fill every payroll.
  const paidInPeriod = new Set(input.payments.filter((p) => contains(period, p.paidAt)).map((p) => p.dealId));
  const offTeam = new Map<string, Deal[]>();
  for (const deal of input.deals) {
    if (memberOf.has(deal.manager)) continue;
    const active =
      contains(period, deal.createdAt) || (deal.closedAt !== undefined && contains(period, deal.closedAt)) || paidInPeriod.has(deal.id);
    if (!active) continue;
    const list = offTeam.get(deal.manager);
    if (list) list.push(deal);
    else offTeam.set(deal.manager, [deal]);
  }
  for (const name of [...offTeam.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
    const credited = offTeam
      .get(name)!
      .filter((d) => d.status === 'won' && ((d.closedAt !== undefined && contains(period, d.closedAt)) || paidInPeriod.has(d.id)))
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    notices.push({
      manager: name,
      message:
        `${name}: has deals in ${period.label} but is not on commission.team (no plan): not paid by this report` +
        (credited.length > 0 ? `; won deals closed or paid in the period: ${credited.map((d) => d.id).join(', ')}` : ''),
    });
    managers.push({
      manager: name,
      quota: null,
      quotaSource: null,
      baseTotal: null,
      attained: null,
      attainment: null,
      rate: null,
      commissionExact: null,
      commission: null,
      bonus: null,
      capAdjustment: null,
      payout: null,
      payoutExact: null,
      deals: credited.length,
      pending: null,
      pendingBase: null,
      lines: [],
      pendingDeals: [],
      bonuses: [],
      unpaidDeals: credited.map((d) => (d.title !== undefined ? { dealId: d.id, title: d.title, src: d.src } : { dealId: d.id, src: d.src })),
    });
  }

  badRows.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
  return { period, rounding, currency, managers, badRows, notices };
}
