// Lays out the `doctor` findings as a report: files read (the main table, one row per file with
// its counts), then the checks, managers and stages. No computing here beyond choosing columns.
import type { DataQuality } from '../../metrics/data-quality.js';
import { formatDiagnostic, type Diagnostic } from '../../model/diagnostic.js';
import { localDate } from '../../model/period.js';
import type { Report, Row, TableData } from '../report.js';
import type { FileStats } from '../../model/diagnostic.js';

export interface DoctorViewInput {
  quality: DataQuality;
  files: readonly FileStats[];
  diagnostics: readonly Diagnostic[];
  notes: readonly string[];
  configFile: string;
  asOf: Date;
  currency: string;
  timezone: string;
}

const DELIMITER_NAMES: Record<string, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'pipe' };

export function doctorView(input: DoctorViewInput): Report {
  const { quality: q, timezone } = input;
  const files: TableData = {
    title: 'Files',
    columns: [
      { key: 'file', kind: 'text' },
      { key: 'encoding', kind: 'text' },
      { key: 'delimiter', kind: 'text' },
      { key: 'rows_read', kind: 'int', title: 'rows read' },
      { key: 'rows_used', kind: 'int', title: 'used' },
      { key: 'rows_skipped', kind: 'int', title: 'skipped' },
      { key: 'kept_with_warning', kind: 'int', title: 'kept with warning' },
    ],
    rows: input.files.map((f) => ({
      file: f.file,
      encoding: f.encoding,
      delimiter: DELIMITER_NAMES[f.delimiter] ?? f.delimiter,
      rows_read: f.rowsRead,
      rows_used: f.rowsUsed,
      rows_skipped: f.rowsSkipped,
      kept_with_warning: input.diagnostics.filter((d) => d.file === f.file && d.action === 'kept').length,
    })),
    marks: input.files.map((f) => (f.rowsSkipped > 0 ? 'bad' : undefined)),
  };

  const range = (r: { from: Date; to: Date } | undefined) => (r ? `${localDate(r.from, timezone)} .. ${localDate(r.to, timezone)}` : '');
  const check = (name: string, value: string | number, bad = false): Row & { bad: boolean } => ({ check: name, value: String(value), bad });
  const checkRows = [
    check('deals', `${q.deals.total} (open ${q.deals.open}, won ${q.deals.won}, lost ${q.deals.lost})`, q.deals.total === 0),
    check('created', range(q.createdRange)),
    check('closed', range(q.closedRange)),
    check('rows skipped', q.rowsSkipped, q.rowsSkipped > 0),
    check('rows kept with a warning', q.rowsKept, q.rowsKept > 0),
    check('duplicate deal ids', q.duplicateIds, q.duplicateIds > 0),
    check('closed before created', q.closedBeforeCreated, q.closedBeforeCreated > 0),
    check('won without a close date', q.wonWithoutCloseDate, q.wonWithoutCloseDate > 0),
    check(
      'deals in another currency (amounts left out)',
      Object.entries(q.otherCurrencies).map(([c, n]) => `${c} ${n}`).join(', ') || 0,
      Object.keys(q.otherCurrencies).length > 0,
    ),
    check('events for unknown deals', q.eventsForUnknownDeals, q.eventsForUnknownDeals > 0),
    check('pipelines not in the config', q.pipelinesNotInConfig.join(', ') || 0, q.pipelinesNotInConfig.length > 0),
    check('stages not in the config', q.stages.filter((s) => s.status === 'not in config').length, q.stages.some((s) => s.status === 'not in config')),
    check('config stages not in the data', q.stages.filter((s) => s.status === 'not in data').length),
    check('team members without deals', q.teamWithoutDeals.join(', ') || 0, q.teamWithoutDeals.length > 0),
    check('managers not on the team', q.managers.filter((m) => m.onTeam === false).length, q.managers.some((m) => m.onTeam === false)),
  ];
  const checks: TableData = {
    title: 'Checks',
    columns: [{ key: 'check', kind: 'text' }, { key: 'value', kind: 'text' }],
    rows: checkRows.map(({ check: c, value }) => ({ check: c, value })),
    marks: checkRows.map((r) => (r.bad ? 'bad' : undefined)),
  };
  const managers: TableData = {
    title: 'Managers',
    columns: [{ key: 'manager', kind: 'text' }, { key: 'deals', kind: 'int' }, { key: 'on_team', kind: 'text', title: 'on team' }],
    rows: q.managers.map((m) => ({ manager: m.manager, deals: m.deals, on_team: m.onTeam === null ? '' : m.onTeam ? 'yes' : 'no' })),
    marks: q.managers.map((m) => (m.onTeam === false ? 'bad' : undefined)),
  };
  const stages: TableData = {
    title: 'Pipelines and stages (data vs config)',
    columns: [
      { key: 'pipeline', kind: 'text' },
      { key: 'stage', kind: 'text' },
      { key: 'deals', kind: 'int', title: 'deals now' },
      { key: 'events', kind: 'int', title: 'entries' },
      { key: 'status', kind: 'text' },
    ],
    rows: q.stages.map((s) => ({ ...s })),
    marks: q.stages.map((s) => (s.status === 'not in config' ? 'bad' : undefined)),
  };

  const skipped = input.diagnostics.filter((d) => d.action === 'skipped');
  const rowsRead = input.files.reduce((n, f) => n + f.rowsRead, 0);
  const rowsUsed = input.files.reduce((n, f) => n + f.rowsUsed, 0);
  const notes = [
    ...input.notes,
    ...skipped.slice(0, 5).map((d) => `skipped: ${formatDiagnostic(d)}`),
    ...(skipped.length > 5 ? [`… and ${skipped.length - 5} more skipped rows (--format json lists all)`] : []),
    q.usable
      ? q.doubts.length > 0
        ? `usable: yes, but DOUBTFUL (config ${input.configFile}) — ${q.doubts.join('; ')}`
        : `usable: yes (config ${input.configFile})`
      : `usable: NO — ${q.unusableReason ?? 'no deal could be read'}`,
  ];
  return {
    command: 'doctor',
    asOf: input.asOf,
    params: { config: input.configFile },
    main: files,
    sections: [checks, managers, stages],
    summary: {
      usable: q.usable,
      doubts: q.doubts,
      rows_read: rowsRead,
      rows_used: rowsUsed,
      rows_skipped: rowsRead - rowsUsed,
      deals: q.deals,
      created_from: q.createdRange ? localDate(q.createdRange.from, timezone) : null,
      created_to: q.createdRange ? localDate(q.createdRange.to, timezone) : null,
      managers: managers.rows,
      stages: stages.rows,
      duplicate_ids: q.duplicateIds,
      closed_before_created: q.closedBeforeCreated,
      won_without_close_date: q.wonWithoutCloseDate,
      other_currencies: q.otherCurrencies,
      events_for_unknown_deals: q.eventsForUnknownDeals,
      unknown_deal_ids: q.unknownDealIds,
      pipelines_not_in_config: q.pipelinesNotInConfig,
      team_without_deals: q.teamWithoutDeals,
    },
    warnings: [...input.diagnostics],
    notes,
    currency: input.currency,
    timezone,
  };
}
