#!/usr/bin/env node
// Writes a synthetic, realistic CRM export for the benchmark (`npm run bench`, docs/PERFORMANCE.md)
// into bench-data/bench/<size>/ (git-ignored) — the `bench` shape; the other shapes (`--shape`) are
// the same deals re-written by scripts/lib/shapes.mjs into bench-data/<shape>/<size>/:
//
//   deals.csv    generic dealpulse headers, UTF-8, `,`; one row per deal, ids in creation order
//   history.csv  entry form `deal_id,stage,entered_at`, ~5 events per deal, in time order (an audit-log
//                export: the events of one deal are interleaved with everybody else's)
//   kpi.yaml     paths relative to itself; pipelines, targets, zombies, commission
//   meta.json    counts, bytes, seed and generator version; written last, so a half-written data set
//                (an interrupted run) is never mistaken for a complete one
//
// Usage: node scripts/generate-bench.mjs [--size 100k|1m|<N>[k|m]] [--shape NAME] [--out DIR] [--force] [--quiet]
//   --size   number of deals (default 100k); 1m = 162 MB of deals, 4.93 M events = 195 MB of history
//   --shape  bench (default), iso-z, amocrm, shuffled-ids, shuffled-history (scripts/lib/shapes.mjs);
//            a shape other than bench is made from bench's files of the same size (written first
//            when missing)
//   --out    the folder to write (default bench-data/<shape>/<size>/)
//   --force  rewrite even when meta.json says the data set is already there and current
//
// Deterministic: one seeded PRNG (mulberry32), fixed dates, no Math.random, no clock, no
// dependencies; the same size gives byte-identical files on every machine. Files are streamed in
// ~1 MB chunks; the only big memory is the event arrays kept for the time-ordered history (typed
// arrays, ~20 bytes an event).
//
// Times are Europe/Moscow wall-clock (the config's timezone). Moscow has had no DST since 2014, so
// wall-clock arithmetic (Date.UTC / getUTC*) is exact and no time falls into a DST gap.
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ChunkWriter } from './lib/chunk-writer.mjs';
import { csvCell } from './lib/csv.mjs';
import { DAY, HOUR, MIN, pad2, wall } from './lib/wall-clock.mjs';
import { mulberry32 } from './lib/mulberry32.mjs';
import { BENCH_DEALS, BENCH_HISTORY, currentShapeMeta, SHAPE_NAMES, writeShape } from './lib/shapes.mjs';

/** Bump when the output changes, so that bench.mjs regenerates stale data sets. */
export const GENERATOR_VERSION = 1;
const SEED = 20260101;

const ROOT = fileURLToPath(new URL('..', import.meta.url));


const FIRST_DAY = wall(2024, 1, 1);
const LAST_DAY = wall(2025, 12, 31); // creation dates run through this day
const CUTOFF = wall(2025, 12, 31, 20, 0, 0); // the moment of the export: nothing happens after it
export const TIMEZONE = 'Europe/Moscow';
export const AS_OF = '2026-01-01';

// ---------------------------------------------------------------------------------------------
// PRNG (mulberry32) and samplers

let rand = mulberry32(SEED);
const randInt = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1)); // inclusive
const chance = (p) => rand() < p;
function normal() {
  const u = 1 - rand();
  const v = rand();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}
const logNormal = (median, sigma) => median * Math.exp(sigma * normal());
const pick = (items) => items[Math.floor(rand() * items.length)];
/** Cumulative weights → a sampler returning an index. */
function sampler(weights) {
  const total = weights.reduce((s, w) => s + w, 0);
  const cum = [];
  let acc = 0;
  for (const w of weights) cum.push((acc += w / total));
  return () => {
    const r = rand();
    for (let i = 0; i < cum.length; i++) if (r < cum[i]) return i;
    return cum.length - 1;
  };
}

// ---------------------------------------------------------------------------------------------
// The sales organisation

const WON = 'Won';
const LOST = 'Lost';

// durations: [median hours, log-normal sigma] per stage; lose: chance of being lost at the stage.
const PIPELINES = {
  default: {
    share: 0.7,
    stages: ['New lead', 'Qualification', 'Needs analysis', 'Proposal sent', 'Negotiation', 'Contract signing'],
    durations: [[6, 1.0], [40, 0.8], [70, 0.7], [110, 0.7], [260, 0.6], [90, 0.5]],
    lose: [0.13, 0.13, 0.12, 0.2, 0.22, 0.06],
    skip: [0, 0, 0.1, 0, 0, 0], // Needs analysis is skipped now and then
    sla: { 'New lead': 1, Qualification: 3, 'Needs analysis': 5, 'Proposal sent': 7, Negotiation: 21, 'Contract signing': 7 },
    rot: { 'Proposal sent': 21, Negotiation: 45, 'Contract signing': 21 },
    amount: () => (chance(0.03) ? logNormal(2_400_000, 0.5) : logNormal(280_000, 0.6)),
    roundTo: 1000,
  },
  partners: {
    share: 0.3,
    stages: ['New lead', 'Qualification', 'Proposal sent', 'Contract signing', 'Invoice sent'],
    durations: [[4, 1.0], [30, 0.8], [80, 0.6], [70, 0.5], [60, 0.6]],
    lose: [0.12, 0.14, 0.22, 0.1, 0.06],
    skip: [0, 0, 0, 0, 0],
    sla: { 'New lead': 1, Qualification: 3, 'Proposal sent': 7, 'Contract signing': 7, 'Invoice sent': 5 },
    rot: { 'Proposal sent': 21, 'Invoice sent': 30 },
    amount: () => logNormal(65_000, 0.7),
    roundTo: 10,
  },
};
const PIPELINE_NAMES = Object.keys(PIPELINES);

const MANAGERS = [
  'Ivanova', 'Petrov', 'Sidorov', 'Smirnova', 'Kuznetsov', 'Popova', 'Vasiliev', 'Sokolova', 'Mikhailov', 'Novikova',
  'Fedorov', 'Morozova', 'Volkov', 'Alekseeva', 'Lebedev', 'Semenova', 'Egorov', 'Pavlova', 'Kozlov', 'Stepanova',
  'Nikolaev', 'Orlova', 'Andreev', 'Makarova', 'Zakharov', 'Zaitseva', 'Soloviev', 'Borisova', 'Yakovlev', 'Grigorieva',
  'Romanov', 'Vorobieva', 'Sergeev', 'Kuzmina', 'Frolov', 'Aleksandrova', 'Dmitriev', 'Korolyova', 'Gusev', 'Kiseleva',
  'Ilyin', 'Maksimova', 'Polyakov', 'Sorokina', 'Vinogradov', 'Kovalyova', 'Belov', 'Medvedeva', 'Antonov', 'Tarasova',
];
// Managers differ in lead volume, skill (chance to survive a stage) and pace.
const managerProfile = MANAGERS.map((name, i) => {
  const r = mulberry32(SEED + 1000 + i); // own stream: profiles do not depend on the data size
  return { name, weight: 0.5 + r() * 1.5, skill: 0.8 + r() * 0.4, pace: 0.7 + r() * 0.7, partners: r() < 0.3 };
});

const SOURCES = ['web', 'referral', 'expo', 'cold call', 'partner', 'ads', 'repeat'];
const sourceOf = sampler([30, 15, 6, 12, 10, 20, 7]);
const LOST_REASONS = ['Too expensive', 'No budget', 'Chose a competitor', 'No response', 'Not a fit', 'Bad timing'];
const lostReasonOf = sampler([22, 15, 20, 25, 10, 8]);

const PRODUCTS = [
  'Warehouse racks', 'Office chairs', 'Conveyor line', 'Forklift service', 'Pallet wrapping', 'Loading docks',
  'Mezzanine floor', 'Shelving upgrade', 'Cold storage', 'Barcode scanners', 'Packing tables', 'Safety audit',
];
const PRODUCTS_RU = ['Поставка стеллажей', 'Монтаж мезонина', 'Обслуживание погрузчиков', 'Холодный склад', 'Упаковочные столы'];
const CLIENTS = ['Alfa', 'Beta Logistics', 'Gamma Trade', 'Delta Foods', 'Omega Retail', 'Sigma Group', 'Vector', 'Nord Stroy', 'Ural Steel', 'Volga Agro'];
const CLIENTS_RU = ['ООО «Ромашка»', 'АО «Северсталь-Снаб»', 'ИП Кузнецов', 'ООО «Волга-Агро»'];

function titleOf() {
  const n = randInt(1, 9999);
  const r = rand();
  if (r < 0.06) return `${pick(PRODUCTS_RU)} — ${pick(CLIENTS_RU)} ${n}`;
  if (r < 0.11) return `${pick(PRODUCTS)}, phase ${randInt(1, 4)} — ${pick(CLIENTS)} ${n}`; // a comma: quoted
  if (r < 0.115) return `"${pick(PRODUCTS)}" for ${pick(CLIENTS)} ${n}`; // quotes: quoted and doubled
  return `${pick(PRODUCTS)} — ${pick(CLIENTS)} ${n}`;
}

// ---------------------------------------------------------------------------------------------
// Formatting

function fmtDateTime(t) {
  const d = new Date(t);
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`;
}
function fmtDate(t) {
  const d = new Date(t);
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
}

// ---------------------------------------------------------------------------------------------
// One deal's life

const seasonOf = (t) => {
  // More leads in spring and autumn, fewer in the first half of January and in August.
  const month = new Date(t).getUTCMonth();
  return [0.6, 0.95, 1.1, 1.1, 1.0, 0.95, 0.85, 0.7, 1.05, 1.15, 1.15, 1.0][month];
};

/** Working-hours creation time on `day` (wall-clock ms at midnight). */
function creationTime(day) {
  const weekend = [0, 6].includes(new Date(day).getUTCDay());
  const hour = weekend ? randInt(10, 18) : chance(0.85) ? randInt(9, 18) : randInt(0, 23);
  return day + hour * HOUR + randInt(0, 59) * MIN + randInt(0, 59) * 1000;
}

/**
 * Stage entries of one deal: pushes [time, stageCode] pairs into `out` (stage codes: index in the
 * pipeline, WON_CODE, LOST_CODE) and returns the outcome.
 */
const WON_CODE = 100;
const LOST_CODE = 101;
function lifeOf(pipeline, manager, created, out) {
  const p = PIPELINES[pipeline];
  const n = p.stages.length;
  const zombie = chance(0.1); // stalls somewhere and is never closed
  const zombieAt = zombie ? randInt(0, n - 1) : -1;
  let t = created;
  let i = 0;
  out.push(t, 0);
  let reentered = false;
  for (;;) {
    if (i === zombieAt) return { status: 'open', stage: i };
    const [median, sigma] = p.durations[i];
    const hours = Math.max(0.02, logNormal(median * manager.pace, sigma));
    const next = t + Math.round(hours * 3600) * 1000 + randInt(1, 59) * 1000;
    if (next > CUTOFF) return { status: 'open', stage: i };
    t = next;
    if (chance(Math.min(0.95, p.lose[i] / manager.skill))) {
      out.push(t, LOST_CODE);
      return { status: 'lost', stage: i, closedAt: t };
    }
    // Now and then a deal goes one step back (a proposal reworked during negotiation).
    if (i >= 2 && !reentered && chance(0.08)) {
      reentered = true;
      i -= 1;
      out.push(t, i);
      continue;
    }
    let step = 1;
    if (i + 2 < n && chance(p.skip[i + 1])) step = 2;
    i += step;
    if (i >= n) {
      out.push(t, WON_CODE);
      return { status: 'won', stage: n - 1, closedAt: t };
    }
    out.push(t, i);
  }
}

// ---------------------------------------------------------------------------------------------
// The data set

export function parseSize(text) {
  const m = /^(\d+(?:\.\d+)?)([km]?)$/i.exec(String(text).trim());
  if (!m) throw new Error(`--size ${text}: expected a number of deals such as 100k, 1m or 25000`);
  const n = Math.round(Number(m[1]) * (m[2].toLowerCase() === 'm' ? 1e6 : m[2].toLowerCase() === 'k' ? 1e3 : 1));
  if (!(n >= 10)) throw new Error(`--size ${text}: at least 10 deals`);
  return n;
}

function kpiYaml(meta) {
  const lines = [
    `# Benchmark data set written by scripts/generate-bench.mjs (version ${GENERATOR_VERSION}, seed ${SEED}):`,
    `# ${meta.deals} deals, ${meta.events} stage events. Do not edit: it is rewritten when the generator changes.`,
    `company: Bench Logistics`,
    `timezone: ${TIMEZONE}`,
    `currency: RUB`,
    `week_starts_on: monday`,
    ``,
    `data:`,
    `  deals:`,
    `    path: deals.csv`,
    `    preset: generic`,
    `    encoding: utf-8`,
    `    delimiter: ","`,
    `    date_format: "yyyy-MM-dd HH:mm:ss"`,
    `    columns:`,
    ...BENCH_DEALS.map((c) => `      ${c}: ${c}`),
    `    status:`,
    `      won: [${WON}]`,
    `      lost: [${LOST}]`,
    `  history:`,
    `    path: history.csv`,
    `    encoding: utf-8`,
    `    delimiter: ","`,
    `    date_format: "yyyy-MM-dd HH:mm:ss"`,
    `    columns:`,
    ...BENCH_HISTORY.map((c) => `      ${c}: ${c}`),
    ``,
    `pipelines:`,
  ];
  for (const [name, p] of Object.entries(PIPELINES)) {
    const map = (o) => `{ ${Object.entries(o).map(([k, v]) => `${k}: ${v}`).join(', ')} }`;
    lines.push(
      `  ${name}:`,
      `    stages: [${p.stages.join(', ')}]`,
      `    won: [${WON}]`,
      `    lost: [${LOST}]`,
      `    sla_days: ${map(p.sla)}`,
      `    rot_days: ${map(p.rot)}`,
    );
  }
  lines.push(
    ``,
    `targets:`,
    `  conversion:`,
    `    default: 0.25`,
    `    2025-Q1: 0.22`,
    `    2025-Q4: 0.28`,
    `    by_pipeline: { partners: 0.35 }`,
    `    by_manager: { Ivanova: 0.3, Petrov: 0.3 }`,
    ``,
    `zombies:`,
    `  rules:`,
    `    - { name: small, amount_below: 50000, max_age_days: 30 }`,
    `    - { name: large, amount_from: 1000000, max_age_days: 120 }`,
    `    - { name: default, max_age_days: 60 }`,
    `  max_days_in_stage: 45`,
    `  max_days_without_activity: 21`,
    ``,
    `commission:`,
    `  rounding: half-up`,
    `  plans:`,
    `    hunter:`,
    `      base: margin`,
    `      credit_on: close`,
    `      tier_mode: retroactive`,
    `      tiers:`,
    `        - { from: 0.0, rate: 0.02 }`,
    `        - { from: 0.8, rate: 0.04 }`,
    `        - { from: 1.0, rate: 0.06 }`,
    `      bonuses:`,
    `        - { name: conversion, kpi: conversion, at_least: 0.3, amount: 15000 }`,
    `      cap: 600000`,
    `  team:`,
    ...MANAGERS.map((m, i) => `    - { manager: ${m}, plan: hunter, quota: ${(4 + (i % 5)) * 250_000 * Math.max(1, Math.round(meta.deals / 100_000))} }`),
    ``,
  );
  return lines.join('\n');
}

/**
 * Writes the data set for `deals` deals into `outDir`; returns its meta. Files are written under
 * temporary names and renamed at the end; meta.json comes last.
 */
export function generate({ deals: N, outDir, log = () => {} }) {
  rand = mulberry32(SEED);
  mkdirSync(outDir, { recursive: true });
  const started = Date.now();

  // Creation times: one per deal, sorted, so ids grow with time as in a real CRM.
  const days = Math.round((LAST_DAY - FIRST_DAY) / DAY) + 1;
  const dayWeights = [];
  for (let d = 0; d < days; d++) dayWeights.push(seasonOf(FIRST_DAY + d * DAY) * (1 + (0.35 * d) / days)); // the business grows
  const daySampler = (() => {
    const total = dayWeights.reduce((s, w) => s + w, 0);
    const cum = new Float64Array(days);
    let acc = 0;
    for (let d = 0; d < days; d++) cum[d] = acc += dayWeights[d] / total;
    return () => {
      const r = rand();
      let lo = 0;
      let hi = days - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cum[mid] > r) hi = mid;
        else lo = mid + 1;
      }
      return lo;
    };
  })();
  const created = new Float64Array(N);
  for (let k = 0; k < N; k++) created[k] = creationTime(FIRST_DAY + daySampler() * DAY);
  created.sort();

  const managerOf = sampler(managerProfile.map((m) => m.weight));
  const partnerManagers = managerProfile.filter((m) => m.partners);

  // Events, kept for the time-ordered history: key = (seconds since FIRST_DAY · 2^21 + deal) · 16 +
  // ordinal within the deal (26 + 21 + 4 = 51 bits: exact in a double), sorted numerically.
  const cap = Math.ceil(N * 5.6) + 1024;
  let keys = new Float64Array(cap);
  let stages = new Uint8Array(cap); // in generation order: deal k's events are at evStart[k]…
  const evStart = new Uint32Array(N + 1);
  const dealPipeline = new Uint8Array(N);
  let nEvents = 0;
  if (N >= 1 << 21) throw new Error('at most 2 097 151 deals');

  const tmp = (name) => join(outDir, `${name}.tmp`);
  const dealsOut = new ChunkWriter(tmp('deals.csv'));
  dealsOut.write(`${BENCH_DEALS.join(',')}\n`);
  const counts = { won: 0, lost: 0, open: 0, wonWithoutCloseDate: 0, amountMissing: 0 };
  const life = [];

  for (let k = 0; k < N; k++) {
    const t0 = created[k];
    let manager = managerProfile[managerOf()];
    let pipeline = chance(PIPELINES.partners.share) ? 'partners' : 'default';
    // Partner deals go to the managers who work with partners.
    if (pipeline === 'partners' && !manager.partners) manager = pick(partnerManagers);
    const p = PIPELINES[pipeline];
    dealPipeline[k] = PIPELINE_NAMES.indexOf(pipeline);

    life.length = 0;
    const outcome = lifeOf(pipeline, manager, t0, life);
    evStart[k] = nEvents;
    if (nEvents + life.length / 2 > keys.length) {
      const grow = (a, C) => {
        const b = new C(Math.ceil(a.length * 1.25));
        b.set(a);
        return b;
      };
      keys = grow(keys, Float64Array);
      stages = grow(stages, Uint8Array);
    }
    for (let j = 0; j < life.length; j += 2) {
      const sec = Math.round((life[j] - FIRST_DAY) / 1000);
      keys[nEvents] = (sec * 2 ** 21 + k) * 16 + j / 2;
      stages[nEvents] = life[j + 1];
      nEvents++;
    }
    const lastEvent = life[life.length - 2];

    counts[outcome.status]++;
    let stage = outcome.status === 'won' ? WON : outcome.status === 'lost' ? LOST : p.stages[outcome.stage];
    let closedAt = outcome.closedAt;
    if (outcome.status === 'won' && chance(0.001)) {
      closedAt = undefined; // the classic data-quality slip: won, no close date (kept with a warning)
      counts.wonWithoutCloseDate++;
    }
    let amount = p.amount();
    amount = Math.max(p.roundTo, Math.round(amount / p.roundTo) * p.roundTo);
    let amountText = String(amount);
    if (chance(0.05)) amountText = `${amount}.${pad2(randInt(1, 99))}`; // some budgets have kopecks
    if (outcome.status === 'open' && chance(0.02)) {
      amountText = ''; // nobody filled it in yet
      counts.amountMissing++;
    }
    const marginText = amountText === '' ? '' : String(Math.round(amount * (0.15 + rand() * 0.25)));
    const expected = chance(0.7) ? fmtDate(t0 + Math.round(logNormal(30, 0.6)) * DAY) : '';
    const activityEnd = closedAt ?? CUTOFF;
    const lastActivity = Math.min(activityEnd, lastEvent + Math.round(rand() * Math.max(0, activityEnd - lastEvent) * (outcome.status === 'open' ? 0.5 : 1)));

    dealsOut.write(
      `${1_000_001 + k},${csvCell(titleOf())},${manager.name},${pipeline},${stage},${amountText},${marginText},${fmtDateTime(t0)},${
        closedAt === undefined ? '' : fmtDateTime(closedAt)
      },${expected},${fmtDateTime(lastActivity)},${SOURCES[sourceOf()]},${outcome.status === 'lost' ? LOST_REASONS[lostReasonOf()] : ''}\n`,
    );
    if ((k + 1) % 200_000 === 0) log(`  deals: ${k + 1}/${N}`);
  }
  evStart[N] = nEvents;
  const dealsBytes = dealsOut.close();
  log(`  deals.csv: ${N} rows, ${(dealsBytes / 1e6).toFixed(1)} MB; sorting ${nEvents} events by time…`);

  // History in time order (ties between deals: by deal id, then the deal's own order).
  const sorted = keys.subarray(0, nEvents);
  sorted.sort();
  const histOut = new ChunkWriter(tmp('history.csv'));
  histOut.write(`${BENCH_HISTORY.join(',')}\n`);
  let lastSec = -1;
  let lastStamp = '';
  for (let e = 0; e < nEvents; e++) {
    const key = sorted[e];
    const ord = key % 16;
    const rest = (key - ord) / 16;
    const k = rest % 2 ** 21;
    const sec = (rest - k) / 2 ** 21;
    const code = stages[evStart[k] + ord];
    const p = PIPELINES[PIPELINE_NAMES[dealPipeline[k]]];
    const stage = code === WON_CODE ? WON : code === LOST_CODE ? LOST : p.stages[code];
    if (sec !== lastSec) {
      lastSec = sec;
      lastStamp = fmtDateTime(FIRST_DAY + sec * 1000);
    }
    histOut.write(`${1_000_001 + k},${stage},${lastStamp}\n`);
  }
  const historyBytes = histOut.close();

  const meta = {
    generator: 'scripts/generate-bench.mjs',
    version: GENERATOR_VERSION,
    seed: SEED,
    deals: N,
    events: nEvents,
    won: counts.won,
    lost: counts.lost,
    open: counts.open,
    won_without_close_date: counts.wonWithoutCloseDate,
    amounts_missing: counts.amountMissing,
    managers: MANAGERS.length,
    pipelines: Object.fromEntries(Object.entries(PIPELINES).map(([name, p]) => [name, p.stages])),
    timezone: TIMEZONE,
    as_of: AS_OF,
    bytes: { deals: dealsBytes, history: historyBytes },
    seconds: (Date.now() - started) / 1000,
  };
  writeFileSync(tmp('kpi.yaml'), kpiYaml(meta));
  for (const name of ['deals.csv', 'history.csv', 'kpi.yaml']) renameSync(tmp(name), join(outDir, name));
  writeFileSync(join(outDir, 'meta.json'), `${JSON.stringify(meta, null, 2)}\n`);
  log(
    `  history.csv: ${nEvents} rows (${(nEvents / N).toFixed(2)} a deal), ${(historyBytes / 1e6).toFixed(1)} MB; ` +
      `won ${counts.won}, lost ${counts.lost}, open ${counts.open} (${((100 * counts.open) / N).toFixed(1)} %); ${meta.seconds.toFixed(1)} s`,
  );
  return meta;
}

/** The meta of a complete, current data set in `dir`, or undefined. */
export function currentMeta(dir, deals) {
  const file = join(dir, 'meta.json');
  if (!existsSync(file)) return undefined;
  try {
    const meta = JSON.parse(readFileSync(file, 'utf8'));
    if (meta.version !== GENERATOR_VERSION || meta.deals !== deals) return undefined;
    for (const [name, bytes] of [['deals.csv', meta.bytes.deals], ['history.csv', meta.bytes.history]]) {
      if (!existsSync(join(dir, name)) || statSync(join(dir, name)).size !== bytes) return undefined;
    }
    if (!existsSync(join(dir, 'kpi.yaml'))) return undefined;
    return meta;
  } catch {
    return undefined;
  }
}

export const defaultDir = (size, shape = 'bench') => join(ROOT, 'bench-data', shape, size);

// ---------------------------------------------------------------------------------------------
// CLI

async function main(argv) {
  const args = { size: '100k', shape: 'bench', out: undefined, force: false, quiet: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--size') args.size = argv[++i];
    else if (a === '--shape') args.shape = argv[++i];
    else if (a === '--out') args.out = argv[++i];
    else if (a === '--force') args.force = true;
    else if (a === '--quiet') args.quiet = true;
    else if (a === '--help' || a === '-h') {
      console.log(`usage: node scripts/generate-bench.mjs [--size 100k|1m|<N>] [--shape ${SHAPE_NAMES.join('|')}] [--out DIR] [--force] [--quiet]`);
      return 0;
    } else {
      console.error(`generate-bench: unknown argument ${a} (try --help)`);
      return 2;
    }
  }
  let deals;
  try {
    deals = parseSize(args.size);
  } catch (err) {
    console.error(`generate-bench: ${err.message}`);
    return 2;
  }
  if (!SHAPE_NAMES.includes(args.shape)) {
    console.error(`generate-bench: --shape ${args.shape}: expected one of ${SHAPE_NAMES.join(', ')}`);
    return 2;
  }
  const log = args.quiet ? () => {} : (m) => console.error(m);
  const outDir = args.out ? resolve(args.out) : defaultDir(args.size, args.shape);
  // A derived shape is made from bench's data set of the same size, in its usual place.
  const benchDir = args.shape === 'bench' ? outDir : defaultDir(args.size);
  let benchMeta = currentMeta(benchDir, deals);
  if (!benchMeta || (args.force && args.shape === 'bench')) {
    log(`generate-bench: writing ${deals} deals into ${benchDir}`);
    benchMeta = generate({ deals, outDir: benchDir, log });
  } else if (args.shape === 'bench') log(`generate-bench: ${outDir} is up to date (use --force to rewrite)`);
  if (args.shape === 'bench') return 0;
  if (!args.force && currentShapeMeta(outDir, args.shape, benchMeta)) {
    log(`generate-bench: ${outDir} is up to date (use --force to rewrite)`);
    return 0;
  }
  log(`generate-bench: writing shape ${args.shape} of ${deals} deals into ${outDir}`);
  await writeShape({ shape: args.shape, benchDir, benchMeta, outDir, log });
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
