#!/usr/bin/env node
// The benchmark (issue 9, docs/PERFORMANCE.md): dealpulse against DuckDB (and sqlite3 when it is on
// PATH) on the same synthetic export, same machine, same run. `npm run bench` builds first.
//
//   node scripts/bench.mjs [--sizes 100k,1m] [--runs 5] [--workloads conversion,funnel]
//                          [--tools dealpulse,duckdb,sqlite] [--json FILE] [--keep DIR]
//                          [--rss auto|time|preload] [--no-check] [--at-time-zone]
//   node scripts/bench.mjs --big-deals [--runs N] [--json FILE]   (a 2 GB deals file: bench-big-deals.mjs)
//
// For each size: generate the data set when missing (scripts/generate-bench.mjs, seeded), read the
// files once so they are in the page cache, then `--runs` rounds; in each round every workload is
// run once by every tool, the tools' order rotating from round to round (alternating runs, so that
// a slow patch of the machine hits everybody). Each run is a child process; wall time is measured
// here around spawn → exit, peak RSS and CPU seconds by the kernel (see `RSS` below). Then a table
// of medians (min, max), peak RSS, the ratio to DuckDB's median of the same run (and best run over
// DuckDB's best run, steadier on a busy machine), median CPU seconds, the 1m/100k scaling, and a
// check that every SQL result has the same figures as dealpulse's report.
//
// Workloads (the SQL equivalents are explained in docs/PERFORMANCE.md):
//   conversion  dealpulse conversion --period 2025 --every month --by manager --format csv --as-of 2026-01-01
//               = leads / won / lost / won amount per month × manager, SPEC §4 period method
//   funnel      dealpulse funnel --format csv --as-of 2026-01-01
//               = per pipeline stage: entered, median / p90 / mean hours of finished stays, open now
// If the build has no `conversion` / `funnel` command yet, dealpulse runs `doctor` (which reads the
// same files) and the row says "doctor (stand-in)"; it switches by itself once the command exists.
//
// RSS. With GNU time (`/usr/bin/time -v -o FILE`, Linux) the peak RSS is the kernel's ru_maxrss of
// the child, for any program (node, sqlite3). Without it (macOS, Alpine) the node children are
// started with `--import` of a tiny module that writes process.resourceUsage().maxRSS at exit;
// sqlite3's RSS is then not measured. `--rss time|preload` forces one of them.
//
// Internal: `node scripts/bench.mjs --child duckdb SQLFILE` runs one DuckDB workload (2 threads).
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { ensureData } from './lib/bench-data.mjs';
import { gnuTimeWorks, measure } from './lib/measure.mjs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DEALPULSE = join(ROOT, 'bin', 'dealpulse.js');
const PERIOD = '2025';
const AS_OF = '2026-01-01';
const DUCKDB_HINT = 'DuckDB not installed (@duckdb/node-api is a dev dependency: npm ci installs it)';

// ---------------------------------------------------------------------------------------------
// Small helpers

const log = (m = '') => process.stderr.write(`${m}\n`);
const sqlText = (s) => `'${String(s).replace(/'/g, "''")}'`;
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  if (n === 0) return null;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
};
const fmt = (x, digits = 2) => (x === null || x === undefined || Number.isNaN(x) ? '–' : x.toFixed(digits));

function parseArgs(argv) {
  const args = { sizes: ['100k', '1m'], runs: 5, workloads: ['conversion', 'funnel'], tools: ['dealpulse', 'duckdb', 'sqlite'], json: undefined, keep: undefined, rss: 'auto', check: true, atTimeZone: false };
  const list = (v) => v.split(',').map((s) => s.trim()).filter(Boolean);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--sizes') args.sizes = list(value());
    else if (a === '--runs') args.runs = Number(value());
    else if (a === '--workloads') args.workloads = list(value());
    else if (a === '--tools') args.tools = list(value());
    else if (a === '--json') args.json = resolve(value());
    else if (a === '--keep') args.keep = resolve(value());
    else if (a === '--rss') args.rss = value();
    else if (a === '--no-check') args.check = false;
    else if (a === '--at-time-zone') args.atTimeZone = true;
    else if (a === '--big-deals') args.bigDeals = true;
    else if (a === '--help' || a === '-h') args.help = true;
    else throw new Error(`unknown argument ${a} (try --help)`);
  }
  if (!Number.isInteger(args.runs) || args.runs < 1) throw new Error('--runs: expected a whole number ≥ 1');
  for (const w of args.workloads) if (!['conversion', 'funnel'].includes(w)) throw new Error(`--workloads: unknown workload ${w} (conversion, funnel)`);
  for (const t of args.tools) if (!['dealpulse', 'duckdb', 'sqlite'].includes(t)) throw new Error(`--tools: unknown tool ${t} (dealpulse, duckdb, sqlite)`);
  if (!['auto', 'time', 'preload'].includes(args.rss)) throw new Error('--rss: expected auto, time or preload');
  return args;
}

// ---------------------------------------------------------------------------------------------
// The config of a data set, as the SQL needs it

async function readConfig(kpiPath) {
  // `yaml` is one of dealpulse's own dependencies.
  const { parse } = await import('yaml');
  const raw = parse(readFileSync(kpiPath, 'utf8'));
  const dir = resolve(kpiPath, '..');
  const deals = raw.data.deals;
  const history = raw.data.history;
  const pipelines = Object.entries(raw.pipelines ?? {}).map(([name, p]) => ({
    name,
    stages: p.stages,
    won: p.won ?? [],
    lost: p.lost ?? [],
    sla: p.sla_days ?? {},
  }));
  const won = [...new Set([...(deals.status?.won ?? []), ...pipelines.flatMap((p) => p.won)])];
  const lost = [...new Set([...(deals.status?.lost ?? []), ...pipelines.flatMap((p) => p.lost)])];
  return {
    timezone: raw.timezone ?? 'UTC',
    dealsPath: resolve(dir, deals.path),
    historyPath: resolve(dir, history.path),
    pipelines,
    won,
    lost,
  };
}

/** Month starts of --period 2025 (the rows of --every month), as 'YYYY-MM'. */
function monthsOf(year) {
  return Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);
}
const nextDay = (day) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

// ---------------------------------------------------------------------------------------------
// Time zones in SQL
//
// The files hold wall-clock times of the config's zone (that is how dealpulse reads them); both
// engines read them as zone-less timestamps / text.
// - Months (conversion): periods are cut by local wall-clock time (SPEC §3), so the local month of
//   a deal is the month of its wall-clock timestamp: exact in any zone, no conversion needed.
// - Durations (funnel): elapsed time between two wall-clock times equals their difference unless
//   the zone's UTC offset changes in between (DST). `fixedOffset()` checks the zone over the ten
//   years before --as-of: when the offset never changes (Europe/Moscow since 2014, UTC, Asia/…),
//   plain differences are exact and are what an analyst would write, so that is what runs — the
//   strongest honest baseline. Otherwise (or with --at-time-zone) every time is first made an
//   instant: DuckDB `ts AT TIME ZONE '<zone>'` (ICU, session `SET TimeZone`), sqlite
//   `unixepoch(ts, 'utc')` with TZ=<zone> in the sqlite3 process's environment.
// `--at-time-zone` also makes DuckDB's conversion go through instants (date_trunc in the session
// zone), to show what that costs; the figures do not change.

/** True when `zone` has one UTC offset over the ten years up to `asOfDay`. */
function fixedOffset(zone, asOfDay) {
  const fmt = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' });
  const end = Date.parse(`${nextDay(asOfDay)}T00:00:00Z`);
  let seen;
  for (let t = end - 10 * 366 * 86_400_000; t <= end; t += 86_400_000 / 2) {
    const offset = fmt.formatToParts(new Date(t)).find((p) => p.type === 'timeZoneName')?.value;
    if (seen === undefined) seen = offset;
    else if (offset !== seen) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// DuckDB SQL

const DEALS_COLUMNS = `{'id': 'BIGINT', 'title': 'VARCHAR', 'manager': 'VARCHAR', 'pipeline': 'VARCHAR', 'stage': 'VARCHAR', 'amount': 'DECIMAL(18,2)', 'margin': 'DECIMAL(18,2)', 'created_at': 'TIMESTAMP', 'closed_at': 'TIMESTAMP', 'expected_close_at': 'DATE', 'last_activity_at': 'TIMESTAMP', 'source': 'VARCHAR', 'lost_reason': 'VARCHAR'}`;
const HISTORY_COLUMNS = `{'deal_id': 'BIGINT', 'stage': 'VARCHAR', 'entered_at': 'TIMESTAMP'}`;
const csvOptions = (columns) => `header = true, delim = ',', quote = '"', escape = '"', timestampformat = '%Y-%m-%d %H:%M:%S', dateformat = '%Y-%m-%d', columns = ${columns}`;
const inList = (names) => (names.length ? names.map(sqlText).join(', ') : 'NULL');

function duckdbPrelude(cfg) {
  return [`SET threads = 2`, `SET TimeZone = ${sqlText(cfg.timezone)}`];
}

function duckdbConversion(cfg, out, { instants }) {
  const tz = sqlText(cfg.timezone);
  const months = monthsOf(PERIOD);
  const literal = (text) => (instants ? `TIMESTAMP '${text}' AT TIME ZONE ${tz}` : `TIMESTAMP '${text}'`);
  const time = (column) => (instants ? `${column} AT TIME ZONE ${tz}` : column);
  const from = literal(`${PERIOD}-01-01 00:00:00`);
  const to = literal(`${Number(PERIOD) + 1}-01-01 00:00:00`);
  return [
    ...duckdbPrelude(cfg),
    `COPY (
  WITH d AS MATERIALIZED (
    SELECT manager, stage IN (${inList(cfg.won)}) AS is_won, stage IN (${inList(cfg.lost)}) AS is_lost, amount,
           ${time('created_at')} AS created, ${time('closed_at')} AS closed
    FROM read_csv(${sqlText(cfg.dealsPath)}, ${csvOptions(DEALS_COLUMNS)})
  ),
  facts AS (
    SELECT strftime(date_trunc('month', created), '%Y-%m') AS period, manager, 1 AS lead, 0 AS won, 0 AS lost, NULL::DECIMAL(18,2) AS won_amount
    FROM d WHERE created >= ${from} AND created < ${to}
    UNION ALL
    SELECT strftime(date_trunc('month', closed), '%Y-%m'), manager, 0, is_won::INT, is_lost::INT, CASE WHEN is_won THEN amount END
    FROM d WHERE (is_won OR is_lost) AND closed >= ${from} AND closed < ${to}
  ),
  agg AS (
    SELECT period, manager, sum(lead) AS leads, sum(won) AS won, sum(lost) AS lost, sum(won_amount) AS won_amount, count(won_amount) AS won_with_amount
    FROM facts GROUP BY period, manager
  ),
  grid AS (
    SELECT m.period, g.manager FROM (VALUES ${months.map((m) => `(${sqlText(m)})`).join(', ')}) m(period), (SELECT DISTINCT manager FROM agg) g
  )
  SELECT grid.period, grid.manager,
         coalesce(leads, 0) AS leads, coalesce(won, 0) AS won, coalesce(lost, 0) AS lost,
         won / nullif(leads, 0) AS conversion, won / nullif(won + lost, 0) AS win_rate,
         coalesce(won_amount, 0) AS won_amount, won_amount / nullif(won_with_amount, 0) AS avg_deal
  FROM grid LEFT JOIN agg USING (period, manager)
  ORDER BY grid.period, grid.manager
) TO ${sqlText(out)} (HEADER, DELIMITER ',')`,
  ];
}

/** (pipeline, stage, kind, pipeline position, stage position, sla days) rows of the config. */
function stageTable(cfg) {
  const rows = [];
  cfg.pipelines.forEach((p, pi) => {
    p.stages.forEach((s, si) => rows.push([p.name, s, 'work', pi, si, p.sla[s] ?? null]));
    for (const s of p.won) rows.push([p.name, s, 'won', pi, null, null]);
    for (const s of p.lost) rows.push([p.name, s, 'lost', pi, null, null]);
  });
  return rows.map((r) => `(${r.map((v) => (v === null ? 'NULL' : typeof v === 'number' ? String(v) : sqlText(v))).join(', ')})`).join(',\n    ');
}

/**
 * The funnel's per-stage durations (SPEC §4): per deal, entries ordered by time; a visit runs to
 * the deal's next entry (lead()), the last one to closed_at when the deal is closed by --as-of,
 * else it is open and runs to --as-of; won / lost entries end visits and start none; a deal's time
 * in a stage is the sum of its visits; durations are over deals whose visits are all finished.
 */
function duckdbFunnel(cfg, out, { instants }) {
  const tz = sqlText(cfg.timezone);
  const ms = (column) => (instants ? `epoch_ms(${column} AT TIME ZONE ${tz})` : `epoch_ms(${column})`);
  // --as-of 2026-01-01 is the end of that day in the zone: the next midnight minus 1 ms.
  const asOf = `(${ms(`TIMESTAMP '${nextDay(AS_OF)} 00:00:00'`)} - 1)`;
  return [
    ...duckdbPrelude(cfg),
    `CREATE TEMP TABLE cfg AS SELECT * FROM (VALUES
    ${stageTable(cfg)}
  ) t(pipeline, stage, kind, pipeline_pos, pos, sla_days)`,
    `COPY (
  WITH d AS (
    SELECT id, pipeline,
           CASE WHEN stage IN (${inList(cfg.won)}) THEN 'won' WHEN stage IN (${inList(cfg.lost)}) THEN 'lost' ELSE 'open' END AS status,
           ${ms('closed_at')} AS closed_ms
    FROM read_csv(${sqlText(cfg.dealsPath)}, ${csvOptions(DEALS_COLUMNS)})
  ),
  e AS (
    SELECT * FROM (
      SELECT deal_id, stage, ${ms('entered_at')} AS t
      FROM read_csv(${sqlText(cfg.historyPath)}, ${csvOptions(HISTORY_COLUMNS)})
    ) WHERE t <= ${asOf}
  ),
  w AS (
    SELECT deal_id, stage, t, lead(t) OVER (PARTITION BY deal_id ORDER BY t) AS next_t FROM e
  ),
  visits AS (
    SELECT d.pipeline, w.stage, w.deal_id, c.pipeline_pos, c.pos, c.sla_days,
           CASE WHEN next_t IS NOT NULL THEN next_t - t
                WHEN status = 'open' OR closed_ms > ${asOf} THEN ${asOf} - t
                WHEN closed_ms IS NULL THEN NULL
                ELSE greatest(closed_ms - t, 0) END / 3600000.0 AS hours,
           next_t IS NULL AND (status = 'open' OR closed_ms > ${asOf}) AS open,
           next_t IS NULL AND status <> 'open' AND closed_ms IS NULL AS unknown_end
    FROM w JOIN d ON d.id = w.deal_id
    LEFT JOIN cfg c ON c.pipeline = d.pipeline AND c.stage = w.stage
    WHERE coalesce(c.kind, 'work') = 'work'
  ),
  per_deal AS (
    SELECT pipeline, stage, deal_id, any_value(pipeline_pos) AS pipeline_pos, any_value(pos) AS pos, any_value(sla_days) AS sla_days,
           sum(hours) AS hours, bool_or(open) AS open, bool_or(unknown_end) AS unknown_end
    FROM visits GROUP BY pipeline, stage, deal_id
  )
  SELECT pipeline, stage, count(*) AS entered,
         count(*) FILTER (WHERE NOT open AND NOT unknown_end) AS finished,
         quantile_cont(hours, 0.5) FILTER (WHERE NOT open AND NOT unknown_end) AS median_hours,
         quantile_cont(hours, 0.9) FILTER (WHERE NOT open AND NOT unknown_end) AS p90_hours,
         avg(hours) FILTER (WHERE NOT open AND NOT unknown_end) AS mean_hours,
         count(*) FILTER (WHERE open) AS open_now,
         quantile_cont(hours, 0.5) FILTER (WHERE open) AS open_median_hours,
         any_value(sla_days) AS sla_days,
         CASE WHEN any_value(sla_days) IS NOT NULL THEN count(*) FILTER (WHERE NOT unknown_end AND hours > sla_days * 24) END AS sla_breaches
  FROM per_deal
  GROUP BY pipeline, stage
  ORDER BY any_value(pipeline_pos) NULLS LAST, pipeline, any_value(pos) NULLS LAST, stage
) TO ${sqlText(out)} (HEADER, DELIMITER ',')`,
  ];
}

// ---------------------------------------------------------------------------------------------
// sqlite3 SQL
//
// `.import --csv` into typed tables (empty cells arrive as '', hence the NULLIFs); times stay text.
// Local months are the first 7 characters of the wall-clock text. Instants (see "Time zones"):
// unixepoch(t) of the wall-clock text when the zone's offset is fixed, else unixepoch(t, 'utc'),
// which reads t as local time of the process's TZ (the child runs with TZ=<zone>). sqlite has no
// percentile function (before 3.47): linear interpolation between order statistics, by hand.

function sqliteTables() {
  return [
    `CREATE TABLE deals(id INTEGER, title TEXT, manager TEXT, pipeline TEXT, stage TEXT, amount NUMERIC, margin NUMERIC, created_at TEXT, closed_at TEXT, expected_close_at TEXT, last_activity_at TEXT, source TEXT, lost_reason TEXT);`,
  ];
}

function sqliteConversion(cfg, out) {
  const months = monthsOf(PERIOD);
  const from = `${PERIOD}-01-01`;
  const to = `${Number(PERIOD) + 1}-01-01`;
  return [
    '.bail on',
    ...sqliteTables(),
    `.import --csv --skip 1 ${sqliteDotArg(cfg.dealsPath)} deals`,
    `.headers on`,
    `.mode csv`,
    `.once ${sqliteDotArg(out)}`,
    `WITH d AS (
  SELECT manager, stage IN (${inList(cfg.won)}) AS is_won, stage IN (${inList(cfg.lost)}) AS is_lost,
         CAST(round(NULLIF(amount, '') * 100) AS INTEGER) AS cents, created_at, NULLIF(closed_at, '') AS closed_at
  FROM deals
),
facts AS (
  SELECT substr(created_at, 1, 7) AS period, manager, 1 AS lead, 0 AS won, 0 AS lost, NULL AS cents FROM d WHERE created_at >= '${from}' AND created_at < '${to}'
  UNION ALL
  SELECT substr(closed_at, 1, 7), manager, 0, is_won, is_lost, CASE WHEN is_won THEN cents END FROM d WHERE (is_won OR is_lost) AND closed_at >= '${from}' AND closed_at < '${to}'
),
agg AS (
  SELECT period, manager, sum(lead) AS leads, sum(won) AS won, sum(lost) AS lost, sum(cents) AS cents, count(cents) AS won_with_amount FROM facts GROUP BY period, manager
),
months(period) AS (VALUES ${months.map((m) => `('${m}')`).join(', ')}),
grid AS (SELECT months.period, g.manager FROM months, (SELECT DISTINCT manager FROM agg) g)
SELECT grid.period, grid.manager, coalesce(leads, 0) AS leads, coalesce(won, 0) AS won, coalesce(lost, 0) AS lost,
       1.0 * won / NULLIF(leads, 0) AS conversion, 1.0 * won / NULLIF(won + lost, 0) AS win_rate,
       coalesce(cents, 0) / 100.0 AS won_amount, cents / 100.0 / NULLIF(won_with_amount, 0) AS avg_deal
FROM grid LEFT JOIN agg USING (period, manager)
ORDER BY grid.period, grid.manager;`,
  ];
}

function sqliteFunnel(cfg, out, { instants }) {
  const ms = (value) => (instants ? `unixepoch(${value}, 'utc') * 1000` : `unixepoch(${value}) * 1000`);
  const asOf = `(${ms(`'${nextDay(AS_OF)}'`)} - 1)`;
  const at = (p, cls, k) => `max(CASE WHEN cls = '${cls}' AND rn = min(CAST(${p} * (n - 1) AS INTEGER) + ${k}, n) THEN hours END)`;
  const frac = (p, cls) => `max(CASE WHEN cls = '${cls}' THEN ${p} * (n - 1) - CAST(${p} * (n - 1) AS INTEGER) END)`;
  const quantile = (p, cls, name) => `${at(p, cls, 1)} + (${at(p, cls, 2)} - ${at(p, cls, 1)}) * ${frac(p, cls)} AS ${name}`;
  return [
    '.bail on',
    ...sqliteTables(),
    `CREATE TABLE history(deal_id INTEGER, stage TEXT, entered_at TEXT);`,
    `.import --csv --skip 1 ${sqliteDotArg(cfg.dealsPath)} deals`,
    `.import --csv --skip 1 ${sqliteDotArg(cfg.historyPath)} history`,
    `CREATE TABLE cfg(pipeline TEXT, stage TEXT, kind TEXT, pipeline_pos INTEGER, pos INTEGER, sla_days REAL);`,
    `INSERT INTO cfg VALUES ${stageTable(cfg)};`,
    `.headers on`,
    `.mode csv`,
    `.once ${sqliteDotArg(out)}`,
    `WITH d AS (
  SELECT id, pipeline,
         CASE WHEN stage IN (${inList(cfg.won)}) THEN 'won' WHEN stage IN (${inList(cfg.lost)}) THEN 'lost' ELSE 'open' END AS status,
         ${ms(`NULLIF(closed_at, '')`)} AS closed_ms
  FROM deals
),
e AS (SELECT deal_id, stage, ${ms('entered_at')} AS t FROM history),
w AS (SELECT deal_id, stage, t, lead(t) OVER (PARTITION BY deal_id ORDER BY t) AS next_t FROM e WHERE t <= ${asOf}),
visits AS (
  SELECT d.pipeline, w.stage, w.deal_id, c.pipeline_pos, c.pos, c.sla_days,
         (CASE WHEN next_t IS NOT NULL THEN next_t - t
               WHEN status = 'open' OR closed_ms > ${asOf} THEN ${asOf} - t
               WHEN closed_ms IS NULL THEN NULL
               ELSE max(closed_ms - t, 0) END) / 3600000.0 AS hours,
         next_t IS NULL AND (status = 'open' OR closed_ms > ${asOf}) AS open,
         next_t IS NULL AND status <> 'open' AND closed_ms IS NULL AS unknown_end
  FROM w JOIN d ON d.id = w.deal_id
  LEFT JOIN cfg c ON c.pipeline = d.pipeline AND c.stage = w.stage
  WHERE coalesce(c.kind, 'work') = 'work'
),
per_deal AS (
  SELECT pipeline, stage, deal_id, max(pipeline_pos) AS pipeline_pos, max(pos) AS pos, max(sla_days) AS sla_days, sum(hours) AS hours,
         CASE WHEN max(unknown_end) THEN 'unknown' WHEN max(open) THEN 'open' ELSE 'finished' END AS cls,
         max(unknown_end) AS unknown_end
  FROM visits GROUP BY pipeline, stage, deal_id
),
ranked AS (
  SELECT *, row_number() OVER (PARTITION BY pipeline, stage, cls ORDER BY hours) AS rn, count(*) OVER (PARTITION BY pipeline, stage, cls) AS n FROM per_deal
)
SELECT pipeline, stage, count(*) AS entered,
       sum(cls = 'finished') AS finished,
       ${quantile(0.5, 'finished', 'median_hours')},
       ${quantile(0.9, 'finished', 'p90_hours')},
       avg(CASE WHEN cls = 'finished' THEN hours END) AS mean_hours,
       sum(cls = 'open') AS open_now,
       ${quantile(0.5, 'open', 'open_median_hours')},
       max(sla_days) AS sla_days,
       CASE WHEN max(sla_days) IS NOT NULL THEN sum(NOT unknown_end AND hours > sla_days * 24) END AS sla_breaches
FROM ranked
GROUP BY pipeline, stage
ORDER BY max(pipeline_pos) IS NULL, max(pipeline_pos), pipeline, max(pos) IS NULL, max(pos), stage;`,
  ];
}

/** A file name as an argument of a sqlite3 dot-command. */
function sqliteDotArg(path) {
  return `"${path.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

// ---------------------------------------------------------------------------------------------
// The DuckDB child: node scripts/bench.mjs --child duckdb SQLFILE

/**
 * The entry file of @duckdb/node-api, a dev dependency; absent after `npm ci --omit=dev` or on a
 * platform without its binary package, and then the bench goes on without DuckDB.
 */
function resolveDuckDB(request = '@duckdb/node-api') {
  try {
    return createRequire(join(ROOT, 'package.json')).resolve(request);
  } catch {
    return undefined;
  }
}

async function loadDuckDB() {
  const entry = resolveDuckDB();
  if (!entry) return undefined;
  try {
    return await import(pathToFileURL(entry).href);
  } catch (err) {
    log(`bench: @duckdb/node-api is installed but does not load: ${err.message}`);
    return undefined;
  }
}

async function duckdbChild(sqlFile) {
  const duckdb = await loadDuckDB();
  if (!duckdb) {
    log(DUCKDB_HINT);
    return 3;
  }
  const statements = JSON.parse(readFileSync(sqlFile, 'utf8'));
  const instance = await duckdb.DuckDBInstance.create(':memory:', { threads: '2' });
  const connection = await instance.connect();
  for (const sql of statements) await connection.run(sql);
  connection.closeSync?.();
  instance.closeSync?.();
  return 0;
}

// ---------------------------------------------------------------------------------------------
// Running and measuring one child

// ---------------------------------------------------------------------------------------------
// Tools

/** Does the built CLI have this command? (the compiled file exists and `--help` works) */
function hasCommand(name) {
  if (!existsSync(join(ROOT, 'dist', 'cli', 'commands', `${name}.js`))) return false;
  const r = spawnSync(process.execPath, [DEALPULSE, name, '--help'], { stdio: 'ignore', cwd: ROOT });
  return r.status === 0;
}

function sqliteVersion() {
  const r = spawnSync('sqlite3', ['-version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) return undefined;
  return r.stdout.trim().split(' ')[0];
}

function dealpulseJob(workload, real, kpi, out) {
  const common = ['--config', kpi, '--as-of', AS_OF, '--format', 'csv', '--out', out];
  if (!real) return { label: 'doctor (stand-in)', args: [DEALPULSE, 'doctor', '--config', kpi, '--as-of', AS_OF, '--format', 'csv', '--out', out] };
  if (workload === 'conversion') return { label: 'conversion', args: [DEALPULSE, 'conversion', ...common, '--period', PERIOD, '--every', 'month', '--by', 'manager'] };
  return { label: 'funnel', args: [DEALPULSE, 'funnel', ...common] };
}

// ---------------------------------------------------------------------------------------------
// Comparing outputs (dealpulse's csv against the SQL results)

function parseCsv(text) {
  const rows = [];
  let row = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length) {
    row.push(cell);
    rows.push(row);
  }
  const [header, ...body] = rows;
  return body.filter((r) => r.length > 1).map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}

const CHECKS = {
  conversion: { key: ['period', 'manager'], fields: ['leads', 'won', 'lost', 'conversion', 'win_rate', 'won_amount', 'avg_deal'] },
  funnel: { key: ['pipeline', 'stage'], fields: ['entered', 'median_hours', 'p90_hours', 'mean_hours', 'open_now', 'open_median_hours', 'sla_breaches'] },
};

/** Differences between dealpulse's report and a tool's, in dealpulse's rounding; [] when equal. */
function compareOutputs(workload, dealpulseFile, otherFile) {
  const { key, fields } = CHECKS[workload];
  const mine = parseCsv(readFileSync(dealpulseFile, 'utf8'));
  const theirs = new Map(parseCsv(readFileSync(otherFile, 'utf8')).map((r) => [key.map((k) => r[k]).join(' / '), r]));
  const problems = [];
  const seen = new Set();
  for (const row of mine) {
    const k = key.map((f) => row[f]).join(' / ');
    seen.add(k);
    const other = theirs.get(k);
    if (!other) {
      problems.push(`${k}: missing`);
      continue;
    }
    for (const f of fields) {
      const a = row[f] ?? '';
      const b = other[f] ?? '';
      if (a === '' && b === '') continue;
      if (a === '' || b === '') {
        problems.push(`${k} ${f}: dealpulse ${a || '(empty)'}, other ${b || '(empty)'}`);
        continue;
      }
      // dealpulse rounds ratios to 6 decimals and hours / money to 2: compare within that.
      const digits = (a.split('.')[1] ?? '').length;
      const tolerance = 0.5 * 10 ** -Math.max(digits, 0) + 1e-9;
      if (Math.abs(Number(a) - Number(b)) > tolerance * 1.0001) problems.push(`${k} ${f}: dealpulse ${a}, other ${b}`);
    }
  }
  for (const k of theirs.keys()) if (!seen.has(k)) problems.push(`${k}: only in the other result`);
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Data sets

async function warmPageCache(paths) {
  for (const p of paths) {
    await new Promise((res, rej) => {
      createReadStream(p, { highWaterMark: 1 << 20 }).on('data', () => {}).on('end', res).on('error', rej);
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Main

function machineInfo(extra) {
  const cpus = os.cpus();
  return {
    date: new Date().toISOString(),
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memory_gb: Math.round(os.totalmem() / 2 ** 30),
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    ...extra,
  };
}

function printTable(rows) {
  const header = ['workload', 'tool', 'median s', 'min s', 'max s', 'peak RSS MB', '× DuckDB', 'min × DuckDB min', 'cpu s', 'runs'];
  const body = rows.map((r) => [
    r.workload,
    r.tool,
    fmt(r.median),
    fmt(r.min),
    fmt(r.max),
    r.rss_mb === null ? 'n/a' : fmt(r.rss_mb, 0),
    r.ratio === null ? '–' : `${fmt(r.ratio)}×`,
    r.ratio_min === null ? '–' : `${fmt(r.ratio_min)}×`,
    r.cpu_median === null ? 'n/a' : fmt(r.cpu_median),
    String(r.runs) + (r.failed ? ` (${r.failed} failed)` : ''),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells) => `| ${cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  console.log(line(header));
  console.log(`| ${widths.map((w, i) => (i < 2 ? '-'.repeat(w) : `${'-'.repeat(w - 1)}:`)).join(' | ')} |`);
  for (const b of body) console.log(line(b));
}

async function main(argv) {
  if (argv[0] === '--child') {
    if (argv[1] === 'duckdb') return duckdbChild(argv[2]);
    log(`bench: unknown child ${argv[1]}`);
    return 2;
  }
  let args;
  try {
    args = parseArgs(argv);
  } catch (err) {
    log(`bench: ${err.message}`);
    return 2;
  }
  if (args.help) {
    log('usage: node scripts/bench.mjs [--sizes 100k,1m] [--runs 5] [--workloads conversion,funnel] [--tools dealpulse,duckdb,sqlite] [--json FILE] [--keep DIR] [--rss auto|time|preload] [--no-check] [--at-time-zone] | --big-deals [--runs N] [--json FILE]');
    return 0;
  }
  if (!existsSync(join(ROOT, 'dist', 'bundle', 'main.cjs'))) {
    log('bench: dealpulse is not built: run `npm run bench` (it builds first) or `npm run build`');
    return 2;
  }

  // Tools.
  const tools = [];
  const versions = {};
  const real = Object.fromEntries(args.workloads.map((w) => [w, hasCommand(w)]));
  if (args.tools.includes('dealpulse')) {
    tools.push('dealpulse');
    versions.dealpulse = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;
    for (const w of args.workloads) if (!real[w]) log(`bench: dealpulse has no \`${w}\` command yet: running \`doctor\` as a stand-in`);
  }
  if (args.tools.includes('duckdb')) {
    const duckdb = await loadDuckDB();
    if (duckdb) {
      tools.push('duckdb');
      versions.duckdb = duckdb.version?.() ?? 'unknown';
      versions.duckdb_node_api = JSON.parse(readFileSync(resolveDuckDB('@duckdb/node-api/package.json'), 'utf8')).version;
    } else log(`bench: ${DUCKDB_HINT} — skipping DuckDB (no ratios)`);
  }
  if (args.tools.includes('sqlite')) {
    const v = sqliteVersion();
    if (v) {
      tools.push('sqlite');
      versions.sqlite3 = v;
    } else log('bench: sqlite3 is not on PATH — skipping it (Debian/Ubuntu: apt-get install sqlite3)');
  }
  let rssMode = args.rss;
  if (rssMode === 'auto') rssMode = gnuTimeWorks() ? 'time' : 'preload';
  if (rssMode === 'time' && !gnuTimeWorks()) {
    log('bench: --rss time needs GNU time at /usr/bin/time');
    return 2;
  }
  const rssMethod = rssMode === 'time' ? 'GNU time -v (ru_maxrss of the child)' : 'process.resourceUsage().maxRSS at exit (node children only)';

  const workDir = args.keep ?? mkdtempSync(join(os.tmpdir(), 'dealpulse-bench-'));
  mkdirSync(workDir, { recursive: true });
  const info = machineInfo({ load_average_start: os.loadavg().map((x) => Math.round(x * 100) / 100), rss_method: rssMethod, versions });
  log(`bench: ${info.cpu}, ${info.cores} cores, node ${info.node}; tools: ${tools.join(', ')}; ${args.runs} runs; RSS via ${rssMethod}`);
  if (os.loadavg()[0] > info.cores * 0.5) log(`bench: warning: load average ${os.loadavg()[0].toFixed(1)} on ${info.cores} cores — other work is running, timings will be noisy`);

  if (args.bigDeals) {
    // Not the comparison: a 2 GB deals file through conversion, for its memory (bench-big-deals.mjs).
    const { benchBigDeals } = await import('./bench-big-deals.mjs');
    const code = await benchBigDeals({ runs: args.runs, rssMode, workDir, json: args.json, info });
    if (!args.keep) rmSync(workDir, { recursive: true, force: true });
    return code;
  }

  const results = [];
  const checks = [];
  const sqlTimes = {};
  for (const size of args.sizes) {
    const data = await ensureData(size);
    const cfg = await readConfig(data.kpi);
    await warmPageCache([cfg.dealsPath, cfg.historyPath]);
    // Durations in SQL: plain wall-clock differences when exact, else via instants (see "Time zones").
    const instants = args.atTimeZone || !fixedOffset(cfg.timezone, AS_OF);
    sqlTimes[size] = { timezone: cfg.timezone, funnel: instants ? 'instants (AT TIME ZONE / utc modifier)' : 'wall-clock differences (fixed UTC offset)', conversion: args.atTimeZone ? 'instants (AT TIME ZONE)' : 'wall-clock months' };
    log(`bench: ${size}: zone ${cfg.timezone}; SQL durations from ${sqlTimes[size].funnel}`);

    // Job descriptions, per workload and tool.
    const jobs = {};
    for (const w of args.workloads) {
      jobs[w] = {};
      const out = (tool) => join(workDir, `${size}-${w}-${tool}.csv`);
      if (tools.includes('dealpulse')) {
        const j = dealpulseJob(w, real[w], data.kpi, out('dealpulse'));
        jobs[w].dealpulse = { label: j.label, cmd: process.execPath, args: j.args, node: true, out: out('dealpulse') };
      }
      if (tools.includes('duckdb')) {
        const sqlFile = join(workDir, `${size}-${w}-duckdb.json`);
        const statements = w === 'conversion' ? duckdbConversion(cfg, out('duckdb'), { instants: args.atTimeZone }) : duckdbFunnel(cfg, out('duckdb'), { instants });
        writeFileSync(sqlFile, JSON.stringify(statements, null, 2));
        jobs[w].duckdb = { label: 'same aggregation', cmd: process.execPath, args: [fileURLToPath(import.meta.url), '--child', 'duckdb', sqlFile], node: true, out: out('duckdb') };
      }
      if (tools.includes('sqlite')) {
        const sqlFile = join(workDir, `${size}-${w}-sqlite.sql`);
        const script = w === 'conversion' ? sqliteConversion(cfg, out('sqlite')) : sqliteFunnel(cfg, out('sqlite'), { instants });
        writeFileSync(sqlFile, `${script.join('\n')}\n`);
        jobs[w].sqlite = { label: '.import + same queries', cmd: 'sqlite3', args: ['-batch', '-bail', ':memory:'], node: false, env: { TZ: cfg.timezone }, stdinFile: sqlFile, out: out('sqlite') };
      }
    }

    const samples = {}; // workload → tool → [{seconds, rssMB}]
    let failures = {};
    for (let round = 0; round < args.runs; round++) {
      for (const w of args.workloads) {
        const order = tools.map((_, i) => tools[(i + round) % tools.length]);
        for (const tool of order) {
          const job = jobs[w][tool];
          rmSync(job.out, { force: true });
          const r = await measure({ ...job, rssMode, workDir });
          const ok = r.code === 0 && existsSync(job.out);
          samples[w] ??= {};
          samples[w][tool] ??= [];
          if (ok) samples[w][tool].push(r);
          else {
            failures[`${w}/${tool}`] = (failures[`${w}/${tool}`] ?? 0) + 1;
            writeFileSync(join(workDir, `${size}-${w}-${tool}.stderr.txt`), r.stderr);
            log(`bench: ${size} ${w} ${tool} failed (exit ${r.code}): ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`);
          }
          log(`  ${size} round ${round + 1}/${args.runs} ${w.padEnd(10)} ${tool.padEnd(9)} ${ok ? `${r.seconds.toFixed(2)} s` : 'FAILED'}${r.cpu !== null ? ` (cpu ${r.cpu.toFixed(2)} s)` : ''}${r.rssMB ? `, ${r.rssMB.toFixed(0)} MB` : ''}`);
        }
      }
    }

    // Summaries.
    for (const w of args.workloads) {
      const duck = samples[w]?.duckdb?.length ? median(samples[w].duckdb.map((s) => s.seconds)) : null;
      const duckMin = samples[w]?.duckdb?.length ? Math.min(...samples[w].duckdb.map((s) => s.seconds)) : null;
      for (const tool of tools) {
        const s = samples[w]?.[tool] ?? [];
        const secs = s.map((x) => x.seconds);
        const rss = s.map((x) => x.rssMB).filter((x) => x !== null);
        const cpu = s.map((x) => x.cpu).filter((x) => x !== null);
        const m = secs.length ? median(secs) : null;
        results.push({
          size,
          deals: data.meta.deals,
          events: data.meta.events,
          workload: w,
          tool,
          command: jobs[w][tool].label,
          runs: secs.length,
          failed: failures[`${w}/${tool}`] ?? 0,
          median: m,
          min: secs.length ? Math.min(...secs) : null,
          max: secs.length ? Math.max(...secs) : null,
          seconds: secs.map((x) => Math.round(x * 1000) / 1000),
          cpu_median: cpu.length ? median(cpu) : null,
          rss_mb: rss.length ? Math.max(...rss) : null,
          ratio: m !== null && duck ? m / duck : null,
          // Best run over best run: on a busy machine the medians of a multi-threaded tool suffer most.
          ratio_min: secs.length && duckMin ? Math.min(...secs) / duckMin : null,
        });
      }
      // Do the others agree with dealpulse?
      if (args.check && real[w] && tools.includes('dealpulse') && existsSync(jobs[w].dealpulse.out)) {
        for (const tool of tools.filter((t) => t !== 'dealpulse')) {
          if (!existsSync(jobs[w][tool].out)) continue;
          const problems = compareOutputs(w, jobs[w].dealpulse.out, jobs[w][tool].out);
          checks.push({ size, workload: w, tool, agree: problems.length === 0, problems: problems.slice(0, 20), differences: problems.length });
        }
      }
    }
  }

  // Report.
  info.load_average_end = os.loadavg().map((x) => Math.round(x * 100) / 100);
  console.log(`\n${info.cpu}, ${info.cores} cores, ${info.memory_gb} GB, ${info.platform}, node ${info.node}; ${info.date}`);
  console.log(`versions: ${Object.entries(versions).map(([k, v]) => `${k} ${v}`).join(', ')}; peak RSS: ${rssMethod}`);
  console.log(`load average at start ${info.load_average_start.join(' ')}, at end ${info.load_average_end.join(' ')}\n`);
  for (const size of args.sizes) {
    const rows = results.filter((r) => r.size === size);
    if (rows.length === 0) continue;
    console.log(`${size}: ${rows[0].deals} deals, ${rows[0].events} stage events`);
    printTable(rows.map((r) => ({ ...r, tool: r.tool === 'dealpulse' ? `dealpulse ${r.command}` : r.tool })));
    console.log('');
  }
  const scaling = [];
  if (args.sizes.length >= 2) {
    const [small, big] = [args.sizes[0], args.sizes[args.sizes.length - 1]];
    for (const w of args.workloads) {
      for (const tool of tools) {
        const a = results.find((r) => r.size === small && r.workload === w && r.tool === tool);
        const b = results.find((r) => r.size === big && r.workload === w && r.tool === tool);
        if (a?.median && b?.median) scaling.push({ workload: w, tool, from: small, to: big, rows_ratio: b.deals / a.deals, time_ratio: b.median / a.median });
      }
    }
    const mine = scaling.filter((s) => s.tool === 'dealpulse');
    if (mine.length) {
      console.log(`scaling ${big}/${small} (${mine[0].rows_ratio}× the deals; target ≤ 11×): ${scaling.map((s) => `${s.workload} ${s.tool} ${fmt(s.time_ratio)}×`).join(', ')}\n`);
    }
  }
  for (const c of checks) {
    console.log(`check ${c.size} ${c.workload}: ${c.tool} ${c.agree ? 'agrees with dealpulse' : `DIFFERS from dealpulse in ${c.differences} values, e.g. ${c.problems.slice(0, 3).join('; ')}`}`);
  }
  if (!args.keep) rmSync(workDir, { recursive: true, force: true });
  else log(`bench: outputs, SQL and stderr of failed runs kept in ${workDir}`);

  if (args.json) {
    writeFileSync(args.json, `${JSON.stringify({ machine: info, runs: args.runs, period: PERIOD, as_of: AS_OF, sql_times: sqlTimes, results, scaling, checks }, null, 2)}\n`);
    log(`bench: figures written to ${args.json}`);
  }
  return results.some((r) => r.failed > 0) ? 1 : 0;
}

process.exitCode = await main(process.argv.slice(2));
