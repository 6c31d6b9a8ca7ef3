// A 2 GB deals file (issue 10): does `dealpulse conversion` stream it in bounded memory? Run by
// `npm run bench -- --big-deals` (docs/PERFORMANCE.md, "A 2 GB deals file").
//
// The file is the 1m data set's deals.csv written 13 times over (≈ 2.1 GB, 13 M deals) with the ids
// renumbered so that they keep growing (copy c adds c × 1 000 000: the 1m ids run 1 000 001 …
// 2 000 000, so copy 1 runs 2 000 001 … 3 000 000 and so on), into bench-data/2gb/ (git-ignored),
// rebuilt when the 1m set changes. Then `conversion --period 2025 --every month --by manager` runs on
// the 1m set and on the 2 GB file, `--runs` times each, alternating; the table shows wall time and
// peak RSS of both, and the check requires every row of the 2 GB report to be exactly 13 × the 1m
// row (leads, won, lost, won_amount, amounts_missing) with the same ratios (conversion, win_rate,
// avg_deal) — the copies hold the same deals at the same dates, so nothing else is right.
import { createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { join, relative, sep } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { ensureData } from './lib/bench-data.mjs';
import { measure } from './lib/measure.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DEALPULSE = join(ROOT, 'bin', 'dealpulse.js');
const COPIES = 13;
const ID_STEP = 1_000_000;
const log = (m = '') => process.stderr.write(`${m}\n`);

/** bench-data/2gb/: deals.csv (13 renumbered copies of the 1m deals) and a kpi.yaml reading it. */
async function ensureBigDeals(source) {
  const dir = join(ROOT, 'bench-data', '2gb');
  const metaPath = join(dir, 'meta.json');
  const wanted = { from: '1m', source_version: source.meta.version, source_seed: source.meta.seed, copies: COPIES, id_step: ID_STEP };
  // The same config; the history (never read by conversion) stays the 1m one, wherever that lives
  // (bench-data/bench/1m/ since the shapes of issue 23): written on every run, it is tiny.
  const writeKpi = () => {
    const history = relative(dir, join(source.dir, 'history.csv')).split(sep).join('/');
    const kpi = readFileSync(source.kpi, 'utf8').replace(/\n {4}path: history\.csv\n/, `\n    path: ${history}\n`);
    writeFileSync(join(dir, 'kpi.yaml'), `# bench-data/2gb: written by scripts/bench-big-deals.mjs from ${relative(ROOT, source.dir)}.\n${kpi}`);
  };
  if (existsSync(metaPath)) {
    const meta = JSON.parse(readFileSync(metaPath, 'utf8'));
    if (Object.entries(wanted).every(([k, v]) => meta[k] === v)) {
      writeKpi();
      return { dir, meta, kpi: join(dir, 'kpi.yaml') };
    }
  }
  mkdirSync(dir, { recursive: true });
  rmSync(metaPath, { force: true }); // written last: an interrupted build is redone
  log(`bench: writing bench-data/2gb/deals.csv (${COPIES} copies of the 1m deals, ids renumbered; once)…`);
  const tmp = join(dir, 'deals.csv.tmp');
  const out = createWriteStream(tmp, { highWaterMark: 1 << 20 });
  const write = async (text) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  let rows = 0;
  for (let copy = 0; copy < COPIES; copy++) {
    const lines = createInterface({ input: createReadStream(join(source.dir, 'deals.csv'), { highWaterMark: 1 << 20 }), crlfDelay: Infinity });
    let header = true;
    let batch = '';
    for await (const line of lines) {
      if (header) {
        header = false;
        if (copy === 0) batch += `${line}\n`;
        continue;
      }
      // The generator writes one line per deal and the id first; anything else would be miscounted.
      const comma = line.indexOf(',');
      const id = Number(line.slice(0, comma));
      if (!(comma > 0 && Number.isInteger(id))) throw new Error(`bench-data/1m/deals.csv: a line that does not start with an id: ${line.slice(0, 60)}`);
      batch += `${id + copy * ID_STEP}${line.slice(comma)}\n`;
      rows++;
      if (batch.length > 1 << 20) {
        await write(batch);
        batch = '';
      }
    }
    await write(batch);
    log(`  copy ${copy + 1}/${COPIES}`);
  }
  out.end();
  await once(out, 'finish');
  renameSync(tmp, join(dir, 'deals.csv'));
  writeKpi();
  const meta = { ...wanted, deals: rows, bytes: statSync(join(dir, 'deals.csv')).size };
  writeFileSync(metaPath, `${JSON.stringify(meta, null, 2)}\n`);
  return { dir, meta, kpi: join(dir, 'kpi.yaml') };
}

function conversionJob(kpi, out) {
  return [DEALPULSE, 'conversion', '--config', kpi, '--as-of', '2026-01-01', '--format', 'csv', '--out', out, '--period', '2025', '--every', 'month', '--by', 'manager', '--quiet'];
}

/** Rows of a conversion csv by `period|manager`. A plain split: these reports quote nothing. */
function rowsOf(file) {
  const [head, ...lines] = readFileSync(file, 'utf8').trim().split('\n');
  const names = head.split(',');
  return new Map(
    lines.map((line) => {
      const cells = line.split(',');
      const row = Object.fromEntries(names.map((n, i) => [n, cells[i]]));
      return [`${row.period}|${row.manager}`, row];
    }),
  );
}

/** Exact decimal × integer, for amounts written like `1250000.50` (no float). */
function timesExact(text, n) {
  if (text === '') return '';
  const [whole, frac = ''] = text.split('.');
  const scaled = (BigInt(whole + frac) * BigInt(n)).toString().padStart(frac.length + 1, '0');
  return frac.length === 0 ? scaled : `${scaled.slice(0, -frac.length)}.${scaled.slice(-frac.length)}`;
}

/** Differences between the 2 GB report and 13 × the 1m report. */
function compare(smallFile, bigFile) {
  const small = rowsOf(smallFile);
  const big = rowsOf(bigFile);
  const problems = [];
  if (small.size !== big.size) problems.push(`${big.size} rows, expected ${small.size}`);
  for (const [key, s] of small) {
    const b = big.get(key);
    if (!b) {
      problems.push(`${key}: missing`);
      continue;
    }
    for (const f of ['leads', 'won', 'lost', 'amounts_missing']) if (s[f] !== undefined && Number(b[f]) !== COPIES * Number(s[f])) problems.push(`${key} ${f}: ${b[f]}, expected ${COPIES} × ${s[f]}`);
    if (b.won_amount !== timesExact(s.won_amount, COPIES)) problems.push(`${key} won_amount: ${b.won_amount}, expected ${COPIES} × ${s.won_amount}`);
    for (const f of ['conversion', 'win_rate', 'avg_deal']) if (b[f] !== s[f]) problems.push(`${key} ${f}: ${b[f]}, expected ${s[f]} as in 1m`);
  }
  return problems;
}

/** `npm run bench -- --big-deals [--runs N] [--json FILE]`: prints the table, returns the exit code. */
export async function benchBigDeals({ runs, rssMode, workDir, json, info }) {
  const source = await ensureData('1m');
  const big = await ensureBigDeals(source);
  const sets = [
    { name: '1m', deals: source.meta.deals, bytes: statSync(join(source.dir, 'deals.csv')).size, kpi: source.kpi },
    { name: '2gb', deals: big.meta.deals, bytes: big.meta.bytes, kpi: big.kpi },
  ];
  const samples = Object.fromEntries(sets.map((s) => [s.name, []]));
  let failed = 0;
  for (let round = 0; round < runs; round++) {
    for (const set of round % 2 === 0 ? sets : [...sets].reverse()) {
      const out = join(workDir, `big-${set.name}-conversion.csv`);
      rmSync(out, { force: true });
      const r = await measure({ cmd: process.execPath, args: conversionJob(set.kpi, out), node: true, rssMode, workDir });
      const ok = r.code === 0 && existsSync(out);
      if (ok) samples[set.name].push(r);
      else {
        failed++;
        log(`bench: ${set.name} conversion failed (exit ${r.code}): ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`);
      }
      log(`  round ${round + 1}/${runs} conversion ${set.name.padEnd(4)} ${ok ? `${r.seconds.toFixed(2)} s` : 'FAILED'}${r.rssMB ? `, ${r.rssMB.toFixed(0)} MB` : ''}`);
    }
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
  const results = sets.map((s) => {
    const xs = samples[s.name];
    const rss = xs.map((x) => x.rssMB).filter((x) => x !== null);
    return {
      data_set: s.name,
      deals: s.deals,
      deals_file_mb: Math.round(s.bytes / 1e6),
      runs: xs.length,
      median_s: xs.length ? median(xs.map((x) => x.seconds)) : null,
      cpu_s: xs.length ? median(xs.map((x) => x.cpu ?? NaN)) : null,
      peak_rss_mb: rss.length ? Math.round(Math.max(...rss)) : null,
    };
  });
  const problems = failed === 0 ? compare(join(workDir, 'big-1m-conversion.csv'), join(workDir, 'big-2gb-conversion.csv')) : ['a run failed'];
  const [a, b] = results;
  console.log(`\n${info.cpu}, ${info.cores} cores, ${info.memory_gb} GB, ${info.platform}, node ${info.node}; ${info.date}; peak RSS: ${info.rss_method}\n`);
  console.log('| data set | deals | deals.csv MB | median s | cpu s | peak RSS MB | runs |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of results) console.log(`| ${r.data_set} | ${r.deals} | ${r.deals_file_mb} | ${r.median_s?.toFixed(2) ?? '–'} | ${r.cpu_s?.toFixed(2) ?? '–'} | ${r.peak_rss_mb ?? '–'} | ${r.runs} |`);
  const growth = {
    deals: b.deals / a.deals,
    time: a.median_s && b.median_s ? b.median_s / a.median_s : null,
    peak_rss: a.peak_rss_mb && b.peak_rss_mb ? b.peak_rss_mb / a.peak_rss_mb : null,
  };
  console.log(`\n2gb / 1m: ${growth.deals}× the deals, ${growth.time?.toFixed(2) ?? '–'}× the time, ${growth.peak_rss?.toFixed(2) ?? '–'}× the peak RSS`);
  console.log(problems.length === 0 ? `check: every 2gb row is ${COPIES} × its 1m row (counts, amounts) with the same ratios` : `check: DIFFERS in ${problems.length} values, e.g. ${problems.slice(0, 3).join('; ')}`);
  if (json) {
    writeFileSync(json, `${JSON.stringify({ machine: info, workload: 'conversion --period 2025 --every month --by manager', results, growth, check: { agree: problems.length === 0, problems: problems.slice(0, 20) } }, null, 2)}\n`);
    log(`bench: figures written to ${json}`);
  }
  return failed > 0 || problems.length > 0 ? 1 : 0;
}
