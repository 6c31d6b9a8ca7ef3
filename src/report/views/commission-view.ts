// Lays out a commission result as a report (SPEC §4 commission, §5). The main table — one row per
// manager — is what csv and json `rows` carry: the payroll sheet. `--detail` adds each manager's
// statement (credit lines that add up to the commission, the calculation step by step, pending
// deals). Money arrives already rounded with the plan's rounding, so no renderer rounds it again.
import type { CommissionReport, ManagerCommission, StatementLine, TierOutcome } from '../../metrics/commission.js';
import type { Diagnostic } from '../../model/diagnostic.js';
import { formatDiagnostic } from '../../model/diagnostic.js';
import { Big, sumPresent } from '../../model/money.js';
import { localDate } from '../../model/period.js';
import { formatDateTime, formatMoney, ratioCell } from '../format.js';
import type { Column, Report, Row, TableData } from '../report.js';
import { PERIOD_COLUMNS, periodCells } from './period-fields.js';

export interface InputFingerprint {
  /** The file as named everywhere else (relative to the working directory). */
  file: string;
  sha256: string;
}

export interface CommissionViewInput {
  result: CommissionReport;
  /** Rows to show (all, or the one asked with --manager), in the result's order. */
  managers: readonly ManagerCommission[];
  detail: boolean;
  /** The config first, then every data file read. */
  inputs: { config: InputFingerprint; files: InputFingerprint[] };
  /** Data warnings of the files read (the payroll bad rows are added here). */
  diagnostics: readonly Diagnostic[];
  params: Record<string, unknown>;
  asOf: Date;
  timezone: string;
}

const TOTAL_LABEL = 'Total';

/** The payroll sheet's columns: SPEC §4's row fields, after the period (SPEC §3). */
export const COMMISSION_COLUMNS: Column[] = [
  ...PERIOD_COLUMNS,
  { key: 'manager', kind: 'text' },
  { key: 'plan', kind: 'text' },
  { key: 'quota', kind: 'money' },
  { key: 'base_total', kind: 'money', title: 'base total' },
  { key: 'attained', kind: 'money' },
  { key: 'attainment', kind: 'ratio' },
  { key: 'rate', kind: 'ratio' },
  { key: 'commission', kind: 'money' },
  { key: 'bonus', kind: 'money' },
  { key: 'cap_adjustment', kind: 'money', title: 'cap adj.' },
  { key: 'payout', kind: 'money' },
  { key: 'deals', kind: 'int' },
  { key: 'pending', kind: 'int' },
  { key: 'pending_base', kind: 'money', title: 'pending base' },
];

/** A percentage for the statement: truncated (never rounded up across a tier boundary), ≤ 4 decimals. */
export function statementPercent(x: Big): string {
  const p = x.times(100).round(4, Big.roundDown);
  const text = p.toFixed(Math.max(1, Math.min(4, Math.max(0, p.c.length - p.e - 1))));
  const exact = p.eq(x.times(100));
  return `${exact ? '' : '≈'}${text}%`;
}

function managerRow(m: ManagerCommission, period: CommissionReport['period']): Row {
  return {
    ...periodCells(period),
    manager: m.manager,
    plan: m.plan ?? null,
    quota: m.quota,
    base_total: m.baseTotal,
    attained: m.attained,
    attainment: ratioCell(m.attainment),
    rate: ratioCell(m.rate),
    commission: m.commission,
    bonus: m.bonus,
    cap_adjustment: m.capAdjustment,
    payout: m.payout,
    deals: m.deals,
    pending: m.pending,
    pending_base: m.pendingBase,
  };
}

function totalsRow(ms: readonly ManagerCommission[], period: CommissionReport['period']): Row {
  const planned = ms.filter((m) => m.planConfig !== undefined);
  // Base, attained and quota add up only when every plan measures the same thing.
  const sameBase = new Set(planned.map((m) => m.planConfig!.base)).size <= 1;
  const sameAttainment = new Set(planned.map((m) => m.planConfig!.attainment_on ?? m.planConfig!.base)).size <= 1;
  return {
    ...periodCells(period),
    manager: TOTAL_LABEL,
    quota: sameAttainment ? sumPresent(ms.map((m) => m.quota)) : null,
    base_total: sameBase ? sumPresent(ms.map((m) => m.baseTotal)) : null,
    attained: sameAttainment ? sumPresent(ms.map((m) => m.attained)) : null,
    commission: sumPresent(ms.map((m) => m.commission)),
    bonus: sumPresent(ms.map((m) => m.bonus)),
    cap_adjustment: sumPresent(ms.map((m) => m.capAdjustment)),
    payout: sumPresent(ms.map((m) => m.payout)),
    deals: ms.reduce((n, m) => n + m.deals, 0),
    pending: planned.reduce((n, m) => n + (m.pending ?? 0), 0),
    pending_base: sameBase ? sumPresent(ms.map((m) => m.pendingBase)) : null,
  };
}

// ---------------------------------------------------------------------------------------------
// The statement of one manager.

function linesTable(m: ManagerCommission, title: string): TableData {
  const lines = m.lines;
  const table: TableData = {
    title,
    columns: [
      { key: 'date', kind: 'date' },
      { key: 'deal', kind: 'text' },
      { key: 'title', kind: 'text' },
      { key: 'event', kind: 'text' },
      { key: 'payment', kind: 'money' },
      { key: 'deal_amount', kind: 'money', title: 'deal amount' },
      { key: 'share', kind: 'ratio' },
      { key: 'base', kind: 'money' },
      { key: 'rate', kind: 'ratio' },
      { key: 'amount', kind: 'money' },
      { key: 'source', kind: 'text' },
    ],
    rows: lines.map((l: StatementLine) => ({
      date: l.date,
      deal: l.dealId,
      title: l.title ?? null,
      event: l.kind,
      payment: l.payment ?? null,
      deal_amount: l.dealAmount,
      share: l.share.toNumber(),
      base: l.base,
      rate: l.rate.toNumber(),
      amount: l.amount,
      source: `${l.src.file}:${l.src.line}`,
    })),
  };
  table.totals = { date: TOTAL_LABEL, base: m.baseTotal, amount: m.commission };
  return table;
}

function tierText(t: TierOutcome, m: ManagerCommission, currency: string): Array<[string, string]> {
  const pct = statementPercent;
  const mode = t.mode === 'retroactive' ? 'retroactive: the rate applies to the whole base' : 'marginal: each slice of attainment at its own rate';
  if (t.basis !== 'attainment') {
    const why = t.basis === 'no-quota' ? 'attainment is empty (no quota, or a quota of 0)' : 'attainment is not above 0';
    return [['tier', `${why} → the first tier's rate ${pct(t.tierRate)} (${t.mode})`]];
  }
  const tiers = m.planConfig!.tiers;
  const next = tiers[t.index + 1];
  const reached = `attainment ${pct(m.attainment!)} ≥ ${pct(t.from)} → tier ${t.index + 1} of ${tiers.length} (${pct(t.tierRate)})`;
  const ahead = next
    ? `; next tier from ${pct(next.from)}${m.quota ? ` = ${formatMoney(next.from.times(m.quota), currency)} attained` : ''}`
    : '; the top tier';
  const rows: Array<[string, string]> = [['tier', `${reached}${ahead}; ${mode}`]];
  if (t.slices) {
    for (const s of t.slices) {
      const range = `${pct(s.from)}–${s.to ? pct(s.to) : '∞'}`;
      const covered = s.covered.eq(0) ? 'not reached' : `${pct(s.covered)} of attainment × ${pct(s.rate)}`;
      rows.push([`  slice ${range}`, covered]);
    }
    rows.push(['  effective rate', `Σ slices / attainment = ${pct(m.rate!)}`]);
  }
  return rows;
}

function calculationTable(m: ManagerCommission, result: CommissionReport, title: string): TableData {
  const cur = result.currency;
  const money = (x: Big) => formatMoney(x, cur);
  const plan = m.planConfig!;
  const base = plan.base;
  const att = plan.attainment_on ?? plan.base;
  const rows: Array<[string, string]> = [];
  rows.push(['plan', `${m.plan}: ${base} ${plan.credit_on === 'payment' ? 'credited on payment (base × payment / amount; refunds negative)' : 'credited on close (full base in the period of closed_at)'}${plan.require.length > 0 ? `; counted when ${plan.require.join(', ')} ${plan.require.length === 1 ? 'is' : 'are'} true` : ''}`]);
  rows.push(['quota', m.quota === null ? 'none for this period' : `${money(m.quota)} (${m.quotaSource})`]);
  const deals = `${m.deals} deal${m.deals === 1 ? '' : 's'}, ${m.lines.length} line${m.lines.length === 1 ? '' : 's'}`;
  rows.push([`base total (${base})`, m.lines.length === 0 ? `${money(m.baseTotal!)}: no credited deal in the period` : `${money(m.baseTotal!)} from ${deals}`]);
  rows.push([`attained (${att})`, money(m.attained!)]);
  rows.push([
    'attainment',
    m.attainment === null ? 'empty: no quota (or 0) for the period' : `${statementPercent(m.attainment)} = ${money(m.attained!)} / ${money(m.quota!)}`,
  ]);
  rows.push(...tierText(m.tier!, m, cur));
  const exact = m.commissionExact!;
  const rounded = m.commission!;
  rows.push([
    'commission',
    `${money(m.baseTotal!)} × ${statementPercent(m.rate!)} = ${money(rounded)}` +
      (exact.eq(rounded) ? '' : ` (exact ${trimExact(exact)}, shown rounded ${result.rounding}; the payout carries the exact value)`),
  ]);
  for (const b of m.bonuses) {
    const amount = money(b.paid);
    let condition: string;
    if (b.kind === 'conversion') {
      const value = b.value === null ? `empty (${b.won}/${b.leads}: no leads)` : `${b.won}/${b.leads} = ${statementPercent(b.value)}`;
      condition = `conversion ${value} ${b.met ? '≥' : 'is below'} ${statementPercent(b.threshold)}`;
    } else {
      const value = b.value === null ? 'empty' : statementPercent(b.value);
      condition = `attainment ${value} ${b.met ? '≥' : 'is below'} ${statementPercent(b.threshold)}`;
    }
    rows.push([`bonus "${b.name}"`, `${condition} → ${b.met ? amount : `not met (${money(b.amount)} not paid)`}`]);
  }
  const beforeCap = m.commission!.plus(m.bonus!);
  if (m.cap === undefined) rows.push(['cap', 'none']);
  else if (m.capAdjustment!.eq(0)) rows.push(['cap', `commission + bonus ${money(beforeCap)} ≤ cap ${money(m.cap)}: no cut`]);
  else rows.push(['cap', `commission + bonus ${money(beforeCap)} > cap ${money(m.cap)}: cut ${money(m.capAdjustment!)}`]);
  const signed = (x: Big) => (x.lt(0) ? `− ${money(x.abs())}` : `+ ${money(x)}`);
  const parts = `${money(m.commission!)} ${signed(m.bonus!)} ${signed(m.capAdjustment!)}`;
  const shownSum = m.commission!.plus(m.bonus!).plus(m.capAdjustment!);
  rows.push([
    'payout',
    `${parts} = ${money(m.payout!)} (rounded once, ${result.rounding})` +
      (shownSum.eq(m.payout!) ? '' : `; the shown parts add up to ${money(shownSum)}: the payout is rounded from the exact ${trimExact(m.payoutExact!)}`),
  ]);
  return { title, columns: [{ key: 'item', kind: 'text' }, { key: 'value', kind: 'text' }], rows: rows.map(([item, value]) => ({ item, value })) };
}

/** An exact amount with up to 10 decimals, `…` when there are more. */
function trimExact(x: Big): string {
  const short = x.round(10, Big.roundDown);
  return `${short.toFixed()}${short.eq(x) ? '' : '…'}`;
}

function pendingTable(m: ManagerCommission, title: string): TableData {
  return {
    title,
    columns: [
      { key: 'date', kind: 'date' },
      { key: 'deal', kind: 'text' },
      { key: 'title', kind: 'text' },
      { key: 'base', kind: 'money', title: 'base not credited' },
      { key: 'missing', kind: 'text' },
      { key: 'source', kind: 'text' },
    ],
    rows: m.pendingDeals.map((p) => ({
      date: p.date,
      deal: p.dealId,
      title: p.title ?? null,
      base: p.base,
      missing: `not counted until: ${p.missing.join(', ')}`,
      source: `${p.src.file}:${p.src.line}`,
    })),
    marks: m.pendingDeals.map(() => 'bad'),
    totals: { date: TOTAL_LABEL, base: m.pendingBase },
  };
}

function unpaidTable(m: ManagerCommission, title: string): TableData {
  return {
    title,
    columns: [
      { key: 'deal', kind: 'text' },
      { key: 'title', kind: 'text' },
      { key: 'source', kind: 'text' },
    ],
    rows: m.unpaidDeals.map((d) => ({ deal: d.dealId, title: d.title ?? null, source: `${d.src.file}:${d.src.line}` })),
  };
}

function statementSections(m: ManagerCommission, result: CommissionReport): TableData[] {
  const label = result.period.label;
  if (m.planConfig === undefined) {
    return [unpaidTable(m, `${m.manager} — no plan (not on commission.team), ${label}: won deals closed or paid in the period, not paid`)];
  }
  const sections: TableData[] = [];
  if (m.lines.length > 0) sections.push(linesTable(m, `${m.manager} — ${m.plan}, ${label}: credited lines (they add up to the commission)`));
  sections.push(calculationTable(m, result, `${m.manager} — ${m.plan}, ${label}: calculation`));
  if (m.pendingDeals.length > 0) sections.push(pendingTable(m, `${m.manager} — pending: fail a gate, not counted`));
  return sections;
}

/** The statement as plain JSON values (machine forms; money as Big, rounded by the renderer). */
function statementJson(m: ManagerCommission, timezone: string): Record<string, unknown> {
  const day = (d: Date) => localDate(d, timezone);
  return {
    manager: m.manager,
    plan: m.plan ?? null,
    quota_source: m.quotaSource,
    commission_exact: m.commissionExact?.toFixed() ?? null,
    payout_exact: m.payoutExact?.toFixed() ?? null,
    tier: m.tier
      ? {
          mode: m.tier.mode,
          basis: m.tier.basis,
          tier: m.tier.index + 1,
          from: m.tier.from.toNumber(),
          tier_rate: m.tier.tierRate.toNumber(),
          slices: m.tier.slices?.map((s) => ({ from: s.from.toNumber(), to: s.to?.toNumber() ?? null, rate: s.rate.toNumber(), covered: s.covered.toNumber() })) ?? null,
        }
      : null,
    lines: m.lines.map((l) => ({
      date: day(l.date),
      deal: l.dealId,
      event: l.kind,
      payment: l.payment ?? null,
      deal_amount: l.dealAmount,
      share: l.share.toNumber(),
      base: l.base,
      rate: l.rate.toNumber(),
      amount: l.amount,
      file: l.src.file,
      line: l.src.line,
    })),
    bonuses: m.bonuses.map((b) => ({
      name: b.name,
      condition: b.kind,
      at_least: b.threshold.toNumber(),
      value: b.value === null ? null : b.value.toNumber(),
      ...(b.kind === 'conversion' ? { won: b.won, leads: b.leads } : {}),
      met: b.met,
      amount: b.amount,
      paid: b.paid,
    })),
    cap: m.cap ?? null,
    pending: m.pendingDeals.map((p) => ({ date: day(p.date), deal: p.dealId, base: p.base, missing: p.missing, credits: p.credits, file: p.src.file, line: p.src.line })),
    unpaid_deals: m.unpaidDeals.map((d) => ({ deal: d.dealId, file: d.src.file, line: d.src.line })),
  };
}

// ---------------------------------------------------------------------------------------------

/** Every skipped row (only possible with --allow-bad-rows): payroll lists them all with the result. */
export function skippedLines(warnings: readonly Diagnostic[]): string[] {
  return warnings.filter((d) => d.action === 'skipped').map((d) => `skipped (--allow-bad-rows): ${formatDiagnostic(d)}`);
}

/** `sha256sum -c` lines: `<hash>  <file>`. */
export function fingerprintLines(inputs: CommissionViewInput['inputs']): string[] {
  return [inputs.config, ...inputs.files].map((f) => `${f.sha256}  ${f.file}`);
}

export function commissionView(input: CommissionViewInput): Report {
  const { result, managers, timezone, asOf } = input;
  const { period, currency } = result;
  const shown = new Set(managers.map((m) => m.manager));
  const totals = totalsRow(managers, period);
  const main: TableData = {
    title: `Commission ${period.label} (${period.startDate} .. ${period.endDate}), ${currency}, rounding ${result.rounding}`,
    columns: COMMISSION_COLUMNS,
    rows: managers.map((m) => managerRow(m, period)),
    // No plan, or no attainment (quota missing or 0): a person should look at these rows.
    marks: managers.map((m) => (m.planConfig === undefined || m.attainment === null ? 'bad' : undefined)),
    totals,
  };
  const sections = input.detail ? managers.flatMap((m) => statementSections(m, result)) : [];
  const notices = result.notices.filter((n) => shown.has(n.manager)).map((n) => n.message);

  const notes: string[] = [];
  notes.push(`as of ${formatDateTime(asOf, timezone)} ${timezone}; payout = commission + bonus + cap adj., rounded once (${result.rounding}).`);
  const today = localDate(asOf, timezone);
  if (today < period.endDate) notes.push(`${period.label} is not over on the --as-of day ${today}: figures so far, not a final payroll.`);
  notes.push(...notices);
  // A won deal the payroll refuses is reported once: as the bad row, which says what the reader
  // said of the same cell (an amount it could not read and left empty), not also as its warning.
  const sameCell = (d: Diagnostic, b: Diagnostic) => d.action === 'kept' && b.file === d.file && b.line === d.line && b.field === d.field;
  const superseded = (d: Diagnostic) => result.badRows.some((b) => sameCell(d, b));
  const badRows = result.badRows.map((b) => {
    const said = input.diagnostics.find((d) => sameCell(d, b) && d.code === 'unreadable-cell');
    return said === undefined ? b : { ...b, reason: `${b.reason}; the export's cell: ${said.reason}` };
  });
  const warnings = [...input.diagnostics.filter((d) => !superseded(d)), ...badRows];
  notes.push(...skippedLines(warnings));
  notes.push('inputs (sha256sum -c format):', ...fingerprintLines(input.inputs));

  return {
    command: 'commission',
    asOf,
    params: input.params,
    main,
    sections,
    summary: {
      ...periodCells(period),
      currency,
      rounding: result.rounding,
      totals: {
        commission: totals.commission ?? new Big(0),
        bonus: totals.bonus ?? new Big(0),
        cap_adjustment: totals.cap_adjustment ?? new Big(0),
        payout: totals.payout ?? new Big(0),
        deals: totals.deals,
        pending: totals.pending,
      },
      inputs: input.inputs,
      notices,
      bad_rows_skipped: warnings.filter((d) => d.action === 'skipped').length,
      ...(input.detail ? { statements: managers.map((m) => statementJson(m, timezone)) } : {}),
    },
    warnings,
    notes,
    currency,
    timezone,
  };
}
