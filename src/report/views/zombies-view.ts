// Lays out the `zombies` result as a report: the zombie deals (main table: json `rows`, the csv
// body), the per-group summary with totals, the parked deals (table only with --parked; always in
// json `summary.parked`), and notes that state the as-of and the rules in effect.
import type { ZombieRule } from '../../config/schema.js';
import type { DealVerdict, ZombieGroup, ZombiesResult } from '../../metrics/zombies.js';
import { formatDateTime, formatMoney, formatNumber } from '../format.js';
import type { Column, Report, Row, TableData } from '../report.js';
import type { Diagnostic } from '../../model/diagnostic.js';

export interface ZombiesViewInput {
  result: ZombiesResult;
  rules: readonly ZombieRule[];
  maxDaysInStage?: number;
  maxDaysWithoutActivity?: number;
  /** Pipeline name → stage → rot_days, for the note on `stuck`. */
  rotDays: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** Whether a stage history was read. */
  history: boolean;
  /** `--parked`: show the parked deals as a table. */
  showParked: boolean;
  /** `--fail-on` as given, echoed in params. */
  failOn?: string;
  diagnostics: readonly Diagnostic[];
  notes: readonly string[];
  currency: string;
  timezone: string;
}

/** SPEC §4 row fields, in order. */
export const ZOMBIE_COLUMNS: Column[] = [
  { key: 'id', kind: 'text' },
  { key: 'title', kind: 'text' },
  { key: 'manager', kind: 'text' },
  { key: 'pipeline', kind: 'text' },
  { key: 'stage', kind: 'text' },
  { key: 'amount', kind: 'money' },
  { key: 'created_at', kind: 'datetime', title: 'created' },
  { key: 'age_days', kind: 'int', title: 'age, d' },
  { key: 'rule', kind: 'text' },
  { key: 'max_age_days', kind: 'int', title: 'max age, d' },
  { key: 'days_in_stage', kind: 'int', title: 'in stage, d' },
  { key: 'days_since_activity', kind: 'int', title: 'no contact, d' },
  { key: 'expected_close_at', kind: 'date', title: 'expected close' },
  { key: 'reasons', kind: 'text' },
];

/** One deal as a row: every field present, missing as null (json `null`, table `—`). */
function dealRow(v: DealVerdict): Row {
  const d = v.deal;
  return {
    id: d.id,
    title: d.title ?? null,
    manager: d.manager,
    pipeline: d.pipeline,
    stage: v.stage ?? null,
    amount: d.amount ?? null,
    created_at: d.createdAt,
    age_days: v.ageDays,
    rule: v.rule?.name ?? null,
    max_age_days: v.rule?.max_age_days ?? null,
    days_in_stage: v.daysInStage ?? null,
    days_since_activity: v.daysSinceActivity ?? null,
    expected_close_at: d.expectedCloseAt ?? null,
    reasons: v.reasons.join('+'),
  };
}

function groupRow(by: readonly string[], g: Pick<ZombieGroup, 'zombies' | 'amountAtRisk' | 'parked' | 'parkedAmount'>, key: readonly string[]): Row {
  return {
    ...Object.fromEntries(by.map((f, i) => [f, key[i] ?? null])),
    zombies: g.zombies,
    amount_at_risk: g.amountAtRisk,
    parked: g.parked,
    parked_amount: g.parkedAmount,
  };
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** `small: amount < 50 000 → 30 days`. */
export function describeRule(r: ZombieRule): string {
  const band =
    r.amount_from !== undefined && r.amount_below !== undefined
      ? `${formatNumber(r.amount_from)} ≤ amount < ${formatNumber(r.amount_below)}`
      : r.amount_from !== undefined
        ? `amount ≥ ${formatNumber(r.amount_from)}`
        : r.amount_below !== undefined
          ? `amount < ${formatNumber(r.amount_below)}`
          : 'any amount';
  return `${r.name}: ${band} → ${r.max_age_days} days`;
}

function describeRot(rotDays: ZombiesViewInput['rotDays']): string {
  const parts = Object.entries(rotDays)
    .filter(([, stages]) => Object.keys(stages).length > 0)
    .map(([pipeline, stages]) => `pipeline ${pipeline}: ${Object.entries(stages).map(([s, n]) => `${s} ${n}`).join(', ')}`);
  return parts.length > 0 ? `rot_days (${parts.join('; ')})` : '';
}

function rulesNotes(input: ZombiesViewInput): string[] {
  const { result: r } = input;
  const notes: string[] = [];
  notes.push(
    input.rules.length > 0
      ? `age (first matching rule): ${input.rules.map(describeRule).join('; ')}`
      : 'age: not checked (no zombies.rules in the config)',
  );
  const rot = describeRot(input.rotDays);
  const global = input.maxDaysInStage !== undefined ? `max_days_in_stage ${input.maxDaysInStage}` : '';
  const limits = [rot, global].filter((s) => s !== '').join(', else ');
  const clock = input.history ? 'from the last entry into the current stage in the stage history, else stage_changed_at' : 'from stage_changed_at (no stage history read)';
  notes.push(limits === '' ? 'stuck: not checked (no rot_days and no zombies.max_days_in_stage)' : `stuck: days in stage (${clock}) > ${limits}`);
  notes.push(
    input.maxDaysWithoutActivity !== undefined
      ? `silent: > ${input.maxDaysWithoutActivity} days since last_activity_at`
      : 'silent: not checked (no zombies.max_days_without_activity)',
  );
  notes.push(`overdue: expected_close_at before ${r.asOfDate}`);
  notes.push(`parked: over the age limit with expected_close_at on or after ${r.asOfDate} — not a zombie`);
  return notes;
}

function dataNotes(input: ZombiesViewInput): string[] {
  const { result: r, currency } = input;
  const notes: string[] = [];
  if (r.withoutAmount > 0) {
    notes.push(
      r.catchAllRule !== undefined
        ? `${plural(r.withoutAmount, 'open deal')} without an amount: age limit from rule "${r.catchAllRule}" (the first rule without amount bounds)`
        : `${plural(r.withoutAmount, 'open deal')} without an amount: no rule without amount bounds, so no age limit`,
    );
  }
  const outOfBands = r.withoutRule - (r.catchAllRule === undefined ? r.withoutAmount : 0);
  if (outOfBands > 0) notes.push(`${plural(outOfBands, 'open deal')} with an amount in no rule's band: age not checked`);
  const stuckChecked = input.maxDaysInStage !== undefined || describeRot(input.rotDays) !== '';
  if (stuckChecked && r.stageDaysUnknown > 0) {
    notes.push(`${plural(r.stageDaysUnknown, 'open deal')} without a known stage entry date: days_in_stage empty, never stuck`);
  }
  if (r.timestampsAfterAsOf > 0) {
    notes.push(`${plural(r.timestampsAfterAsOf, 'open deal')} with a last activity or stage change after the as-of: that count is left empty`);
  }
  if (r.createdAfterAsOf > 0) notes.push(`${plural(r.createdAfterAsOf, 'open deal')} created after the as-of left out`);
  if (r.closedLater > 0) notes.push(`${plural(r.closedLater, 'deal')} the export calls won or lost, with a close date after the as-of: not listed (closed in the CRM)`);
  const missing = r.zombiesWithoutAmount + r.parkedWithoutAmount;
  if (missing > 0) notes.push(`${plural(missing, 'amount')} missing: left out of amount_at_risk / parked_amount`);
  if (!input.showParked && r.parked.length > 0) {
    notes.push(`${plural(r.parked.length, 'parked deal')} (${formatMoney(r.totals.parkedAmount, currency)}) not listed: --parked lists them`);
  }
  return notes;
}

export function zombiesView(input: ZombiesViewInput): Report {
  const { result: r, currency, timezone } = input;
  const by = r.by;
  const zombieRows = r.zombies.map(dealRow);
  const parkedRows = r.parked.map(dealRow);

  const main: TableData = {
    title: `Zombie deals as of ${r.asOfDate}: ${r.zombies.length} of ${r.open} open, ${formatMoney(r.totals.amountAtRisk, currency)} at risk`,
    columns: ZOMBIE_COLUMNS,
    rows: zombieRows,
  };

  const groupRows = r.groups.map((g) => groupRow(by, g, g.key));
  const summaryTable: TableData = {
    title: `By ${by.join(', ')}`,
    columns: [
      ...by.map((f): Column => ({ key: f, kind: 'text' })),
      { key: 'zombies', kind: 'int' },
      { key: 'amount_at_risk', kind: 'money', title: 'amount at risk' },
      { key: 'parked', kind: 'int' },
      { key: 'parked_amount', kind: 'money', title: 'parked amount' },
    ],
    rows: groupRows,
    totals: groupRow(by, r.totals, ['Total']),
    marks: r.groups.map((g) => (g.zombies > 0 ? 'bad' : undefined)),
  };
  const sections: TableData[] = [summaryTable];
  if (input.showParked) {
    sections.push({
      title: `Parked deals (expected to close later): ${r.parked.length}, ${formatMoney(r.totals.parkedAmount, currency)}`,
      columns: ZOMBIE_COLUMNS,
      rows: parkedRows,
    });
  }

  const reasons = Object.entries(r.reasonCounts)
    .filter(([, n]) => n > 0)
    .map(([reason, n]) => `${reason} ${n}`)
    .join(', ');
  const notes = [
    ...input.notes,
    `as of ${formatDateTime(r.asOf, timezone)} ${timezone}: ages and day counts are calendar days to ${r.asOfDate}`,
    ...rulesNotes(input),
    ...(reasons !== '' ? [`reasons among the zombies: ${reasons}`] : []),
    ...dataNotes(input),
  ];

  return {
    command: 'zombies',
    asOf: r.asOf,
    params: { as_of_date: r.asOfDate, timezone, by, parked: input.showParked, fail_on: input.failOn ?? null },
    main,
    sections,
    summary: {
      open_deals: r.open,
      zombies: r.zombies.length,
      amount_at_risk: r.totals.amountAtRisk,
      parked_count: r.parked.length,
      parked_amount: r.totals.parkedAmount,
      reasons: r.reasonCounts,
      [`by_${by.join('_')}`]: groupRows,
      parked: parkedRows,
      rules: input.rules.map((rule) => ({
        name: rule.name,
        amount_from: rule.amount_from ?? null,
        amount_below: rule.amount_below ?? null,
        max_age_days: rule.max_age_days,
      })),
      max_days_in_stage: input.maxDaysInStage ?? null,
      max_days_without_activity: input.maxDaysWithoutActivity ?? null,
      deals_without_amount: r.withoutAmount,
      deals_without_rule: r.withoutRule,
      days_in_stage_unknown: r.stageDaysUnknown,
    },
    warnings: [...input.diagnostics],
    notes,
    currency,
    timezone,
  };
}
