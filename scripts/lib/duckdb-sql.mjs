// The DuckDB side of the benchmark (scripts/bench.mjs): for each workload, the SQL that does the same
// work as the dealpulse command on the same files of a data shape (shapes.mjs FORMATS), and writes
// its answer as CSV for the answer checks (checks.mjs). docs/PERFORMANCE.md explains the SQL.
//
// Every builder returns a list of statements run in order by the DuckDB child (bench.mjs
// `--child duckdb`); the main answer goes to `out`, further tables to `<out>.<table>.csv`.
//
// Reading. Each shape's files are read with read_csv and explicit column types, in the file's
// delimiter and date format, into one normalized relation (`dealsRelation`, `historyRelation`):
//   deals    id, title, manager, pipeline, stage, status (open/won/lost), amount, margin,
//            created, closed, expected, activity (local wall-clock TIMESTAMPs / DATE), created_ms,
//            closed_ms, activity_ms (instants in ms, see "Time" below), docs (the commission gate)
//   history  deal_id, stage, t (local TIMESTAMP), t_ms
// so that the workload queries are written once. Unused columns cost nothing: DuckDB pushes the
// projection down into read_csv. Per format:
// - generic (bench, shuffled-*): as the bench always did (TIMESTAMP in `%Y-%m-%d %H:%M:%S`).
// - iso-z: TIMESTAMPTZ (DuckDB's ISO 8601 cast takes `Z`, `+03:00`, milliseconds); the local time is
//   `ts AT TIME ZONE '<zone>'`, the instant epoch_ms(ts); the status from the status column.
// - amocrm: `;`, `%d.%m.%Y %H:%M:%S`, nullstr ['', 'не закрыта']; amounts as text, parsed by
//   removing spaces and NBSPs and turning the decimal comma into a point; booleans да/нет. DuckDB
//   reads the UTF-8 twin of the Windows-1251 files (see shapes.mjs: DuckDB 1.5 has no cp1251
//   reader without the downloadable `encodings` extension), so it does no decoding dealpulse does.
//
// Time. Periods and day counts are local wall-clock (SPEC §3): months, weeks and dates come from
// the local TIMESTAMP. Durations (funnel) need instants: for wall-clock files in a zone whose UTC
// offset never changed over the ten years before --as-of (Europe/Moscow), plain differences of the
// wall-clock times are exact — what an analyst would write — and bench.mjs picks that (`instants`
// false); otherwise, and for files that carry offsets (iso-z), `*_ms` are true instants.
import { FORMATS } from './shapes.mjs';

export const sqlText = (s) => `'${String(s).replace(/'/g, "''")}'`;
const ident = (s) => `"${String(s).replace(/"/g, '""')}"`;
export const inList = (names) => (names.length ? names.map(sqlText).join(', ') : 'NULL');
const num = (x) => (x === null || x === undefined ? 'NULL' : String(x));
export const nextDay = (day) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
const addDays = (day, n) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** An extra output table of a workload: `<out>.<name>.csv`. */
export const tablePath = (out, name) => `${out}.${name}.csv`;

// ---------------------------------------------------------------------------------------------
// Sources

/**
 * What the SQL needs of one data set: the shape's format, DuckDB's file paths, the config (see
 * bench.mjs `readConfig`) and how to get instants.
 */
export function source({ shape, files, cfg, instants, asOf }) {
  const format = FORMATS[shape];
  const offsets = [...format.deals, ...format.history].some(([, , type]) => type === 'TIMESTAMPTZ');
  return { shape, format, dealsPath: files.duckdbDeals, historyPath: files.duckdbHistory, cfg, tz: cfg.timezone, msInstants: instants || offsets, instants, asOf, twin: format.duckdbTwin };
}

function readCsv(src, path, columns) {
  const f = src.format;
  const duckType = (t) => (t === 'AMOUNT' || t === 'BOOL_RU' ? 'VARCHAR' : t);
  const options = [
    `header = true`,
    `delim = ${sqlText(f.delimiter)}`,
    `quote = '"'`,
    `escape = '"'`,
    ...(f.timestampformat ? [`timestampformat = ${sqlText(f.timestampformat)}`] : []),
    `dateformat = ${sqlText(f.dateformat)}`,
    // '' is DuckDB's default; amoCRM's "не закрыта" is a missing date too.
    ...(f.nullstr.length > 1 || f.nullstr[0] !== '' ? [`nullstr = [${f.nullstr.map(sqlText).join(', ')}]`] : []),
    `columns = {${columns.map(([, field, type]) => `${sqlText(field)}: ${sqlText(duckType(type))}`).join(', ')}}`,
  ];
  return `read_csv(${sqlText(path)}, ${options.join(', ')})`;
}

/** Local wall-clock TIMESTAMP and instant (ms) of a time column of type `type`. */
function timeExprs(src, column, type) {
  const tz = sqlText(src.tz);
  if (type === 'TIMESTAMPTZ') return { local: `(${column} AT TIME ZONE ${tz})`, ms: `epoch_ms(${column})` };
  return { local: column, ms: src.msInstants ? `epoch_ms(${column} AT TIME ZONE ${tz})` : `epoch_ms(${column})` };
}

/** `--as-of` (a date: the end of that day in the zone) as a local TIMESTAMP, a DATE and ms. */
export function asOfExprs(src) {
  const next = `TIMESTAMP '${nextDay(src.asOf)} 00:00:00'`;
  return {
    local: `(${next} - INTERVAL 1 MILLISECOND)`,
    date: `DATE '${src.asOf}'`,
    ms: src.msInstants ? `(epoch_ms(${next} AT TIME ZONE ${sqlText(src.tz)}) - 1)` : `(epoch_ms(${next}) - 1)`,
  };
}

/** The normalized deals (see the top), as a subquery. */
export function dealsRelation(src) {
  const cols = src.format.deals;
  const typeOf = Object.fromEntries(cols.map(([, field, type]) => [field, type]));
  const has = (field) => field in typeOf;
  const { cfg } = src;
  const amount = (field) => (!has(field) ? 'NULL::DECIMAL(18,2)' : typeOf[field] === 'AMOUNT' ? `CAST(replace(replace(replace(${field}, ' ', ''), chr(160), ''), ',', '.') AS DECIMAL(18,2))` : field);
  // The status as dealpulse reads it: a status column's words, else the stage's (config's lists).
  const status =
    src.format.status === 'column'
      ? `CASE WHEN lower(trim(status)) IN (${inList(cfg.statusWon.map((s) => s.toLowerCase()))}) THEN 'won' WHEN lower(trim(status)) IN (${inList(cfg.statusLost.map((s) => s.toLowerCase()))}) THEN 'lost' ELSE 'open' END`
      : `CASE WHEN stage IN (${inList(cfg.won)}) THEN 'won' WHEN stage IN (${inList(cfg.lost)}) THEN 'lost' ELSE 'open' END`;
  const created = timeExprs(src, 'created_at', typeOf.created_at);
  const closed = timeExprs(src, 'closed_at', typeOf.closed_at);
  const activity = timeExprs(src, 'last_activity_at', typeOf.last_activity_at);
  const exprs = [
    `id`,
    `title`,
    `manager`,
    has('pipeline') ? 'pipeline' : `'default' AS pipeline`,
    `stage`,
    `${status} AS status`,
    `${amount('amount')} AS amount`,
    `${amount('margin')} AS margin`,
    `${created.local} AS created`,
    `${closed.local} AS closed`,
    `expected_close_at AS expected`,
    `${activity.local} AS activity`,
    `${created.ms} AS created_ms`,
    `${closed.ms} AS closed_ms`,
    `${activity.ms} AS activity_ms`,
    // Booleans as dealpulse reads them (an empty cell is false); no gate column: every deal passes.
    has('docs_uploaded') ? `coalesce(lower(trim(docs_uploaded)) IN ('да', 'yes', 'true', '1', 'y', 'x'), false) AS docs` : `true AS docs`,
  ];
  return `(SELECT ${exprs.join(', ')} FROM ${readCsv(src, src.dealsPath, cols)})`;
}

/** The normalized history (entries; a change from → to is an entry into `to`), as a subquery. */
export function historyRelation(src) {
  const cols = src.format.history;
  const typeOf = Object.fromEntries(cols.map(([, field, type]) => [field, type]));
  const t = timeExprs(src, 'entered_at', typeOf.entered_at);
  return `(SELECT deal_id, stage, ${t.local} AS t, ${t.ms} AS t_ms FROM ${readCsv(src, src.historyPath, cols)})`;
}

function prelude(src) {
  return [`SET threads = 2`, `SET TimeZone = ${sqlText(src.tz)}`];
}

const copy = (query, path) => `COPY (\n${query}\n) TO ${sqlText(path)} (HEADER, DELIMITER ',')`;

// ---------------------------------------------------------------------------------------------
// conversion: leads / won / lost / won amount per month × manager (SPEC §4, period method)

export function conversionSql(src, out, { year, atTimeZone }) {
  const tz = sqlText(src.tz);
  const months = Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);
  // Months are local wall-clock months (exact in any zone); --at-time-zone makes them go through
  // instants (date_trunc in the session zone) instead, to show what that costs.
  const literal = (text) => (atTimeZone ? `TIMESTAMP '${text}' AT TIME ZONE ${tz}` : `TIMESTAMP '${text}'`);
  const time = (column) => (atTimeZone ? `${column} AT TIME ZONE ${tz}` : column);
  const from = literal(`${year}-01-01 00:00:00`);
  const to = literal(`${Number(year) + 1}-01-01 00:00:00`);
  return [
    ...prelude(src),
    copy(
      `  WITH d AS MATERIALIZED (
    SELECT manager, status = 'won' AS is_won, status = 'lost' AS is_lost, amount, ${time('created')} AS created, ${time('closed')} AS closed
    FROM ${dealsRelation(src)}
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
  ORDER BY grid.period, grid.manager`,
      out,
    ),
  ];
}

// ---------------------------------------------------------------------------------------------
// funnel: per pipeline stage, entered / durations of finished stays / open now / SLA breaches

/** (pipeline, stage, kind, pipeline position, stage position, sla days) rows of the config. */
export function stageTable(cfg) {
  const rows = [];
  cfg.pipelines.forEach((p, pi) => {
    p.stages.forEach((s, si) => rows.push([p.name, s, 'work', pi, si, p.sla[s] ?? null]));
    for (const s of p.won) rows.push([p.name, s, 'won', pi, null, null]);
    for (const s of p.lost) rows.push([p.name, s, 'lost', pi, null, null]);
  });
  return rows.map((r) => `(${r.map((v) => (v === null ? 'NULL' : typeof v === 'number' ? String(v) : sqlText(v))).join(', ')})`).join(',\n    ');
}

/**
 * The body of the funnel's `visits` CTE, shared by DuckDB's SQL (funnelSql) and sqlite3's (bench.mjs):
 * each visit of a work stage — over `w` (entries with the deal's next entry's time, `next_t`), `d`
 * (deals: id, pipeline, status, closed_ms) and `cfg` (stageTable) — with its hours, `open` and
 * `unknown_end`. `greatest` is the dialect's maximum of two values: DuckDB `greatest`, sqlite3 `max`.
 */
export function funnelVisits(asOf, greatest = 'greatest') {
  return `SELECT d.pipeline, w.stage, w.deal_id, c.pipeline_pos, c.pos, c.sla_days,
           (CASE WHEN next_t IS NOT NULL THEN next_t - t
                 WHEN status = 'open' OR closed_ms > ${asOf} THEN ${asOf} - t
                 WHEN closed_ms IS NULL THEN NULL
                 ELSE ${greatest}(closed_ms - t, 0) END) / 3600000.0 AS hours,
           next_t IS NULL AND (status = 'open' OR closed_ms > ${asOf}) AS open,
           next_t IS NULL AND status <> 'open' AND closed_ms IS NULL AS unknown_end
    FROM w JOIN d ON d.id = w.deal_id
    LEFT JOIN cfg c ON c.pipeline = d.pipeline AND c.stage = w.stage
    WHERE coalesce(c.kind, 'work') = 'work'`;
}

/**
 * SPEC §4 "funnel", all time: per deal, entries ordered by time; a visit runs to the deal's next
 * entry (lead()), the last one to closed_at when the deal is closed by --as-of, else it is open and
 * runs to --as-of; won / lost entries end visits and start none; a deal's time in a stage is the sum
 * of its visits; durations are over deals whose visits are all finished. (docs/PERFORMANCE.md has
 * the table of SPEC rule → SQL, and what is left out: moved_on, lost_here, flags, repeat collapsing.)
 */
export function funnelSql(src, out) {
  const asOf = asOfExprs(src).ms;
  return [
    ...prelude(src),
    `CREATE TEMP TABLE cfg AS SELECT * FROM (VALUES
    ${stageTable(src.cfg)}
  ) t(pipeline, stage, kind, pipeline_pos, pos, sla_days)`,
    copy(
      `  WITH d AS (
    SELECT id, pipeline, status, closed_ms FROM ${dealsRelation(src)}
  ),
  e AS (
    SELECT deal_id, stage, t_ms AS t FROM ${historyRelation(src)} WHERE t_ms <= ${asOf}
  ),
  w AS (
    SELECT deal_id, stage, t, lead(t) OVER (PARTITION BY deal_id ORDER BY t) AS next_t FROM e
  ),
  visits AS (
    ${funnelVisits(asOf)}
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
  ORDER BY any_value(pipeline_pos) NULLS LAST, pipeline, any_value(pos) NULLS LAST, stage`,
      out,
    ),
  ];
}

// ---------------------------------------------------------------------------------------------
// zombies: per manager, zombies and amount at risk, parked deals (SPEC §4, README "zombies")

/**
 * The verdict per open deal, over relations D (normalized deals) and E (normalized history):
 * - open = status open and created by --as-of (the export's status; src/metrics/zombies.ts);
 * - age_days = local days from created to the as-of date; the first rule whose band holds the
 *   amount gives max_age (amount_from inclusive, amount_below exclusive); no amount: the first rule
 *   without a band;
 * - days in stage: from the start of the deal's last visit (consecutive rows of one stage are one
 *   visit: a row whose stage differs from the previous row's starts a visit) among the events up to
 *   as-of, when that visit's stage is the deal's stage (trimmed, case-insensitive); else unknown
 *   (the files have no stage_changed_at column), and unknown is never `stuck`. The limit is the
 *   stage's rot_days in the deal's pipeline, else max_days_in_stage. Ties in time keep file order in
 *   dealpulse; DuckDB has no file order here, and the generated files have no ties within a deal;
 * - silent: days since last activity (when not after as-of) > max_days_without_activity;
 * - overdue: expected close date before the as-of date;
 * - parked: over its age limit with an expected close date on or after the as-of date: not a zombie.
 */
function zombieVerdicts(src, D, E) {
  const z = src.cfg.zombies;
  const a = asOfExprs(src);
  const band = (r) => [r.amount_from !== undefined ? `amount >= ${r.amount_from}` : null, r.amount_below !== undefined ? `amount < ${r.amount_below}` : null].filter(Boolean).join(' AND ') || 'true';
  const catchAll = z.rules.find((r) => r.amount_from === undefined && r.amount_below === undefined);
  const maxAge = z.rules.length
    ? `CASE WHEN amount IS NULL THEN ${num(catchAll?.max_age_days)} ${z.rules.map((r) => `WHEN ${band(r)} THEN ${r.max_age_days}`).join(' ')} END`
    : 'NULL';
  const rot = src.cfg.pipelines.flatMap((p) => Object.entries(p.rot).map(([stage, days]) => `(${sqlText(p.name)}, ${sqlText(stage.trim().toLowerCase())}, ${days})`));
  return `  od AS MATERIALIZED (
    SELECT id, manager, pipeline, stage, amount, created, expected, activity FROM ${D} WHERE status = 'open' AND created <= ${a.local}
  ),
  h AS (
    SELECT deal_id, stage, t, t_ms, stage IS DISTINCT FROM lag(stage) OVER (PARTITION BY deal_id ORDER BY t_ms) AS starts
    FROM ${E} WHERE t_ms <= ${a.ms} AND deal_id IN (SELECT id FROM od)
  ),
  clock AS (
    SELECT deal_id, arg_max(stage, t_ms) AS last_stage, max(t) FILTER (WHERE starts) AS since FROM h GROUP BY deal_id
  ),
  rot(pipeline, stage, days) AS (${rot.length ? `VALUES ${rot.join(', ')}` : `SELECT NULL::VARCHAR, NULL::VARCHAR, NULL::INT WHERE false`}),
  v AS (
    SELECT od.id, od.manager, od.amount, od.expected,
           date_diff('day', od.created::DATE, ${a.date}) AS age_days,
           ${maxAge} AS max_age,
           CASE WHEN lower(trim(c.last_stage)) = lower(trim(od.stage)) THEN date_diff('day', c.since::DATE, ${a.date}) END AS days_in_stage,
           coalesce(rot.days, ${num(z.max_days_in_stage)}) AS stuck_limit,
           CASE WHEN od.activity <= ${a.local} THEN date_diff('day', od.activity::DATE, ${a.date}) END AS days_since_activity
    FROM od LEFT JOIN clock c ON c.deal_id = od.id
    LEFT JOIN rot ON rot.pipeline = od.pipeline AND rot.stage = lower(trim(od.stage))
  ),
  reasons AS (
    SELECT *,
           coalesce(age_days > max_age, false) AS r_age,
           coalesce(days_in_stage > stuck_limit, false) AS r_stuck,
           coalesce(days_since_activity > ${num(z.max_days_without_activity)}, false) AS r_silent,
           coalesce(expected < ${a.date}, false) AS r_overdue
    FROM v
  ),
  verdicts AS (
    SELECT *, r_age AND coalesce(expected >= ${a.date}, false) AS parked FROM reasons
  ),
  zv AS (
    SELECT *, NOT parked AND (r_age OR r_stuck OR r_silent OR r_overdue) AS zombie FROM verdicts
  )`;
}

const zombiesByManager = (zv) => `SELECT manager, count(*) FILTER (WHERE zombie) AS zombies, coalesce(sum(amount) FILTER (WHERE zombie), 0) AS amount_at_risk,
         count(*) FILTER (WHERE parked) AS parked, coalesce(sum(amount) FILTER (WHERE parked), 0) AS parked_amount
  FROM ${zv} GROUP BY manager HAVING count(*) FILTER (WHERE zombie OR parked) > 0
  ORDER BY amount_at_risk DESC, manager`;

export function zombiesSql(src, out) {
  const D = dealsRelation(src);
  const E = historyRelation(src);
  return [
    ...prelude(src),
    // One pass for the verdicts, two small answers from it.
    `CREATE TEMP TABLE verdicts_all AS WITH\n${zombieVerdicts(src, D, E)}\n  SELECT * FROM zv`,
    copy(
      `  SELECT count(*) AS open_deals, count(*) FILTER (WHERE zombie) AS zombies, coalesce(sum(amount) FILTER (WHERE zombie), 0) AS amount_at_risk,
         count(*) FILTER (WHERE parked) AS parked, coalesce(sum(amount) FILTER (WHERE parked), 0) AS parked_amount,
         count(*) FILTER (WHERE zombie AND r_age) AS age, count(*) FILTER (WHERE zombie AND r_stuck) AS stuck,
         count(*) FILTER (WHERE zombie AND r_silent) AS silent, count(*) FILTER (WHERE zombie AND r_overdue) AS overdue
  FROM verdicts_all`,
      tablePath(out, 'totals'),
    ),
    copy(`  ${zombiesByManager('verdicts_all')}`, out),
  ];
}

// ---------------------------------------------------------------------------------------------
// commission: per team member, base, attainment, tier rate, bonuses, cap, payout (SPEC §4)

/** A team member's quota for a month `yyyy-MM` (src/metrics/commission.ts quotaForPeriod, one month). */
function monthQuota(quota, month) {
  if (typeof quota === 'number') return quota;
  if (Object.hasOwn(quota, month)) return quota[month];
  return quota.default ?? null;
}

/**
 * Exact like dealpulse: every sum is DECIMAL (amounts have cents), tier boundaries compared as
 * `attained >= from × quota` (no division), the payout rounded once (half-up: DuckDB's round() of a
 * DECIMAL takes a tie away from zero, which is half-up for these signs).
 * - credit_on: close only (the generated configs; payment plans need a payments file): a won deal
 *   whose closed_at is in the month, full base; every plan `require` field must be true, else the
 *   deal is pending (counted in pending / pending_base, not in the base).
 * - retroactive: base_total × the rate of the highest tier reached. marginal: base_total ×
 *   Σ rate_i × |[0, a] ∩ [from_i, from_{i+1})| / a with a = attained / quota; with base =
 *   attainment measure that is Σ rate_i × clamp(min(attained, from_{i+1} × quota) − from_i × quota),
 *   exact in DECIMAL (a plan whose base and attainment measures differ is refused: not exact here).
 * - no quota, quota 0 or attainment ≤ 0: the first tier's rate.
 * - bonuses: attainment_at_least t: attained ≥ t × quota; kpi conversion ≥ t: the manager's won
 *   (closed in the month) ≥ t × leads (created in the month), leads > 0, over all their deals.
 * - cap: cap_adjustment = min(0, cap − (commission + bonus)).
 * Managers with deals but not on the team are not computed (every generated manager is on it).
 */
function commissionRows(src, D, month) {
  const { commission } = src.cfg;
  const planNames = [...new Set(commission.team.map((m) => m.plan))];
  if (planNames.length !== 1) throw new Error(`the commission SQL handles one plan per data set; the team uses ${planNames.join(', ')}`);
  const plan = commission.plans[planNames[0]];
  if ((plan.credit_on ?? 'close') !== 'close') throw new Error('the commission SQL handles credit_on: close only');
  const baseOn = plan.base ?? 'revenue';
  const attainOn = plan.attainment_on ?? baseOn;
  const mode = plan.tier_mode ?? 'retroactive';
  if (mode === 'marginal' && baseOn !== attainOn) throw new Error('the commission SQL handles marginal tiers only with base = attainment_on');
  const measure = (m) => (m === 'margin' ? 'margin' : 'amount');
  const gates = (plan.require ?? []).map((field) => {
    if (field !== 'docs_uploaded') throw new Error(`the commission SQL knows the gate docs_uploaded only, not ${field}`);
    return 'docs';
  });
  const passes = gates.length ? gates.join(' AND ') : 'true';
  const tiers = plan.tiers;
  const r0 = tiers[0].rate;
  let rated;
  if (mode === 'retroactive') {
    const cases = tiers
      .map((t, i) => [t, i])
      .slice(1)
      .reverse()
      .map(([t]) => `WHEN attained >= ${t.from} * quota THEN ${t.rate}`)
      .join(' ');
    rated = `base_total * CASE WHEN quota IS NULL OR quota <= 0 OR attained <= 0 THEN ${r0} ${cases} ELSE ${r0} END`;
  } else {
    const slices = tiers.map((t, i) => {
      const top = i + 1 < tiers.length ? `least(attained, ${tiers[i + 1].from} * quota)` : 'attained';
      return `${t.rate} * greatest(${top} - ${t.from} * quota, 0)`;
    });
    rated = `CASE WHEN quota IS NULL OR quota <= 0 OR attained <= 0 THEN base_total * ${r0} ELSE ${slices.join(' + ')} END`;
  }
  const bonuses = (plan.bonuses ?? []).map((b) =>
    b.attainment_at_least !== undefined
      ? `CASE WHEN quota > 0 AND attained >= ${b.attainment_at_least} * quota THEN ${b.amount} ELSE 0 END`
      : `CASE WHEN leads > 0 AND won >= ${b.at_least} * leads THEN ${b.amount} ELSE 0 END`,
  );
  const bonus = bonuses.length ? bonuses.join(' + ') : '0';
  const cap = plan.cap !== undefined ? `least(0, ${Math.floor(plan.cap * 100) / 100} - (commission_exact + bonus))` : '0';
  const team = commission.team.map((m, i) => `(${i}, ${sqlText(m.manager)}, ${num(monthQuota(m.quota, month))}::DECIMAL(18,2))`).join(', ');
  const [y, mo] = month.split('-').map(Number);
  const from = `TIMESTAMP '${month}-01 00:00:00'`;
  const to = `TIMESTAMP '${mo === 12 ? y + 1 : y}-${String(mo === 12 ? 1 : mo + 1).padStart(2, '0')}-01 00:00:00'`;
  return `  team(pos, manager, quota) AS (VALUES ${team}),
  dm AS MATERIALIZED (
    SELECT manager, status, ${measure(baseOn)} AS base, ${measure(attainOn)} AS att, ${passes} AS ok,
           created >= ${from} AND created < ${to} AS lead_in, closed >= ${from} AND closed < ${to} AS closed_in
    FROM ${D} WHERE manager IN (SELECT manager FROM team)
  ),
  credits AS (
    SELECT manager,
           count(*) FILTER (WHERE status = 'won' AND closed_in AND ok) AS deals,
           coalesce(sum(base) FILTER (WHERE status = 'won' AND closed_in AND ok), 0) AS base_total,
           coalesce(sum(att) FILTER (WHERE status = 'won' AND closed_in AND ok), 0) AS attained,
           count(*) FILTER (WHERE status = 'won' AND closed_in AND NOT ok) AS pending,
           coalesce(sum(base) FILTER (WHERE status = 'won' AND closed_in AND NOT ok), 0) AS pending_base,
           count(*) FILTER (WHERE lead_in) AS leads,
           count(*) FILTER (WHERE status = 'won' AND closed_in) AS won
    FROM dm GROUP BY manager
  ),
  base AS (
    SELECT team.pos, team.manager, team.quota, coalesce(deals, 0) AS deals, coalesce(base_total, 0) AS base_total, coalesce(attained, 0) AS attained,
           coalesce(pending, 0) AS pending, coalesce(pending_base, 0) AS pending_base, coalesce(leads, 0) AS leads, coalesce(won, 0) AS won
    FROM team LEFT JOIN credits USING (manager)
  ),
  rated AS (SELECT *, ${rated} AS commission_exact, (${bonus})::DECIMAL(18,2) AS bonus FROM base),
  capped AS (SELECT *, ${cap} AS cap_exact FROM rated),
  commission_rows AS (
    SELECT pos, manager, quota, base_total, attained, CASE WHEN quota > 0 THEN attained / quota END AS attainment,
           round(commission_exact, 2) AS commission, bonus, round(cap_exact, 2) AS cap_adjustment,
           round(commission_exact + bonus + cap_exact, 2) AS payout, deals, pending, pending_base
    FROM capped
  )`;
}

export function commissionSql(src, out, { month }) {
  return [...prelude(src), copy(`  WITH\n${commissionRows(src, dealsRelation(src), month)}\n  SELECT * EXCLUDE (pos) FROM commission_rows ORDER BY pos`, out)];
}

// ---------------------------------------------------------------------------------------------
// report: the weekly snapshot's sections (headline, trend, conversion by manager, funnel entries,
// zombies, commission attainment, quality) — all from one read of each file into temp tables

/** Periods of `report --period last-week` at --as-of (weeks start on Monday, ISO). */
export function reportPeriods(asOf) {
  const t = new Date(`${asOf}T00:00:00Z`);
  const monday = addDays(asOf, -((t.getUTCDay() + 6) % 7)); // this week's Monday
  const current = { start: addDays(monday, -7), end: monday }; // end exclusive
  const previous = { start: addDays(monday, -14), end: addDays(monday, -7) };
  // The trend: the 12 weeks ending with the period's week; commission: the month of its last day.
  const trendStart = addDays(current.start, -7 * 11);
  const month = addDays(current.end, -1).slice(0, 7);
  return { current, previous, trendStart, month };
}

export function reportSql(src, out, { periods }) {
  const { current, previous, trendStart, month } = periods;
  const ts = (day) => `TIMESTAMP '${day} 00:00:00'`;
  const a = asOfExprs(src);
  if (src.cfg.weekStartsOn !== 'monday') throw new Error('the report SQL assumes week_starts_on: monday (date_trunc week)');
  return [
    ...prelude(src),
    `CREATE TEMP TABLE d AS SELECT * FROM ${dealsRelation(src)}`,
    `CREATE TEMP TABLE e AS SELECT * FROM ${historyRelation(src)}`,
    `CREATE TEMP TABLE cfg AS SELECT * FROM (VALUES
    ${stageTable(src.cfg)}
  ) t(pipeline, stage, kind, pipeline_pos, pos, sla_days)`,
    // Weekly leads / won / won amount over the trend's 12 weeks (conversion's period method); the
    // headline is the period's week and the one before it.
    `CREATE TEMP TABLE weeks AS
  WITH facts AS (
    SELECT date_trunc('week', created)::DATE AS week, 1 AS lead, 0 AS won, NULL::DECIMAL(18,2) AS amount FROM d WHERE created >= ${ts(trendStart)} AND created < ${ts(current.end)}
    UNION ALL
    SELECT date_trunc('week', closed)::DATE, 0, 1, amount FROM d WHERE status = 'won' AND closed >= ${ts(trendStart)} AND closed < ${ts(current.end)}
  )
  SELECT w.week, coalesce(sum(lead), 0) AS leads, coalesce(sum(won), 0) AS won, coalesce(sum(amount), 0) AS won_amount, count(amount) AS won_with_amount
  FROM (SELECT unnest(range(DATE '${trendStart}', DATE '${current.end}', INTERVAL 7 DAY))::DATE AS week) w LEFT JOIN facts USING (week)
  GROUP BY w.week`,
    copy(
      `  SELECT CASE week WHEN DATE '${current.start}' THEN 'current' ELSE 'previous' END AS kind, leads, won, won / nullif(leads, 0) AS conversion,
         won_amount, won_amount / nullif(won_with_amount, 0) AS avg_deal
  FROM weeks WHERE week IN (DATE '${current.start}', DATE '${previous.start}')`,
      tablePath(out, 'headline'),
    ),
    copy(`  SELECT strftime(week, '%Y-%m-%d') AS period_start, leads, won, won / nullif(leads, 0) AS conversion FROM weeks ORDER BY week`, tablePath(out, 'trend')),
    copy(
      `  WITH facts AS (
    SELECT manager, 1 AS lead, 0 AS won, 0 AS lost FROM d WHERE created >= ${ts(current.start)} AND created < ${ts(current.end)}
    UNION ALL
    SELECT manager, 0, (status = 'won')::INT, (status = 'lost')::INT FROM d WHERE status <> 'open' AND closed >= ${ts(current.start)} AND closed < ${ts(current.end)}
  )
  SELECT manager, sum(lead) AS leads, sum(won) AS won, sum(lost) AS lost FROM facts GROUP BY manager ORDER BY manager`,
      tablePath(out, 'conversion'),
    ),
    // Funnel of the period: per configured stage, deals with a visit starting in the week (a row
    // whose stage differs from the deal's previous row starts a visit), and open deals whose last
    // entry by as-of is the stage (a snapshot). Durations, moved_on and lost_here are left out.
    copy(
      `  WITH h AS (
    SELECT e.deal_id, e.stage, e.t, e.t_ms, d.pipeline, d.status, d.closed_ms,
           e.stage IS DISTINCT FROM lag(e.stage) OVER (PARTITION BY e.deal_id ORDER BY e.t_ms) AS starts,
           row_number() OVER (PARTITION BY e.deal_id ORDER BY e.t_ms DESC) = 1 AS last
    FROM e JOIN d ON d.id = e.deal_id WHERE e.t_ms <= ${a.ms}
  ),
  entered AS (
    SELECT pipeline, stage, count(DISTINCT deal_id) AS entered FROM h WHERE starts AND t >= ${ts(current.start)} AND t < ${ts(current.end)} GROUP BY pipeline, stage
  ),
  open_now AS (
    SELECT pipeline, stage, count(*) AS open_now FROM h WHERE last AND (status = 'open' OR closed_ms > ${a.ms}) GROUP BY pipeline, stage
  )
  SELECT c.pipeline, c.stage, coalesce(entered, 0) AS entered, coalesce(open_now, 0) AS open_now
  FROM cfg c LEFT JOIN entered USING (pipeline, stage) LEFT JOIN open_now USING (pipeline, stage)
  WHERE c.kind = 'work' ORDER BY c.pipeline_pos, c.pos`,
      tablePath(out, 'funnel'),
    ),
    copy(`  WITH\n${zombieVerdicts(src, 'd', 'e')}\n  ${zombiesByManager('zv')}`, tablePath(out, 'zombies')),
    copy(`  WITH\n${commissionRows(src, 'd', month)}\n  SELECT manager, attainment, deals, pending FROM commission_rows ORDER BY pos`, tablePath(out, 'commission')),
    copy(
      `  SELECT count(*) AS total, count(*) FILTER (WHERE status = 'open') AS open, count(*) FILTER (WHERE status = 'won') AS won, count(*) FILTER (WHERE status = 'lost') AS lost,
         count(*) - count(DISTINCT id) AS duplicate_ids, count(*) FILTER (WHERE closed_ms < created_ms) AS closed_before_created,
         count(*) FILTER (WHERE status = 'won' AND closed IS NULL) AS won_without_close_date,
         (SELECT count(*) FROM e WHERE deal_id NOT IN (SELECT id FROM d)) AS events_for_unknown_deals
  FROM d`,
      out,
    ),
  ];
}

// ---------------------------------------------------------------------------------------------
// doctor: rows read per file, deals by status, date range, managers, stages, the usual problems

export function doctorSql(src, out) {
  return [
    ...prelude(src),
    `CREATE TEMP TABLE d AS SELECT * FROM ${dealsRelation(src)}`,
    `CREATE TEMP TABLE e AS SELECT * FROM ${historyRelation(src)}`,
    copy(`  SELECT 'deals' AS file, (SELECT count(*) FROM d) AS rows_read UNION ALL SELECT 'history', (SELECT count(*) FROM e)`, tablePath(out, 'files')),
    copy(`  SELECT manager, count(*) AS deals FROM d GROUP BY manager ORDER BY deals DESC, manager`, tablePath(out, 'managers')),
    // Per pipeline and stage: deals now in it (deals file) and entries into it (history, in the
    // pipeline of their deal).
    copy(
      `  WITH now AS (SELECT pipeline, stage, count(*) AS deals FROM d GROUP BY pipeline, stage),
  ev AS (SELECT d.pipeline, e.stage, count(*) AS events FROM e JOIN d ON d.id = e.deal_id GROUP BY d.pipeline, e.stage)
  SELECT pipeline, stage, coalesce(deals, 0) AS deals, coalesce(events, 0) AS events FROM now FULL JOIN ev USING (pipeline, stage) ORDER BY pipeline, stage`,
      tablePath(out, 'stages'),
    ),
    copy(
      `  SELECT count(*) AS total, count(*) FILTER (WHERE status = 'open') AS open, count(*) FILTER (WHERE status = 'won') AS won, count(*) FILTER (WHERE status = 'lost') AS lost,
         strftime(min(created), '%Y-%m-%d') AS created_from, strftime(max(created), '%Y-%m-%d') AS created_to,
         count(*) - count(DISTINCT id) AS duplicate_ids, count(*) FILTER (WHERE closed_ms < created_ms) AS closed_before_created,
         count(*) FILTER (WHERE status = 'won' AND closed IS NULL) AS won_without_close_date,
         (SELECT count(*) FROM e WHERE deal_id NOT IN (SELECT id FROM d)) AS events_for_unknown_deals
  FROM d`,
      out,
    ),
  ];
}

/** The statements of `workload` for DuckDB. */
export function duckdbSql(workload, src, out, options) {
  switch (workload) {
    case 'conversion':
      return conversionSql(src, out, options);
    case 'funnel':
      return funnelSql(src, out);
    case 'zombies':
      return zombiesSql(src, out);
    case 'commission':
      return commissionSql(src, out, options);
    case 'report':
      return reportSql(src, out, options);
    case 'doctor':
      return doctorSql(src, out);
    default:
      throw new Error(`no DuckDB SQL for ${workload}`);
  }
}
