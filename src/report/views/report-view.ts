// Lays out the Friday snapshot (`dealpulse report`) as ONE report: the headline against the previous
// period, the 12-week trend, conversion by manager against target, the funnel per pipeline with its
// bottleneck, zombies, commission to date and data quality — in that order, each section one or two
// tables with a chart hint so that html draws bars, progress bars and sparklines. The metrics are
// computed by the command; this module only chooses rows, columns, titles and words.
//
// The main table (csv body, json `rows`) is the headline, or the first table of the first section
// shown when the headline is not asked for. json `summary` carries every section's data.
import type { CommissionReport, ManagerCommission } from '../../metrics/commission.js';
import type { ConversionResult, ConversionTotal } from '../../metrics/conversion.js';
import type { DataQuality } from '../../metrics/data-quality.js';
import type { FunnelBlock, FunnelResult } from '../../metrics/funnel.js';
import { targetAttainment, type MoneyChange, type NumberChange, type Snapshot, type SnapshotFigures } from '../../metrics/snapshot.js';
import type { DealVerdict, ZombiesResult } from '../../metrics/zombies.js';
import { formatDiagnostic, type Diagnostic } from '../../model/diagnostic.js';
import { Big, sumPresent } from '../../model/money.js';
import { localDate, type Period } from '../../model/period.js';
import { currencySymbol, formatHours, formatMoney, formatNumber, machineHours, ratioCell } from '../format.js';
import type { Column, Report, Row, TableData } from '../report.js';
import { bottleneckSummary } from './funnel-view.js';

/** Section names for `--sections`, in the order the report shows them. */
export const SECTION_NAMES = ['headline', 'trend', 'conversion', 'funnel', 'zombies', 'commission', 'quality'] as const;
export type SectionName = (typeof SECTION_NAMES)[number];

/** Deals listed under "top deals at risk". */
export const TOP_ZOMBIES = 10;
/** Data warnings listed one by one in the quality section (json summary lists them all). */
export const FIRST_WARNINGS = 5;

export interface SkippedSection {
  section: SectionName;
  /** Why, and what to change to get it. */
  reason: string;
}

export interface ReportViewInput {
  /** `--title`, else "<company> — sales snapshot <period>". */
  title: string;
  company?: string;
  period: Period;
  /** The sections to show, in SECTION_NAMES order; skipped ones are listed in `skipped`. */
  sections: readonly SectionName[];
  snapshot?: Snapshot;
  /** By manager, for the period. */
  conversion?: ConversionResult;
  hasTargets: boolean;
  funnel?: FunnelResult;
  zombies?: ZombiesResult;
  commission?: CommissionReport;
  withPayouts: boolean;
  quality?: DataQuality;
  skipped: readonly SkippedSection[];
  /** Every data warning of the files read (and the funnel's own). */
  diagnostics: readonly Diagnostic[];
  /** Facts about the reading (preset column choices…). */
  dataNotes: readonly string[];
  params: Record<string, unknown>;
  asOf: Date;
  currency: string;
  timezone: string;
}

interface Section {
  tables: TableData[];
  notes: string[];
  summary: unknown;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function periodJson(p: Period): Record<string, string> {
  return { label: p.label, start: p.startDate, end: p.endDate };
}

// ---------------------------------------------------------------------------------------------
// Changes as words: `▲ +12%`, `▼ -8%`, `▲ +3.8 pp`, `= 0%`.

const UP = '▲';
const DOWN = '▼';
const SAME = '=';

/** A signed percentage: whole percent from 1% up, one decimal below (never `+0%` for a change). */
function signedPercent(fraction: number): string {
  const percent = new Big(fraction).times(100);
  const digits = percent.abs().gte(1) ? 0 : 1;
  const shown = percent.round(digits, Big.roundHalfUp);
  if (shown.eq(0)) return '0%';
  return `${shown.gt(0) ? '+' : '-'}${shown.abs().toFixed(digits)}%`;
}

function arrow(sign: number): string {
  return sign > 0 ? UP : sign < 0 ? DOWN : SAME;
}

/** A count or an amount: relative change, or the absolute one when the previous value was 0. */
function changeText(change: NumberChange | MoneyChange, absolute: (delta: Big) => string): string | null {
  if (change.delta === null) return null;
  const delta = new Big(change.delta);
  const sign = delta.cmp(0);
  if (change.relative !== null) return `${arrow(sign)} ${sign === 0 ? '0%' : signedPercent(change.relative)}`;
  // The previous value was 0: a percentage of nothing means nothing, the difference does.
  return sign === 0 ? `${SAME} 0` : `${arrow(sign)} ${sign > 0 ? '+' : '-'}${absolute(delta.abs())}`;
}

/** Conversion changes in percentage points. */
function pointsText(change: NumberChange): string | null {
  if (change.delta === null) return null;
  const delta = new Big(change.delta);
  const sign = delta.cmp(0);
  const points = delta.times(100).abs().round(1, Big.roundHalfUp);
  return `${arrow(sign)} ${sign > 0 ? '+' : sign < 0 ? '-' : ''}${points.toFixed(1)} pp`;
}

function markOfChange(change: NumberChange | MoneyChange): 'good' | 'bad' | undefined {
  if (change.delta === null) return undefined;
  const sign = new Big(change.delta).cmp(0);
  return sign > 0 ? 'good' : sign < 0 ? 'bad' : undefined;
}

// ---------------------------------------------------------------------------------------------
// Headline and trend.

function figuresJson(f: SnapshotFigures): Record<string, unknown> {
  return {
    period: f.period.label,
    period_start: f.period.startDate,
    period_end: f.period.endDate,
    leads: f.leads,
    won: f.won,
    conversion: f.conversion,
    won_amount: f.wonAmount,
    avg_deal: f.avgDeal,
    amounts_missing: f.amountsMissing,
    target: f.target,
    status: f.status,
  };
}

function changeJson(c: NumberChange | MoneyChange): Record<string, unknown> {
  return { delta: c.delta, relative: c.relative };
}

function headlineSection(s: Snapshot, currency: string): Section {
  const { current: cur, previous: prev, changes } = s;
  // One row per figure, so that the table reads down on a phone. The two value columns hold
  // different kinds per row: conversion and target are fractions (numbers), counts and amounts are
  // Big. Declared `ratio`, the fractions show as percentages and csv/json get the fraction; a Big
  // is always shown and written as a plain number whatever the column's kind (format.ts: the
  // runtime type wins), so counts stay `49` and amounts `3 154 991` (currency in the label).
  // Amounts are in whole currency units here — a headline, and narrow enough for a phone; json
  // summary.headline has them to the minor unit.
  const whole = (x: Big) => x.round(0, Big.roundHalfUp);
  const money = (x: Big | null) => (x === null ? null : whole(x));
  const count = (n: number) => new Big(n);
  const symbol = currencySymbol(currency);
  const absoluteMoney = (d: Big) => `${formatNumber(whole(d))} ${symbol}`;
  const absoluteCount = (d: Big) => d.toFixed();
  const rows: Row[] = [
    { metric: 'leads', current: count(cur.leads), previous: count(prev.leads), change: changeText(changes.leads, absoluteCount) },
    { metric: 'won', current: count(cur.won), previous: count(prev.won), change: changeText(changes.won, absoluteCount) },
    { metric: 'conversion', current: cur.conversion, previous: prev.conversion, change: pointsText(changes.conversion) },
    { metric: `won amount, ${symbol}`, current: money(cur.wonAmount), previous: money(prev.wonAmount), change: changeText(changes.wonAmount, absoluteMoney) },
    { metric: `avg deal, ${symbol}`, current: money(cur.avgDeal), previous: money(prev.avgDeal), change: changeText(changes.avgDeal, absoluteMoney) },
  ];
  const marks: Array<'good' | 'bad' | undefined> = [
    markOfChange(changes.leads),
    markOfChange(changes.won),
    markOfChange(changes.conversion),
    markOfChange(changes.wonAmount),
    markOfChange(changes.avgDeal),
  ];
  if (cur.target !== null || prev.target !== null) {
    rows.push({ metric: 'target', current: cur.target, previous: prev.target, change: cur.status });
    marks.push(cur.status === 'below' ? 'bad' : cur.status === 'met' ? 'good' : undefined);
  }
  const soFar = s.periodOpen ? ' so far' : '';
  const table: TableData = {
    title: `Headline: ${cur.period.label}${soFar} vs ${prev.period.label}`,
    // Read across as "leads 49, ▲ +36% on 36": the change sits next to the number it qualifies,
    // so on a phone the words that matter come before anything that might scroll.
    columns: [
      { key: 'metric', kind: 'text', title: '' },
      { key: 'current', kind: 'ratio', title: cur.period.label },
      { key: 'change', kind: 'text' },
      { key: 'previous', kind: 'ratio', title: prev.period.label },
    ],
    rows,
    marks,
  };
  const notes: string[] = [];
  notes.push(
    s.periodOpen
      ? `${cur.period.label} (${cur.period.startDate}..${cur.period.endDate}) is not over on the as-of day: figures so far, against the whole of ${prev.period.label} (${prev.period.startDate}..${prev.period.endDate}).`
      : `${cur.period.label} (${cur.period.startDate}..${cur.period.endDate}) against ${prev.period.label} (${prev.period.startDate}..${prev.period.endDate}).`,
  );
  notes.push('leads = deals created in the period; won = deals won with closed_at in the period; conversion = won / leads (it can exceed 100%); the same numbers as dealpulse conversion. Changes: ▲/▼ relative change, conversion in percentage points (pp).');
  const missing = cur.amountsMissing + prev.amountsMissing;
  if (missing > 0) notes.push(`${plural(missing, 'won deal')} without an amount: left out of won amount and avg deal.`);
  return {
    tables: [table],
    notes,
    summary: {
      current: figuresJson(cur),
      previous: figuresJson(prev),
      change: {
        leads: changeJson(changes.leads),
        won: changeJson(changes.won),
        conversion: changeJson(changes.conversion),
        won_amount: changeJson(changes.wonAmount),
        avg_deal: changeJson(changes.avgDeal),
      },
    },
  };
}

function trendSection(s: Snapshot): Section {
  const weeks = s.trend;
  const first = weeks[0]!.period;
  const last = weeks[weeks.length - 1]!.period;
  const table: TableData = {
    title: `Trend: ${plural(weeks.length, 'week')}, ${first.label} to ${last.label}`,
    chart: { kind: 'sparkline', label: 'period', values: ['leads', 'won', 'conversion'] },
    columns: [
      { key: 'period', kind: 'text', title: 'week' },
      { key: 'period_start', kind: 'date', title: 'from' },
      { key: 'leads', kind: 'int' },
      { key: 'won', kind: 'int' },
      { key: 'conversion', kind: 'ratio' },
    ],
    rows: weeks.map((w) => ({ period: w.period.label, period_start: w.period.startDate, leads: w.leads, won: w.won, conversion: w.conversion })),
  };
  const empty = weeks.filter((w) => w.conversion === null).length;
  const notes = empty > 0 ? [`trend: ${plural(empty, 'week')} without leads: conversion empty (a gap in the line, not 0).`] : [];
  return {
    tables: [table],
    notes,
    summary: weeks.map((w) => ({ period: w.period.label, period_start: w.period.startDate, period_end: w.period.endDate, leads: w.leads, won: w.won, conversion: w.conversion })),
  };
}

// ---------------------------------------------------------------------------------------------
// Conversion by manager.

function conversionSection(result: ConversionResult, hasTargets: boolean, period: Period): Section {
  const total = result.totals[0] as ConversionTotal | undefined;
  const withTargets = hasTargets && result.rows.some((r) => r.target !== null);
  const toRow = (manager: string, f: Omit<ConversionTotal, 'period'>): Row => ({
    manager,
    leads: f.leads,
    won: f.won,
    conversion: f.conversion,
    ...(withTargets ? { target: f.target, of_target: targetAttainment(f.conversion, f.target), status: f.status } : {}),
  });
  const table: TableData = {
    title: withTargets ? `Conversion by manager vs target, ${period.label}` : `Conversion by manager, ${period.label}`,
    chart: withTargets
      ? { kind: 'progress', label: 'manager', value: 'of_target' }
      : { kind: 'bars', label: 'manager', value: 'conversion' },
    columns: [
      { key: 'manager', kind: 'text' },
      { key: 'leads', kind: 'int' },
      { key: 'won', kind: 'int' },
      { key: 'conversion', kind: 'ratio', title: withTargets ? 'conv.' : 'conversion' },
      ...(withTargets
        ? ([
            { key: 'target', kind: 'ratio' },
            { key: 'of_target', kind: 'ratio', title: 'of target' },
          ] satisfies Column[])
        : []),
    ],
    rows: result.rows.map((r) => toRow(r.group[0] ?? '', r)),
    marks: result.rows.map((r) => (r.status === 'below' ? 'bad' : undefined)),
  };
  if (total) table.totals = toRow('Total', total);
  const notes: string[] = [];
  if (withTargets) {
    const below = result.rows.filter((r) => r.status === 'below').map((r) => r.group[0]);
    notes.push(
      below.length > 0
        ? `conversion below target (!): ${below.join(', ')} — of target = conversion / target (100% = on target).`
        : 'every manager with leads is at or above the conversion target.',
    );
  } else {
    notes.push('no conversion target in the config (targets.conversion): conversion is shown without one.');
  }
  return {
    tables: [table],
    notes,
    summary: {
      rows: result.rows.map((r) => ({ manager: r.group[0] ?? null, leads: r.leads, won: r.won, lost: r.lost, conversion: r.conversion, target: r.target, of_target: targetAttainment(r.conversion, r.target), status: r.status })),
      total: total
        ? { leads: total.leads, won: total.won, lost: total.lost, conversion: total.conversion, target: total.target, of_target: targetAttainment(total.conversion, total.target), status: total.status }
        : null,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Funnel.

function funnelTable(block: FunnelBlock, period: Period): TableData {
  const stages = block.stages.filter((s) => s.configured);
  const bottleneck = stages.find((s) => s.stage === block.bottleneck);
  const verdict = bottleneck && bottleneck.medianHours !== null
    ? `bottleneck ${bottleneck.stage} (median ${formatHours(bottleneck.medianHours)})`
    : 'no bottleneck yet';
  return {
    title: `Funnel ${block.pipeline}, ${period.label}: ${verdict}`,
    chart: { kind: 'bars', label: 'stage', value: 'entered' },
    columns: [
      { key: 'stage', kind: 'text' },
      { key: 'entered', kind: 'int' },
      { key: 'conversion_to_next', kind: 'ratio', title: 'to next' },
      { key: 'median_hours', kind: 'hours', title: 'median' },
      { key: 'open_now', kind: 'int', title: 'open now' },
    ],
    rows: stages.map((s) => ({
      stage: s.stage,
      entered: s.entered,
      conversion_to_next: s.conversionToNext,
      median_hours: s.medianHours,
      open_now: s.openNow,
    })),
    marks: stages.map((s) => (s.stage === block.bottleneck ? 'bad' : undefined)),
  };
}

function funnelSection(result: FunnelResult, period: Period): Section {
  const tables = result.pipelines.map((block) => funnelTable(block, period));
  const notes = [
    `funnel: entered = deals whose visit to the stage started in ${period.label}; to next = share of them that moved further down (or were won); median = time in the stage of those that left it; the bottleneck (!) is the stage with the slowest median; open now = deals in the stage at the as-of time. Details: dealpulse funnel --period ${period.label}.`,
  ];
  return {
    tables,
    notes,
    summary: result.pipelines.map((block) => {
      return {
        pipeline: block.pipeline,
        deals: block.deals,
        ...bottleneckSummary(block),
        stages: block.stages
          .filter((s) => s.configured)
          .map((s) => ({
            stage: s.stage,
            entered: s.entered,
            moved_on: s.movedOn,
            conversion_to_next: s.conversionToNext,
            lost_here: s.lostHere,
            median_hours: s.medianHours === null ? null : machineHours(s.medianHours),
            open_now: s.openNow,
            sla_breaches: s.slaBreaches,
          })),
      };
    }),
  };
}

// ---------------------------------------------------------------------------------------------
// Zombies.

function zombieRow(v: DealVerdict): Row {
  return {
    id: v.deal.id,
    title: v.deal.title ?? null,
    manager: v.deal.manager,
    stage: v.stage ?? null,
    amount: v.deal.amount ?? null,
    age_days: v.ageDays,
    reasons: v.reasons.join('+'),
  };
}

function zombiesSection(r: ZombiesResult, currency: string): Section {
  const by = r.by;
  const key = by[0] ?? 'manager';
  const summary: TableData = {
    title: `Zombies: ${r.zombies.length} of ${plural(r.open, 'open deal')}, ${formatMoney(r.totals.amountAtRisk, currency)} at risk`,
    chart: { kind: 'bars', label: key, value: 'amount_at_risk' },
    columns: [
      { key, kind: 'text' },
      { key: 'zombies', kind: 'int' },
      { key: 'amount_at_risk', kind: 'money', title: 'at risk' },
      { key: 'parked', kind: 'int' },
    ],
    rows: r.groups.map((g) => ({ [key]: g.key[0] ?? null, zombies: g.zombies, amount_at_risk: g.amountAtRisk, parked: g.parked })),
    totals: { [key]: 'Total', zombies: r.totals.zombies, amount_at_risk: r.totals.amountAtRisk, parked: r.totals.parked },
  };
  const top = r.zombies.slice(0, TOP_ZOMBIES);
  const tables: TableData[] = [summary];
  if (top.length > 0) {
    tables.push({
      title: `Top ${top.length} deals at risk (largest amount first)`,
      // The amount first: the list is ordered by it, and deal names are long on a phone.
      columns: [
        { key: 'amount', kind: 'money' },
        { key: 'title', kind: 'text', title: 'deal' },
        { key: 'manager', kind: 'text' },
        { key: 'age_days', kind: 'int', title: 'age, d' },
        { key: 'reasons', kind: 'text' },
        { key: 'stage', kind: 'text' },
        { key: 'id', kind: 'text' },
      ],
      rows: top.map(zombieRow),
    });
  }
  const reasons = Object.entries(r.reasonCounts)
    .filter(([, n]) => n > 0)
    .map(([reason, n]) => `${reason} ${n}`)
    .join(', ');
  const notes = [
    `zombies as of ${r.asOfDate}: open deals too old for their size (age), stuck in their stage, silent or overdue${reasons ? ` — ${reasons}` : ''}; parked = postponed on purpose (expected close still ahead). Full list: dealpulse zombies.`,
  ];
  return {
    tables,
    notes,
    summary: {
      open_deals: r.open,
      zombies: r.zombies.length,
      amount_at_risk: r.totals.amountAtRisk,
      parked: r.parked.length,
      parked_amount: r.totals.parkedAmount,
      reasons: r.reasonCounts,
      [`by_${by.join('_') || 'manager'}`]: r.groups.map((g) => ({
        [key]: g.key[0] ?? null,
        zombies: g.zombies,
        amount_at_risk: g.amountAtRisk,
        parked: g.parked,
        parked_amount: g.parkedAmount,
      })),
      top: top.map((v) => ({ ...zombieRow(v), created_at: v.deal.createdAt, expected_close_at: v.deal.expectedCloseAt ?? null })),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Commission to date.

function commissionSection(result: CommissionReport, withPayouts: boolean, asOfDate: string): Section {
  const month = result.period;
  const row = (m: ManagerCommission): Row => ({
    manager: m.manager,
    plan: m.plan ?? null,
    attainment: ratioCell(m.attainment),
    deals: m.deals,
    pending: m.pending,
    ...(withPayouts ? { commission: m.commission, bonus: m.bonus, cap_adjustment: m.capAdjustment, payout: m.payout } : {}),
  });
  const table: TableData = {
    title: `Commission to date, ${month.label}: attainment of the monthly quota`,
    chart: { kind: 'progress', label: 'manager', value: 'attainment' },
    columns: [
      { key: 'manager', kind: 'text' },
      { key: 'plan', kind: 'text' },
      { key: 'attainment', kind: 'ratio' },
      { key: 'deals', kind: 'int' },
      { key: 'pending', kind: 'int' },
      ...(withPayouts
        ? ([
            { key: 'commission', kind: 'money' },
            { key: 'bonus', kind: 'money' },
            // Without the cap's cut the columns would not add up to the payout.
            { key: 'cap_adjustment', kind: 'money', title: 'cap' },
            { key: 'payout', kind: 'money' },
          ] satisfies Column[])
        : []),
    ],
    rows: result.managers.map(row),
    // Someone paid without a plan, or with no quota to measure against, needs a look.
    marks: result.managers.map((m) => (m.planConfig === undefined || m.attainment === null ? 'bad' : undefined)),
  };
  if (withPayouts) {
    table.totals = {
      manager: 'Total',
      deals: result.managers.reduce((n, m) => n + m.deals, 0),
      pending: result.managers.reduce((n, m) => n + (m.pending ?? 0), 0),
      commission: sumPresent(result.managers.map((m) => m.commission)),
      bonus: sumPresent(result.managers.map((m) => m.bonus)),
      cap_adjustment: sumPresent(result.managers.map((m) => m.capAdjustment)),
      payout: sumPresent(result.managers.map((m) => m.payout)),
    };
  }
  const notes: string[] = [];
  const open = asOfDate < month.endDate ? `${month.label} is not over (as of ${asOfDate}): attainment so far, ` : '';
  notes.push(
    `commission: ${open}attained / the month's quota per plan; deals = credited deals, pending = won deals that fail a gate (documents…). ` +
      (withPayouts ? 'Payout amounts are shown (--with-payouts).' : 'Payout amounts are left out (the snapshot may go to a wide list): --with-payouts adds them; dealpulse commission gives the statement.'),
  );
  for (const n of result.notices) notes.push(`commission: ${n.message}`);
  if (result.badRows.length > 0) {
    notes.push(`commission: ${plural(result.badRows.length, 'row')} that payroll refuses (first: ${formatDiagnostic(result.badRows[0]!)}) left out of the credits; dealpulse commission stops on them.`);
  }
  return {
    tables: [table],
    notes,
    summary: {
      period: month.label,
      period_start: month.startDate,
      period_end: month.endDate,
      with_payouts: withPayouts,
      bad_rows: result.badRows.length,
      managers: table.rows,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Data quality.

function qualitySection(q: DataQuality, diagnostics: readonly Diagnostic[]): Section {
  const checks: Array<[string, number]> = [
    ['deals read', q.deals.total],
    ['rows skipped (bad)', q.rowsSkipped],
    ['rows kept with a warning', q.rowsKept],
    ['duplicate deal ids', q.duplicateIds],
    ['closed before created', q.closedBeforeCreated],
    ['won without a close date', q.wonWithoutCloseDate],
    ['stage events for unknown deals', q.eventsForUnknownDeals],
    ['pipelines not in the config', q.pipelinesNotInConfig.length],
    ['stages not in the config', q.stages.filter((s) => s.status === 'not in config').length],
    ['team members without deals', q.teamWithoutDeals.length],
    ['managers not on the team', q.managers.filter((m) => m.onTeam === false).length],
  ];
  // The deal count always, then only what is wrong: a list of zeros hides the one that is not.
  const shown = checks.filter(([, n], i) => i === 0 || n > 0);
  const problems = shown.length - 1;
  const skipped = diagnostics.filter((d) => d.action === 'skipped').length;
  const table: TableData = {
    title: problems === 0 && diagnostics.length === 0 ? 'Data quality: no problems found' : `Data quality: ${plural(diagnostics.length, 'warning')} (${skipped} skipped, ${diagnostics.length - skipped} kept)`,
    columns: [
      { key: 'check', kind: 'text' },
      { key: 'count', kind: 'int' },
    ],
    rows: shown.map(([check, count]) => ({ check, count })),
    marks: shown.map(([, n], i) => (i > 0 && n > 0 ? 'bad' : undefined)),
  };
  const tables: TableData[] = [table];
  const first = diagnostics.slice(0, FIRST_WARNINGS);
  if (first.length > 0) {
    tables.push({
      title: `First ${first.length} of ${plural(diagnostics.length, 'warning')}`,
      columns: [
        { key: 'problem', kind: 'text' },
        { key: 'where', kind: 'text' },
        { key: 'action', kind: 'text', title: 'row' },
      ],
      rows: first.map((d) => ({ where: `${d.file}:${d.line}`, problem: `${d.field ? `${d.field}: ` : ''}${d.reason}`, action: d.action })),
    });
  }
  const notes = diagnostics.length > FIRST_WARNINGS ? [`data quality: ${diagnostics.length} warnings in all; dealpulse doctor explains them, --format json lists every one.`] : [];
  return {
    tables,
    notes,
    summary: {
      deals: q.deals,
      rows_skipped: q.rowsSkipped,
      rows_kept: q.rowsKept,
      duplicate_ids: q.duplicateIds,
      closed_before_created: q.closedBeforeCreated,
      won_without_close_date: q.wonWithoutCloseDate,
      events_for_unknown_deals: q.eventsForUnknownDeals,
      pipelines_not_in_config: q.pipelinesNotInConfig,
      stages_not_in_config: q.stages.filter((s) => s.status === 'not in config').map((s) => ({ pipeline: s.pipeline, stage: s.stage })),
      team_without_deals: q.teamWithoutDeals,
      managers_not_on_team: q.managers.filter((m) => m.onTeam === false).map((m) => m.manager),
      warnings: diagnostics.length,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The report.

export function reportView(input: ReportViewInput): Report {
  const { period, currency, timezone } = input;
  const asOfDate = localDate(input.asOf, timezone);
  const built: Array<[SectionName, Section]> = [];
  for (const name of input.sections) {
    let section: Section | undefined;
    switch (name) {
      case 'headline':
        if (input.snapshot) section = headlineSection(input.snapshot, currency);
        break;
      case 'trend':
        if (input.snapshot) section = trendSection(input.snapshot);
        break;
      case 'conversion':
        if (input.conversion) section = conversionSection(input.conversion, input.hasTargets, period);
        break;
      case 'funnel':
        if (input.funnel) section = funnelSection(input.funnel, period);
        break;
      case 'zombies':
        if (input.zombies) section = zombiesSection(input.zombies, currency);
        break;
      case 'commission':
        if (input.commission) section = commissionSection(input.commission, input.withPayouts, asOfDate);
        break;
      case 'quality':
        if (input.quality) section = qualitySection(input.quality, input.diagnostics);
        break;
    }
    if (section) built.push([name, section]);
  }

  const tables = built.flatMap(([, s]) => s.tables);
  const skippedTable: TableData = {
    title: 'Nothing to show: every section asked for was skipped',
    columns: [
      { key: 'section', kind: 'text' },
      { key: 'reason', kind: 'text' },
    ],
    rows: input.skipped.map((s) => ({ section: s.section, reason: s.reason })),
  };
  const [main, ...sections] = tables.length > 0 ? tables : [skippedTable];

  const notes = [
    ...built.flatMap(([, s]) => s.notes),
    ...input.skipped.map((s) => `${s.section}: skipped — ${s.reason}`),
    ...input.dataNotes,
  ];

  const summary: Record<string, unknown> = {
    title: input.title,
    company: input.company ?? null,
    period: periodJson(period),
    previous_period: input.snapshot ? periodJson(input.snapshot.previous.period) : null,
    sections: built.map(([name]) => name),
    skipped: input.skipped.map((s) => ({ section: s.section, reason: s.reason })),
  };
  for (const [name, s] of built) summary[name] = s.summary;

  return {
    command: 'report',
    asOf: input.asOf,
    params: input.params,
    main: main!,
    sections,
    summary,
    warnings: [...input.diagnostics],
    notes,
    currency,
    timezone,
  };
}
