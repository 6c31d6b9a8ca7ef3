#!/usr/bin/env node
// The benchmark (issues 9 and 23, docs/PERFORMANCE.md): dealpulse against DuckDB (and sqlite3 when it
// is on PATH) on the same synthetic exports, same machine, same run. `npm run bench` builds first.
//
//   node scripts/bench.mjs [--sizes 200k,1m] [--shapes bench,iso-z,amocrm,shuffled-ids,shuffled-history]
//                          [--runs 5] [--workloads conversion,funnel,zombies,commission,report,doctor]
//                          [--tools dealpulse,duckdb,sqlite] [--json FILE] [--keep DIR]
//                          [--rss auto|time|preload] [--no-check] [--at-time-zone]
//   node scripts/bench.mjs --big-deals [--runs N] [--json FILE]   (a 2 GB deals file: bench-big-deals.mjs)
//
// For each size and shape: generate the data set when missing (bench-data/<shape>/<size>/, seeded:
// scripts/generate-bench.mjs and scripts/lib/shapes.mjs), read its files once so they are in the
// page cache, then `--runs` rounds; in each round every workload is run once by every tool, the
// tools' order rotating from round to round (alternating runs, so that a slow patch of the machine
// hits everybody). Each run is a child process; wall time is measured here around spawn → exit,
// peak RSS and CPU seconds by the kernel (see `RSS` below). Then, per size and shape, a table of
// medians (min, max), peak RSS, the ratio to DuckDB's median of the same run (and best run over
// DuckDB's best run, steadier on a busy machine), median CPU seconds; a summary of every shape ×
// workload at every size with the first → last size scaling; and the answer checks: every SQL
// result against dealpulse's report, and dealpulse on a shape whose deals are bench's (shuffled)
// against dealpulse on bench.
//
// Shapes (scripts/lib/shapes.mjs): bench (generic headers, UTF-8, `,`, wall-clock times, ids and
// history in order), iso-z (API export: ISO instants with Z / offsets and milliseconds, cents, a
// status column, quoted titles), amocrm (Windows-1251, `;`, dd.MM.yyyy, `1 250 000,50`,
// `не закрыта`, Russian names, an events-list history), shuffled-ids (deal rows in random order),
// shuffled-history (history rows in random order).
//
// Workloads (dealpulse's command; the DuckDB SQL is scripts/lib/duckdb-sql.mjs, explained in
// docs/PERFORMANCE.md; sqlite3 runs conversion and funnel on the bench shape only):
//   conversion  conversion --period 2025 --every month --by manager --format csv
//   funnel      funnel --format csv
//   zombies     zombies --format json                  (check: per manager count / amount at risk / parked; totals)
//   commission  commission --period 2025-12 --format json   (check: per manager base, attainment, payout…)
//   report      report --period last-week --format json      (check: headline, trend, conversion by
//               manager, funnel entries / open now, zombies, commission attainment, quality)
//   doctor      doctor --format json                   (check: rows read, deals by status, date range, managers, stages…)
// all with --as-of 2026-01-01. If the build lacks a command, dealpulse runs `doctor` (which reads
// the same files) and the row says "doctor (stand-in)"; it switches by itself once the command exists.
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
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ensureData } from './lib/bench-data.mjs';
import { CHECKED_WORKLOADS, compareOutputs } from './lib/checks.mjs';
import { duckdbSql, funnelVisits, inList, nextDay, reportPeriods, source, stageTable } from './lib/duckdb-sql.mjs';
import { gnuTimeWorks, measure } from './lib/measure.mjs';
import { FORMATS, SHAPE_NAMES } from './lib/shapes.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DEALPULSE = join(ROOT, 'bin', 'dealpulse.js');
const PERIOD = '2025'; // conversion: the months of this year
const COMMISSION_MONTH = '2025-12';
const AS_OF = '2026-01-01';
const WORKLOADS = ['conversion', 'funnel', 'zombies', 'commission', 'report', 'doctor'];
const TOOLS = ['dealpulse', 'duckdb', 'sqlite'];
// sqlite3 has SQL for these only, and reads the generic files only: it runs on the bench shape.
const SQLITE_WORKLOADS = ['conversion', 'funnel'];
const SQLITE_SHAPES = ['bench'];
// dealpulse on these shapes reads bench's deals, so its answers must be bench's, to the byte for csv.
const SAME_AS_BENCH = { 'shuffled-ids': ['conversion', 'funnel'], 'shuffled-history': ['conversion', 'funnel'], 'iso-z': ['conversion'] };
const DUCKDB_HINT = 'DuckDB not installed (@duckdb/node-api is a dev dependency: npm ci installs it)';

// ---------------------------------------------------------------------------------------------
// Small helpers

const log = (m = '') => process.stderr.write(`${m}\n`);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  if (n === 0) return null;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
};
const fmt = (x, digits = 2) => (x === null || x === undefined || Number.isNaN(x) ? '–' : x.toFixed(digits));

function parseArgs(argv) {
  const args = { sizes: ['200k', '1m'], shapes: [...SHAPE_NAMES], runs: 5, workloads: [...WORKLOADS], tools: [...TOOLS], json: undefined, keep: undefined, rss: 'auto', check: true, atTimeZone: false };
  const list = (v) => v.split(',').map((s) => s.trim()).filter(Boolean);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--sizes') args.sizes = list(value());
    else if (a === '--shapes') args.shapes = list(value());
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
  for (const w of args.workloads) if (!WORKLOADS.includes(w)) throw new Error(`--workloads: unknown workload ${w} (${WORKLOADS.join(', ')})`);
  for (const s of args.shapes) if (!SHAPE_NAMES.includes(s)) throw new Error(`--shapes: unknown shape ${s} (${SHAPE_NAMES.join(', ')})`);
  // Always in the canonical order: bench first, so that the shapes holding bench's deals can be
  // checked against dealpulse's answers on bench.
  args.shapes = SHAPE_NAMES.filter((s) => args.shapes.includes(s));
  for (const t of args.tools) if (!TOOLS.includes(t)) throw new Error(`--tools: unknown tool ${t} (${TOOLS.join(', ')})`);
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
    rot: p.rot_days ?? {},
  }));
  // Stage names meaning won / lost: the deals file's status words and every pipeline's lists.
  const won = [...new Set([...(deals.status?.won ?? []), ...pipelines.flatMap((p) => p.won)])];
  const lost = [...new Set([...(deals.status?.lost ?? []), ...pipelines.flatMap((p) => p.lost)])];
  return {
    timezone: raw.timezone ?? 'UTC',
    weekStartsOn: raw.week_starts_on ?? 'monday',
    dealsPath: resolve(dir, deals.path),
    historyPath: resolve(dir, history.path),
    pipelines,
    won,
    lost,
    // Words of a status column (iso-z): won / lost.
    statusWon: deals.status?.won ?? ['won'],
    statusLost: deals.status?.lost ?? ['lost'],
    zombies: { rules: [], ...raw.zombies },
    commission: raw.commission,
  };
}

/** Month starts of --period 2025 (the rows of --every month), as 'YYYY-MM'. */
function monthsOf(year) {
  return Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);
}

// ---------------------------------------------------------------------------------------------
// Time zones in SQL
//
// The generic and amocrm files hold wall-clock times of the config's zone (that is how dealpulse
// reads them); both engines read them as zone-less timestamps / text. (iso-z's times carry their
// offsets: DuckDB reads them as TIMESTAMPTZ, its local times are `AT TIME ZONE`, its durations true
// instants — scripts/lib/duckdb-sql.mjs.)
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
  ${funnelVisits(asOf, 'max')}
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

/** dealpulse's command line for a workload: csv where the bench always compared csv, else json. */
function dealpulseJob(workload, real, kpi, out) {
  const base = ['--config', kpi, '--as-of', AS_OF, '--out', out];
  if (!real) return { label: 'doctor (stand-in)', args: [DEALPULSE, 'doctor', ...base, '--format', 'json'] };
  const extra = {
    conversion: ['--format', 'csv', '--period', PERIOD, '--every', 'month', '--by', 'manager'],
    funnel: ['--format', 'csv'],
    zombies: ['--format', 'json'],
    commission: ['--format', 'json', '--period', COMMISSION_MONTH],
    report: ['--format', 'json', '--period', 'last-week'],
    doctor: ['--format', 'json'],
  }[workload];
  return { label: workload, args: [DEALPULSE, workload, ...base, ...extra] };
}

const outputExt = (workload, tool) => (tool === 'dealpulse' && !['conversion', 'funnel'].includes(workload) ? 'json' : 'csv');

// ---------------------------------------------------------------------------------------------
// Data sets

async function warmPageCache(paths) {
  for (const p of new Set(paths)) {
    await new Promise((res, rej) => {
      createReadStream(p, { highWaterMark: 1 << 20 }).on('data', () => {}).on('end', res).on('error', rej);
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Printing

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

function printMarkdown(header, body, leftColumns) {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells) => `| ${cells.map((c, i) => (i < leftColumns ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  console.log(line(header));
  console.log(`| ${widths.map((w, i) => (i < leftColumns ? '-'.repeat(w) : `${'-'.repeat(w - 1)}:`)).join(' | ')} |`);
  for (const b of body) console.log(line(b));
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
  printMarkdown(header, body, 2);
}

/** One row per shape × workload: dealpulse and DuckDB medians, ratio and dealpulse's RSS per size, then the scaling. */
function printSummary(results, args, scaling) {
  const [first, last] = [args.sizes[0], args.sizes[args.sizes.length - 1]];
  const header = ['shape', 'workload'];
  for (const size of args.sizes) header.push(`${size} dealpulse s`, `${size} DuckDB s`, `${size} × DuckDB`, `${size} RSS MB`);
  if (args.sizes.length >= 2) header.push(`${first}→${last} dealpulse`, `${first}→${last} DuckDB`);
  const body = [];
  for (const shape of args.shapes) {
    for (const w of args.workloads) {
      const find = (size, tool) => results.find((r) => r.size === size && r.shape === shape && r.workload === w && r.tool === tool);
      if (!args.sizes.some((size) => find(size, 'dealpulse') || find(size, 'duckdb'))) continue;
      const row = [shape, w];
      for (const size of args.sizes) {
        const mine = find(size, 'dealpulse');
        const duck = find(size, 'duckdb');
        row.push(fmt(mine?.median), fmt(duck?.median), mine?.ratio ? `${fmt(mine.ratio)}×` : '–', mine?.rss_mb ? fmt(mine.rss_mb, 0) : '–');
      }
      if (args.sizes.length >= 2) {
        for (const tool of ['dealpulse', 'duckdb']) {
          const s = scaling.find((x) => x.shape === shape && x.workload === w && x.tool === tool);
          row.push(s ? `${fmt(s.time_ratio)}×` : '–');
        }
      }
      body.push(row);
    }
  }
  printMarkdown(header, body, 2);
}

// ---------------------------------------------------------------------------------------------
// Main

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
    log(
      `usage: node scripts/bench.mjs [--sizes 200k,1m] [--shapes ${SHAPE_NAMES.join(',')}] [--runs 5] [--workloads ${WORKLOADS.join(',')}] [--tools ${TOOLS.join(',')}] [--json FILE] [--keep DIR] [--rss auto|time|preload] [--no-check] [--at-time-zone] | --big-deals [--runs N] [--json FILE]`,
    );
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
  const notes = new Set();
  const periods = reportPeriods(AS_OF);
  for (const size of args.sizes) {
    for (const shape of args.shapes) {
      const data = await ensureData(size, shape);
      const cfg = await readConfig(data.kpi);
      const tag = `${shape}-${size}`;
      // Durations in SQL: plain wall-clock differences when exact, else via instants (see "Time zones").
      const instants = args.atTimeZone || !fixedOffset(cfg.timezone, AS_OF);
      const src = source({ shape, files: data.files, cfg, instants, asOf: AS_OF });
      sqlTimes[tag] = {
        timezone: cfg.timezone,
        funnel: src.msInstants ? 'instants (AT TIME ZONE, or the files’ own offsets)' : 'wall-clock differences (fixed UTC offset)',
        conversion: args.atTimeZone ? 'instants (AT TIME ZONE)' : 'wall-clock months',
      };
      if (FORMATS[shape].duckdbTwin && tools.includes('duckdb')) {
        notes.add(`${shape}: DuckDB reads a UTF-8 twin of the Windows-1251 files (deals.utf8.csv, history.utf8.csv: the same text); DuckDB 1.5 reads cp1251 only with its \`encodings\` extension, which is downloaded by INSTALL`);
      }
      const shapeTools = tools.filter((t) => t !== 'sqlite' || SQLITE_SHAPES.includes(shape));
      log(`bench: ${size} ${shape}: zone ${cfg.timezone}; SQL durations from ${sqlTimes[tag].funnel}`);
      await warmPageCache([data.files.deals, data.files.history, ...(tools.includes('duckdb') ? [data.files.duckdbDeals, data.files.duckdbHistory] : [])]);

      // Job descriptions, per workload and tool.
      const jobs = {};
      for (const w of args.workloads) {
        jobs[w] = {};
        const out = (tool) => join(workDir, `${tag}-${w}-${tool}.${outputExt(w, tool)}`);
        if (shapeTools.includes('dealpulse')) {
          const j = dealpulseJob(w, real[w], data.kpi, out('dealpulse'));
          jobs[w].dealpulse = { label: j.label, cmd: process.execPath, args: j.args, node: true, out: out('dealpulse') };
        }
        if (shapeTools.includes('duckdb')) {
          const sqlFile = join(workDir, `${tag}-${w}-duckdb.json`);
          const statements = duckdbSql(w, src, out('duckdb'), { year: PERIOD, atTimeZone: args.atTimeZone, month: COMMISSION_MONTH, periods });
          writeFileSync(sqlFile, JSON.stringify(statements, null, 2));
          jobs[w].duckdb = { label: 'same work in SQL', cmd: process.execPath, args: [fileURLToPath(import.meta.url), '--child', 'duckdb', sqlFile], node: true, out: out('duckdb') };
        }
        if (shapeTools.includes('sqlite') && SQLITE_WORKLOADS.includes(w)) {
          const sqlFile = join(workDir, `${tag}-${w}-sqlite.sql`);
          const script = w === 'conversion' ? sqliteConversion(cfg, out('sqlite')) : sqliteFunnel(cfg, out('sqlite'), { instants });
          writeFileSync(sqlFile, `${script.join('\n')}\n`);
          jobs[w].sqlite = { label: '.import + same queries', cmd: 'sqlite3', args: ['-batch', '-bail', ':memory:'], node: false, env: { TZ: cfg.timezone }, stdinFile: sqlFile, out: out('sqlite') };
        }
      }

      const samples = {}; // workload → tool → [{seconds, rssMB, cpu}]
      const failures = {};
      for (let round = 0; round < args.runs; round++) {
        for (const w of args.workloads) {
          const wTools = shapeTools.filter((t) => jobs[w][t]);
          const order = wTools.map((_, i) => wTools[(i + round) % wTools.length]);
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
              writeFileSync(join(workDir, `${tag}-${w}-${tool}.stderr.txt`), r.stderr);
              log(`bench: ${size} ${shape} ${w} ${tool} failed (exit ${r.code}): ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`);
            }
            log(`  ${size} ${shape} round ${round + 1}/${args.runs} ${w.padEnd(10)} ${tool.padEnd(9)} ${ok ? `${r.seconds.toFixed(2)} s` : 'FAILED'}${r.cpu !== null ? ` (cpu ${r.cpu.toFixed(2)} s)` : ''}${r.rssMB ? `, ${r.rssMB.toFixed(0)} MB` : ''}`);
          }
        }
      }

      // Summaries.
      for (const w of args.workloads) {
        const duckSecs = (samples[w]?.duckdb ?? []).map((s) => s.seconds);
        const duck = duckSecs.length ? median(duckSecs) : null;
        const duckMin = duckSecs.length ? Math.min(...duckSecs) : null;
        for (const tool of shapeTools.filter((t) => jobs[w][t])) {
          const s = samples[w]?.[tool] ?? [];
          const secs = s.map((x) => x.seconds);
          const rss = s.map((x) => x.rssMB).filter((x) => x !== null);
          const cpu = s.map((x) => x.cpu).filter((x) => x !== null);
          const m = secs.length ? median(secs) : null;
          results.push({
            size,
            shape,
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
        const mine = jobs[w].dealpulse?.out;
        if (args.check && real[w] && mine && existsSync(mine) && CHECKED_WORKLOADS.includes(w)) {
          for (const tool of shapeTools.filter((t) => t !== 'dealpulse' && jobs[w][t] && existsSync(jobs[w][t].out))) {
            let outcome;
            try {
              outcome = compareOutputs(w, mine, jobs[w][tool].out);
            } catch (err) {
              outcome = { problems: [`the check itself failed: ${err.message}`], tables: [] };
            }
            checks.push({ size, shape, workload: w, tool, against: 'sql', tables: outcome.tables, agree: outcome.problems.length === 0, problems: outcome.problems.slice(0, 20), differences: outcome.problems.length });
          }
          // The same deals as bench's: dealpulse's answer must be bench's (the csv reports, byte for byte).
          const benchOut = join(workDir, `bench-${size}-${w}-dealpulse.${outputExt(w, 'dealpulse')}`);
          if ((SAME_AS_BENCH[shape] ?? []).includes(w) && existsSync(benchOut)) {
            const same = readFileSync(benchOut, 'utf8') === readFileSync(mine, 'utf8');
            const problems = same ? [] : compareOutputs(w, benchOut, mine).problems;
            checks.push({ size, shape, workload: w, tool: 'dealpulse on bench', against: 'bench', tables: ['the whole csv'], agree: same, problems: problems.slice(0, 20), differences: same ? 0 : Math.max(1, problems.length) });
          }
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
    for (const shape of args.shapes) {
      const rows = results.filter((r) => r.size === size && r.shape === shape);
      if (rows.length === 0) continue;
      console.log(`${size} ${shape}: ${rows[0].deals} deals, ${rows[0].events} stage events`);
      printTable(rows.map((r) => ({ ...r, tool: r.tool === 'dealpulse' ? `dealpulse ${r.command}` : r.tool })));
      console.log('');
    }
  }
  const scaling = [];
  if (args.sizes.length >= 2) {
    const [small, big] = [args.sizes[0], args.sizes[args.sizes.length - 1]];
    for (const shape of args.shapes) {
      for (const w of args.workloads) {
        for (const tool of tools) {
          const a = results.find((r) => r.size === small && r.shape === shape && r.workload === w && r.tool === tool);
          const b = results.find((r) => r.size === big && r.shape === shape && r.workload === w && r.tool === tool);
          if (a?.median && b?.median) scaling.push({ shape, workload: w, tool, from: small, to: big, rows_ratio: b.deals / a.deals, time_ratio: b.median / a.median });
        }
      }
    }
  }
  console.log('Summary: medians in seconds, dealpulse ÷ DuckDB, dealpulse peak RSS' + (scaling.length ? `, and the time ${args.sizes[0]} → ${args.sizes[args.sizes.length - 1]} (${scaling[0].rows_ratio}× the deals)` : ''));
  printSummary(results, args, scaling);
  console.log('');
  for (const n of notes) console.log(`note: ${n}`);
  for (const c of checks) {
    const what = c.against === 'bench' ? `${c.size} ${c.shape} ${c.workload}: dealpulse gives ${c.agree ? 'the same answer as on bench' : `a DIFFERENT answer than on bench (${c.differences} values, e.g. ${c.problems.slice(0, 3).join('; ')})`}` : null;
    console.log(
      what
        ? `check ${what}`
        : `check ${c.size} ${c.shape} ${c.workload}: ${c.tool} ${c.agree ? `agrees with dealpulse (${c.tables.join(', ')})` : `DIFFERS from dealpulse in ${c.differences} values, e.g. ${c.problems.slice(0, 3).join('; ')}`}`,
    );
  }
  const failedChecks = checks.filter((c) => !c.agree).length;
  if (checks.length) console.log(`checks: ${checks.length - failedChecks} agree, ${failedChecks} differ`);
  if (!args.keep) rmSync(workDir, { recursive: true, force: true });
  else log(`bench: outputs, SQL and stderr of failed runs kept in ${workDir}`);

  if (args.json) {
    writeFileSync(
      args.json,
      `${JSON.stringify({ machine: info, runs: args.runs, shapes: args.shapes, period: PERIOD, commission_month: COMMISSION_MONTH, report_periods: periods, as_of: AS_OF, sql_times: sqlTimes, notes: [...notes], results, scaling, checks }, null, 2)}\n`,
    );
    log(`bench: figures written to ${args.json}`);
  }
  return results.some((r) => r.failed > 0) ? 1 : 0;
}

process.exitCode = await main(process.argv.slice(2));
