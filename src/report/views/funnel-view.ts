// Lays out the funnel as a report: one row per pipeline stage (repeated per group with --by), the
// bottleneck and SLA breaches flagged, a bar chart of deals entering each stage, and notes on what
// was counted how. The first-response table is a report of its own. No computing beyond layout.
import type { Diagnostic } from '../../model/diagnostic.js';
import type { Period } from '../../model/period.js';
import type { FirstResponseResult, FunnelBlock, FunnelResult, FunnelStageRow } from '../../metrics/funnel.js';
import { formatDateTime, formatHours, machineHours } from '../format.js';
import type { Column, Report, Row, TableData } from '../report.js';
import { PERIOD_COLUMNS, periodCells } from './period-fields.js';

export interface FunnelViewInput {
  result: FunnelResult;
  period?: Period;
  /** `--pipeline`, when given. */
  pipeline?: string;
  by: readonly string[];
  asOf: Date;
  /** Data warnings from reading the files; the metric's own are added. */
  diagnostics: readonly Diagnostic[];
  notes: readonly string[];
  currency: string;
  timezone: string;
}

/** Widest bar, in characters. */
const BAR_WIDTH = 40;
const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/** A horizontal bar of `value / max` × BAR_WIDTH characters, in eighths; a non-zero value shows. */
export function bar(value: number, max: number): string {
  if (value <= 0 || max <= 0) return '';
  const eighths = Math.max(1, Math.round((value / max) * BAR_WIDTH * 8));
  return '█'.repeat(Math.floor(eighths / 8)) + EIGHTHS[eighths % 8];
}

// Funnel rows carry the period fields only when a period was asked (all time otherwise).
function periodColumns(period: Period | undefined): Column[] {
  return period ? [...PERIOD_COLUMNS] : [];
}

function periodCellsOf(period: Period | undefined): Row {
  return period ? periodCells(period) : {};
}

function flagsOf(block: FunnelBlock, s: FunnelStageRow): string[] {
  const flags: string[] = [];
  if (block.bottleneck === s.stage) flags.push('bottleneck');
  if ((s.slaBreaches ?? 0) > 0) flags.push('SLA');
  if (!s.configured) flags.push('not in config');
  return flags;
}

function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

function statNotes(result: FunnelResult): string[] {
  const s = result.stats;
  const notes: string[] = [];
  if (s.ties > 0) {
    notes.push(`${plural(s.ties, 'event')} ${s.ties === 1 ? 'shares' : 'share'} a timestamp with the previous event of the same deal: file order decides (first at ${s.tieExamples.join(', ')}).`);
  }
  if (s.outOfOrder > 0) notes.push(`${plural(s.outOfOrder, 'event')} came out of time order within a deal: sorted by time.`);
  if (s.collapsed > 0) notes.push(`${plural(s.collapsed, 'repeated stage row')} merged into the visit before (a repeat is not a re-entry).`);
  if (s.eventsAfterAsOf > 0) notes.push(`${plural(s.eventsAfterAsOf, 'event')} after --as-of ignored.`);
  if (s.unknownDeals > 0) {
    const skipped = s.unknownDealsSkipped > 0 ? `; ${s.unknownDealsSkipped} of them could not be placed in a configured pipeline and are left out` : '';
    notes.push(`${plural(s.unknownDealEvents, 'event')} of ${plural(s.unknownDeals, 'deal')} missing from the deals file: kept in the pipeline-wide rows, no manager${skipped} (see warnings).`);
  }
  for (const st of s.stagesNotInConfig) {
    notes.push(`stage "${st.stage}" of ${st.pipeline} is not in the config: ${plural(st.entries, 'entry', 'entries')}, ${plural(st.deals, 'deal')}; shown after the configured stages.`);
  }
  for (const p of s.pipelinesNotInConfig) notes.push(`pipeline "${p.pipeline}" is not in the config (no stage order): ${plural(p.deals, 'deal')} left out.`);
  if (s.dealsWithoutHistory > 0) notes.push(`${plural(s.dealsWithoutHistory, 'deal')} of the reported pipelines ${s.dealsWithoutHistory === 1 ? 'has' : 'have'} no stage history: not in the funnel.`);
  if (s.closedWithoutDate > 0) notes.push(`${plural(s.closedWithoutDate, 'closed deal')} without closed_at: the last stage's time is unknown, left out of durations and SLA.`);
  if (s.closedBeforeLastEntry > 0) notes.push(`${plural(s.closedBeforeLastEntry, 'deal')} closed before their last stage entry: that visit counts as 0 h.`);
  return notes;
}

export function funnelView(input: FunnelViewInput): Report {
  const { result, period, by } = input;
  const blocks = by.length > 0 ? result.groups : result.pipelines;
  const columns: Column[] = [
    ...periodColumns(period),
    { key: 'pipeline', kind: 'text' },
    ...by.map((f): Column => ({ key: f, kind: 'text' })),
    { key: 'stage', kind: 'text' },
    { key: 'entered', kind: 'int' },
    { key: 'moved_on', kind: 'int', title: 'moved on' },
    { key: 'conversion_to_next', kind: 'ratio', title: 'to next' },
    { key: 'lost_here', kind: 'int', title: 'lost here' },
    { key: 'median_hours', kind: 'hours', title: 'median' },
    { key: 'p90_hours', kind: 'hours', title: 'p90' },
    { key: 'mean_hours', kind: 'hours', title: 'mean' },
    { key: 'open_now', kind: 'int', title: 'open now' },
    { key: 'open_median_hours', kind: 'hours', title: 'open median' },
    { key: 'sla_days', kind: 'number', title: 'SLA days' },
    { key: 'sla_breaches', kind: 'int', title: 'SLA breaches' },
    { key: 'flags', kind: 'text' },
  ];
  const rows: Row[] = [];
  const marks: Array<'bad' | undefined> = [];
  for (const block of blocks) {
    for (const s of block.stages) {
      const flags = flagsOf(block, s);
      const row: Row = { ...periodCellsOf(period), pipeline: block.pipeline };
      by.forEach((f, i) => {
        row[f] = block.group[i];
      });
      Object.assign(row, {
        stage: s.stage,
        entered: s.entered,
        moved_on: s.movedOn,
        conversion_to_next: s.conversionToNext,
        lost_here: s.lostHere,
        median_hours: s.medianHours,
        p90_hours: s.p90Hours,
        mean_hours: s.meanHours,
        open_now: s.openNow,
        open_median_hours: s.openMedianHours,
        sla_days: s.slaDays,
        sla_breaches: s.slaBreaches,
        flags: flags.length > 0 ? flags.join(', ') : null,
      });
      rows.push(row);
      // Only the bottleneck gets the `!`: SLA breaches are common enough that marking them all would
      // mark nothing; the flags column names them.
      marks.push(flags.includes('bottleneck') ? 'bad' : undefined);
    }
  }
  const scope = period ? period.label : 'all time';
  const main: TableData = { title: `Funnel, ${scope}`, columns, rows, marks };

  // The funnel as bars: deals entering each configured stage, pipeline-wide.
  const sections: TableData[] = result.pipelines.map((block) => {
    const configured = block.stages.filter((s) => s.configured);
    const top = configured[0]?.entered ?? 0;
    const max = Math.max(0, ...configured.map((s) => s.entered));
    return {
      title: `${block.pipeline}: deals entering each stage`,
      columns: [
        { key: 'stage', kind: 'text' },
        { key: 'entered', kind: 'int' },
        { key: 'of_first', kind: 'ratio', title: 'of first' },
        { key: 'bar', kind: 'text', title: '' },
      ],
      rows: configured.map((s) => ({ stage: s.stage, entered: s.entered, of_first: top > 0 ? s.entered / top : null, bar: bar(s.entered, max) })),
    };
  });

  const bottleneckNotes = result.pipelines.map((block) => {
    const s = block.stages.find((r) => r.stage === block.bottleneck);
    return s
      ? `${block.pipeline}: bottleneck ${s.stage}, median ${formatHours(s.medianHours!)} in the stage (the slowest median of the configured stages).`
      : `${block.pipeline}: no bottleneck (no deal has finished a stage${period ? ' among those entering in the period' : ''}).`;
  });
  const notes = [
    ...input.notes,
    ...bottleneckNotes,
    period
      ? `entered: deals whose visit to the stage started in ${period.label} (${period.startDate}..${period.endDate}); moved on, lost here, durations and SLA breaches are over those deals.`
      : 'entered: deals that ever entered the stage (all time; --period narrows it to visits starting in a period).',
    'median/p90/mean: time in the stage of deals that have left it (re-entries add up); deals still there are in open now, with their time so far.',
    `open now is as of ${formatDateTime(input.asOf, input.timezone)}. ! marks the bottleneck; flags: SLA = some deals stayed longer than the stage's SLA days.`,
    ...statNotes(result),
  ];

  const s = result.stats;
  return {
    command: 'funnel',
    asOf: input.asOf,
    params: {
      period: period?.label ?? null,
      period_start: period?.startDate ?? null,
      period_end: period?.endDate ?? null,
      pipeline: input.pipeline ?? null,
      by: [...by],
    },
    main,
    sections,
    summary: {
      pipelines: result.pipelines.map((block) => {
        const bottleneck = block.stages.find((r) => r.stage === block.bottleneck);
        return {
          pipeline: block.pipeline,
          deals: block.deals,
          bottleneck: bottleneck?.stage ?? null,
          bottleneck_median_hours: bottleneck?.medianHours == null ? null : machineHours(bottleneck.medianHours),
          funnel: block.stages.filter((r) => r.configured).map((r) => ({ stage: r.stage, entered: r.entered })),
        };
      }),
      events: s.events,
      events_after_as_of: s.eventsAfterAsOf,
      out_of_order: s.outOfOrder,
      ties: s.ties,
      collapsed: s.collapsed,
      deals_without_history: s.dealsWithoutHistory,
      unknown_deals: s.unknownDeals,
      unknown_deal_events: s.unknownDealEvents,
      unknown_deals_skipped: s.unknownDealsSkipped,
      stages_not_in_config: s.stagesNotInConfig,
      pipelines_not_in_config: s.pipelinesNotInConfig,
      closed_without_date: s.closedWithoutDate,
      closed_before_last_entry: s.closedBeforeLastEntry,
    },
    warnings: [...input.diagnostics, ...result.diagnostics],
    notes,
    currency: input.currency,
    timezone: input.timezone,
  };
}

export interface FirstResponseViewInput {
  result: FirstResponseResult;
  period?: Period;
  pipeline?: string;
  asOf: Date;
  diagnostics: readonly Diagnostic[];
  notes: readonly string[];
  currency: string;
  timezone: string;
}

/** `--first-response`: per manager, hours from deal creation to the first stage change. */
export function firstResponseView(input: FirstResponseViewInput): Report {
  const { result, period } = input;
  const columns: Column[] = [
    ...periodColumns(period),
    { key: 'manager', kind: 'text' },
    { key: 'deals', kind: 'int' },
    { key: 'responded', kind: 'int' },
    { key: 'median_hours', kind: 'hours', title: 'median' },
    { key: 'p90_hours', kind: 'hours', title: 'p90' },
    { key: 'waiting', kind: 'int' },
  ];
  const toRow = (r: FirstResponseResult['total']): Row => ({
    ...periodCellsOf(period),
    manager: r.manager,
    deals: r.deals,
    responded: r.responded,
    median_hours: r.medianHours,
    p90_hours: r.p90Hours,
    waiting: r.waiting,
  });
  const scope = period ? period.label : 'all time';
  const notes = [
    ...input.notes,
    `deals: created ${period ? `in ${period.label}` : 'at any time'}${input.pipeline ? ` in pipeline ${input.pipeline}` : ''}, with a stage history. The first entry is the stage a deal was created in; the next one is its first change (a deal closed without one was answered at closed_at).`,
    `waiting: open deals still in their first stage as of ${formatDateTime(input.asOf, input.timezone)}.`,
  ];
  if (result.dealsWithoutHistory > 0) notes.push(`${plural(result.dealsWithoutHistory, 'deal')} without any stage history: left out.`);
  if (result.changeBeforeCreation > 0) notes.push(`${plural(result.changeBeforeCreation, 'deal')} changed stage before created_at: left out of the times.`);
  const total = result.total;
  return {
    command: 'funnel',
    asOf: input.asOf,
    params: {
      first_response: true,
      period: period?.label ?? null,
      period_start: period?.startDate ?? null,
      period_end: period?.endDate ?? null,
      pipeline: input.pipeline ?? null,
    },
    main: {
      title: `First response (creation → first stage change), ${scope}`,
      columns,
      rows: result.rows.map(toRow),
      totals: toRow(total),
    },
    summary: {
      total: {
        deals: total.deals,
        responded: total.responded,
        median_hours: total.medianHours === null ? null : machineHours(total.medianHours),
        p90_hours: total.p90Hours === null ? null : machineHours(total.p90Hours),
        waiting: total.waiting,
      },
      deals_without_history: result.dealsWithoutHistory,
      change_before_creation: result.changeBeforeCreation,
    },
    warnings: [...input.diagnostics],
    notes,
    currency: input.currency,
    timezone: input.timezone,
  };
}

/** The JSON summary of a block's bottleneck: the stage and its median hours, or nulls. */
export function bottleneckSummary(block: FunnelBlock): { bottleneck: string | null; bottleneck_median_hours: number | null } {
  const row = block.stages.find((s) => s.stage === block.bottleneck);
  return { bottleneck: row?.stage ?? null, bottleneck_median_hours: row?.medianHours == null ? null : machineHours(row.medianHours) };
}
