// Lays out a conversion result as a report (SPEC §4 conversion, §5). The main table is what csv and
// json `rows` carry: one row per period × group. Totals are never csv/json rows: grouped output
// shows them in the table (a `Total` row under a single period, or a "Totals per period" table with
// the whole range underneath), and json has them in `summary.totals` / `summary.total`.
import type { ConversionFigures, ConversionResult, ConversionTotal, LostReasonRow } from '../../metrics/conversion.js';
import type { Diagnostic } from '../../model/diagnostic.js';
import type { Period } from '../../model/period.js';
import { addDaysToDate, localDate } from '../../model/period.js';
import type { FileStats } from '../../model/diagnostic.js';
import { PERIOD_COLUMNS, periodCells } from './period-fields.js';
import { formatDateTime } from '../format.js';
import type { Column, Report, Row, TableData } from '../report.js';

export interface ConversionViewInput {
  result: ConversionResult;
  /** The asked range (`--period` or `--from/--to`). */
  whole: Period;
  every?: string;
  /** The deals file's counts (rows read / used / skipped). */
  dealsFile?: FileStats;
  diagnostics: readonly Diagnostic[];
  /** Facts about the reading (preset column choices…). */
  dataNotes: readonly string[];
  /** Whether a conversion target is configured at all. */
  hasTargets: boolean;
  /** `--lost-reasons`: add the table (and `summary.lost_reasons`), even when nothing was lost. */
  lostReasons: boolean;
  /** The parameters that produced the report, echoed in json `params`. */
  params: Record<string, unknown>;
  asOf: Date;
  currency: string;
  timezone: string;
}

/** Output field names of the main table other than the `--by` fields (they must not collide). */
export const CONVERSION_FIELDS = [
  'period', 'period_start', 'period_end', 'leads', 'won', 'lost', 'conversion', 'win_rate',
  'won_amount', 'avg_deal', 'target', 'status',
] as const;

/** The label put in the first group column of a totals row. */
const TOTAL_LABEL = 'Total';


const FIGURE_COLUMNS: Column[] = [
  { key: 'leads', kind: 'int' },
  { key: 'won', kind: 'int' },
  { key: 'lost', kind: 'int' },
  { key: 'conversion', kind: 'ratio' },
  { key: 'win_rate', kind: 'ratio', title: 'win rate' },
  { key: 'won_amount', kind: 'money', title: 'won amount' },
  { key: 'avg_deal', kind: 'money', title: 'avg deal' },
  { key: 'target', kind: 'ratio' },
  { key: 'status', kind: 'text' },
];


function figureCells(f: ConversionFigures): Row {
  return {
    leads: f.leads,
    won: f.won,
    lost: f.lost,
    conversion: f.conversion,
    win_rate: f.winRate,
    won_amount: f.wonAmount,
    avg_deal: f.avgDeal,
    target: f.target,
    status: f.status,
  };
}

/** A total as a json summary object: the row's fields plus `amounts_missing`. */
function totalSummary(t: ConversionTotal): Record<string, unknown> {
  return { ...periodCells(t.period), ...figureCells(t), amounts_missing: t.amountsMissing };
}

function markOf(f: ConversionFigures): 'bad' | undefined {
  return f.status === 'below' ? 'bad' : undefined;
}

function lostReasonsTable(rows: readonly LostReasonRow[], by: readonly string[]): TableData {
  return {
    title: 'Lost reasons',
    columns: [
      { key: 'period', kind: 'text' },
      ...by.map((field): Column => ({ key: field, kind: 'text' })),
      { key: 'reason', kind: 'text' },
      { key: 'count', kind: 'int', title: 'lost' },
      { key: 'share', kind: 'ratio' },
      { key: 'amount', kind: 'money' },
    ],
    // The same cells as the JSON summary, less the count of missing amounts (said in the notes).
    rows: rows.map((r) => {
      const { amounts_missing: _missing, ...cells } = lostReasonSummary(r, by);
      return cells as Row;
    }),
  };
}

function lostReasonSummary(r: LostReasonRow, by: readonly string[]): Record<string, unknown> {
  return {
    period: r.period.label,
    ...Object.fromEntries(by.map((field, i) => [field, r.group[i]])),
    reason: r.reason,
    count: r.count,
    share: r.share,
    amount: r.amount,
    amounts_missing: r.amountsMissing,
  };
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function methodNote(result: ConversionResult, asOf: Date, timezone: string): string {
  if (result.method === 'period') {
    return 'method: period — won and lost are deals closed in the period; conversion = won / leads created in the same period (it can exceed 100%).';
  }
  const window = result.windowDays === null ? '' : ` within ${plural(result.windowDays, 'day')} of creation`;
  return (
    `method: cohort — won and lost are leads of the period closed by ${formatDateTime(asOf, timezone)}${window}; ` +
    'conversion = won / leads; win rate, won amount and avg deal are over the same cohort.'
  );
}

export function conversionView(input: ConversionViewInput): Report {
  const { result, whole, asOf, timezone } = input;
  const by = result.by;
  const grouped = by.length > 0;
  const groupColumns = by.map((field): Column => ({ key: field, kind: 'text' }));

  const main: TableData = {
    title: `Conversion${grouped ? ` by ${by.join(' × ')}` : ''}, ${whole.label}${input.every ? ` by ${input.every}` : ''}`,
    columns: [...PERIOD_COLUMNS, ...groupColumns, ...FIGURE_COLUMNS],
    rows: result.rows.map((r) => ({
      ...periodCells(r.period),
      ...Object.fromEntries(by.map((field, i) => [field, r.group[i]])),
      ...figureCells(r),
    })),
    marks: result.rows.map(markOf),
  };

  const sections: TableData[] = [];
  const totalRow = (t: ConversionTotal): Row => ({
    ...periodCells(t.period),
    ...(grouped ? { [by[0] as string]: TOTAL_LABEL } : {}),
    ...figureCells(t),
  });
  const multiple = result.totals.length > 1;
  if (!grouped) {
    // The rows are the period totals already; the whole range goes underneath.
    if (multiple && result.overall) main.totals = totalRow(result.overall);
  } else if (!multiple) {
    const only = result.totals[0];
    if (only) main.totals = totalRow(only);
  } else {
    const perPeriod: TableData = {
      title: 'Totals per period',
      columns: [...PERIOD_COLUMNS, ...FIGURE_COLUMNS],
      rows: result.totals.map((t) => ({ ...periodCells(t.period), ...figureCells(t) })),
      marks: result.totals.map(markOf),
    };
    if (result.overall) perPeriod.totals = { ...periodCells(result.overall.period), ...figureCells(result.overall) };
    sections.push(perPeriod);
  }
  if (input.lostReasons) sections.push(lostReasonsTable(result.lostReasons, by));

  const notes: string[] = [methodNote(result, asOf, timezone)];
  if (!input.hasTargets) notes.push('no conversion target in the config (targets.conversion): status is empty.');

  // A period whose last day comes after the as-of day is still running: its figures are so far. An
  // as-of on the last day itself (23:59, or a bare date) counts as the end of the period.
  const today = localDate(asOf, timezone);
  const open = result.totals.filter((t) => today < t.period.endDate).map((t) => t.period.label);
  if (open.length > 0) {
    notes.push(`${open.join(', ')}: not over on the --as-of day ${today}; figures so far.`);
  }
  if (result.method === 'cohort' && result.windowDays !== null) {
    const young = result.totals.filter((t) => t.leads > 0 && addDaysToDate(t.period.endDate, result.windowDays as number) > today);
    if (young.length > 0) {
      notes.push(
        `${young.map((t) => t.period.label).join(', ')}: some leads are younger than the ${result.windowDays}-day window at --as-of; their cohort is not complete yet.`,
      );
    }
  }
  const closedNoDate = result.wonWithoutCloseDate + result.lostWithoutCloseDate;
  if (closedNoDate > 0) {
    const parts = [
      result.wonWithoutCloseDate > 0 ? `${result.wonWithoutCloseDate} won` : '',
      result.lostWithoutCloseDate > 0 ? `${result.lostWithoutCloseDate} lost` : '',
    ].filter((s) => s !== '');
    notes.push(
      `${parts.join(' and ')} ${closedNoDate === 1 ? 'deal has no close date: counted as a lead' : 'deals have no close date: counted as leads'}, left out of won/lost (see the warnings).`,
    );
  }
  const amountsMissing = result.totals.reduce((n, t) => n + t.amountsMissing, 0);
  if (amountsMissing > 0) {
    notes.push(`${plural(amountsMissing, 'won deal')} without an amount: left out of won amount and avg deal (summary.totals[].amounts_missing).`);
  }
  if (input.dealsFile) {
    const f = input.dealsFile;
    notes.push(`${f.file}: ${plural(f.rowsRead, 'row')} read = ${f.rowsUsed} used + ${f.rowsSkipped} skipped.`);
  }
  notes.push(...input.dataNotes);

  const summary: Record<string, unknown> = {
    method: result.method,
    window_days: result.windowDays,
    rows_read: input.dealsFile?.rowsRead ?? null,
    rows_used: input.dealsFile?.rowsUsed ?? null,
    rows_skipped: input.dealsFile?.rowsSkipped ?? null,
    won_without_close_date: result.wonWithoutCloseDate,
    lost_without_close_date: result.lostWithoutCloseDate,
    amounts_missing: amountsMissing,
    totals: result.totals.map(totalSummary),
    total: result.overall ? totalSummary(result.overall) : null,
  };
  if (input.lostReasons) summary.lost_reasons = result.lostReasons.map((r) => lostReasonSummary(r, by));

  return {
    command: 'conversion',
    asOf,
    params: input.params,
    main,
    sections,
    summary,
    warnings: [...input.diagnostics],
    notes,
    currency: input.currency,
    timezone,
  };
}
