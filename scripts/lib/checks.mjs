// The benchmark's answer checks (scripts/bench.mjs): does another tool's result say what dealpulse's
// report says? dealpulse writes csv (conversion, funnel) or json (the rest); the SQL writes csv
// tables (duckdb-sql.mjs: the main one at `out`, more at `<out>.<table>.csv`). Each workload names
// the tables to compare: the rows' key, and each field with its kind, which sets the tolerance:
//   count  exactly equal integers
//   money  within half a cent (dealpulse rounds money to the minor unit; the SQL sums exactly)
//   ratio  within 1e-9 relative (both are binary floating point of the same exact ratio)
//   hours  within half a hundredth (dealpulse rounds hours to 2 decimals)
//   text   equal strings
//   csv    conversion / funnel: within the rounding of dealpulse's own text (as the bench always did)
import { existsSync, readFileSync } from 'node:fs';
import { parseCsv } from './csv.mjs';
import { tablePath } from './duckdb-sql.mjs';

const readCsvFile = (path) => parseCsv(readFileSync(path, 'utf8'));
const present = (v) => v !== null && v !== undefined && v !== '';

function equalValues(kind, a, b) {
  if (!present(a) && !present(b)) return true;
  if (!present(a) || !present(b)) return false;
  if (kind === 'text') return String(a) === String(b);
  const x = Number(a);
  const y = Number(b);
  if (!Number.isFinite(x) || !Number.isFinite(y)) return String(a) === String(b);
  switch (kind) {
    case 'count':
      return x === y;
    case 'money':
    case 'hours':
      return Math.abs(x - y) <= 0.005 + 1e-9;
    case 'ratio':
      return Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x));
    case 'csv': {
      // dealpulse rounds ratios to 6 decimals and hours / money to 2: compare within that.
      const digits = (String(a).split('.')[1] ?? '').length;
      return Math.abs(x - y) <= (0.5 * 10 ** -digits + 1e-9) * 1.0001;
    }
    default:
      throw new Error(`unknown field kind ${kind}`);
  }
}

/** Differences between two lists of rows, keyed by `key`; [] when they agree. */
function compareRows(table, key, fields, mine, theirs) {
  const keyOf = (r) => key.map((k) => r[k]).join(' / ');
  const other = new Map(theirs.map((r) => [keyOf(r), r]));
  const problems = [];
  const seen = new Set();
  for (const row of mine) {
    const k = keyOf(row);
    seen.add(k);
    const o = other.get(k);
    if (!o) {
      problems.push(`${table} ${k}: missing in the other result`);
      continue;
    }
    for (const [field, kind] of Object.entries(fields)) {
      if (!equalValues(kind, row[field], o[field])) problems.push(`${table} ${k} ${field}: dealpulse ${present(row[field]) ? row[field] : '(empty)'}, other ${present(o[field]) ? o[field] : '(empty)'}`);
    }
  }
  for (const k of other.keys()) if (!seen.has(k)) problems.push(`${table} ${k}: only in the other result`);
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Per workload: [table, key, fields, dealpulse rows (from its output file), other rows (from the SQL's files)]

const json = (file) => JSON.parse(readFileSync(file, 'utf8'));
const sqlTable = (out, name) => (name === null ? readCsvFile(out) : existsSync(tablePath(out, name)) ? readCsvFile(tablePath(out, name)) : []);

const ZOMBIE_FIELDS = { zombies: 'count', amount_at_risk: 'money', parked: 'count', parked_amount: 'money' };

const WORKLOADS = {
  conversion: (mine, out) => [['rows', ['period', 'manager'], Object.fromEntries(['leads', 'won', 'lost', 'conversion', 'win_rate', 'won_amount', 'avg_deal'].map((f) => [f, 'csv'])), readCsvFile(mine), readCsvFile(out)]],
  funnel: (mine, out) => [
    ['rows', ['pipeline', 'stage'], Object.fromEntries(['entered', 'median_hours', 'p90_hours', 'mean_hours', 'open_now', 'open_median_hours', 'sla_breaches'].map((f) => [f, 'csv'])), readCsvFile(mine), readCsvFile(out)],
  ],
  zombies: (mine, out) => {
    const s = json(mine).summary;
    return [
      ['by_manager', ['manager'], ZOMBIE_FIELDS, s.by_manager, sqlTable(out, null)],
      [
        'totals',
        [],
        { open_deals: 'count', zombies: 'count', amount_at_risk: 'money', parked: 'count', parked_amount: 'money', age: 'count', stuck: 'count', silent: 'count', overdue: 'count' },
        [{ open_deals: s.open_deals, zombies: s.zombies, amount_at_risk: s.amount_at_risk, parked: s.parked_count, parked_amount: s.parked_amount, ...s.reasons }],
        sqlTable(out, 'totals'),
      ],
    ];
  },
  commission: (mine, out) => [
    [
      'rows',
      ['manager'],
      { quota: 'money', base_total: 'money', attained: 'money', attainment: 'ratio', commission: 'money', bonus: 'money', cap_adjustment: 'money', payout: 'money', deals: 'count', pending: 'count', pending_base: 'money' },
      json(mine).rows,
      sqlTable(out, null),
    ],
  ],
  report: (mine, out) => {
    const s = json(mine).summary;
    const h = s.headline;
    return [
      ['headline', ['kind'], { leads: 'count', won: 'count', conversion: 'ratio', won_amount: 'money', avg_deal: 'money' }, [{ kind: 'current', ...h.current }, { kind: 'previous', ...h.previous }], sqlTable(out, 'headline')],
      ['trend', ['period_start'], { leads: 'count', won: 'count', conversion: 'ratio' }, s.trend, sqlTable(out, 'trend')],
      ['conversion', ['manager'], { leads: 'count', won: 'count', lost: 'count' }, s.conversion.rows, sqlTable(out, 'conversion')],
      ['funnel', ['pipeline', 'stage'], { entered: 'count', open_now: 'count' }, s.funnel.flatMap((p) => p.stages.map((st) => ({ pipeline: p.pipeline, ...st }))), sqlTable(out, 'funnel')],
      ['zombies', ['manager'], ZOMBIE_FIELDS, s.zombies.by_manager, sqlTable(out, 'zombies')],
      ['commission', ['manager'], { attainment: 'ratio', deals: 'count', pending: 'count' }, s.commission.managers, sqlTable(out, 'commission')],
      [
        'quality',
        [],
        { total: 'count', open: 'count', won: 'count', lost: 'count', duplicate_ids: 'count', closed_before_created: 'count', won_without_close_date: 'count', events_for_unknown_deals: 'count' },
        [{ ...s.quality.deals, ...s.quality }],
        sqlTable(out, null),
      ],
    ];
  },
  doctor: (mine, out) => {
    const j = json(mine);
    const s = j.summary;
    return [
      // dealpulse's rows are its files in the config's order: deals, then history.
      ['files', ['file'], { rows_read: 'count' }, j.rows.map((r, i) => ({ file: i === 0 ? 'deals' : 'history', rows_read: r.rows_read })), sqlTable(out, 'files')],
      [
        'summary',
        [],
        { total: 'count', open: 'count', won: 'count', lost: 'count', created_from: 'text', created_to: 'text', duplicate_ids: 'count', closed_before_created: 'count', won_without_close_date: 'count', events_for_unknown_deals: 'count' },
        [{ ...s.deals, ...s }],
        sqlTable(out, null),
      ],
      ['managers', ['manager'], { deals: 'count' }, s.managers, sqlTable(out, 'managers')],
      // Configured stages that are in no data are dealpulse's only ("not in data"): left out.
      ['stages', ['pipeline', 'stage'], { deals: 'count', events: 'count' }, s.stages.filter((st) => st.status !== 'not in data'), sqlTable(out, 'stages')],
    ];
  },
};

export const CHECKED_WORKLOADS = Object.keys(WORKLOADS);

/**
 * Compares dealpulse's output file `mine` with the SQL's output `out` (and its extra tables):
 * { problems: [...], tables: ['rows 600', …] } (table names with their row counts).
 */
export function compareOutputs(workload, mine, out) {
  const tables = WORKLOADS[workload](mine, out);
  const problems = [];
  for (const [table, key, fields, a, b] of tables) {
    if (b.length === 0 && a.length > 0) {
      problems.push(`${table}: the other result has no rows`);
      continue;
    }
    problems.push(...compareRows(table, key, fields, a, b));
  }
  // Each table with the number of dealpulse's rows compared, so that "agrees" never means "both empty".
  return { problems, tables: tables.map(([table, , , a]) => `${table} ${a.length}`) };
}
