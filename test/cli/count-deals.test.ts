// `conversion` counts the deals as they are read (bounded memory) while their ids are in strict
// order, and reads the file whole otherwise. Both ways must give the same figures, counts,
// diagnostics and as-of cut: every file here is counted streamed and whole (`dealStreaming` off) and
// the two are compared, on the demo export and on small hand-written exports built to hit each rule
// (bad rows, warnings, deals after --as-of, ids out of order, repeated ids, ids that are not numbers).
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { countDeals, prepareRun, readData, readDataInto } from '../../src/cli/context.js';
import { computeFunnel, FunnelDeals } from '../../src/metrics/funnel.js';
import { packEvents } from '../../src/model/event-table.js';
import type { CommonOptions } from '../../src/cli/options.js';
import { loadConfig } from '../../src/config/load-config.js';
import { dealStreaming, loadDataset } from '../../src/io/load-dataset.js';
import { conversionCounter } from '../../src/metrics/conversion.js';
import { parsePeriod } from '../../src/model/period.js';
import { BIN, ROOT, runCli } from '../support/run-cli.js';
import { makeTmp } from '../io/csv/helpers.js';

const tmp = makeTmp('count-deals');
afterAll(() => tmp.cleanup());

const CONFIG =
  'timezone: Europe/Moscow\ndata:\n  deals: { path: deals.csv }\n' +
  'pipelines:\n  default: { stages: [New, Talks], won: [Won], lost: [Lost] }\n' +
  'targets:\n  conversion: { default: 0.3, by_manager: { Anna: 0.5 } }\n';

/** Runs conversion's counting over `config` both ways; returns both outcomes as plain data. */
async function both(config: string, cwd: string, extra: Partial<CommonOptions> = {}) {
  const run = async () => {
    const opts: CommonOptions = { config, color: false, asOf: '2025-03-25', ...extra };
    const ctx = await prepareRun(opts, cwd);
    const period = parsePeriod('2025-Q1', ctx.calendar);
    try {
      const { result, data } = await countDeals(ctx, opts, { countingOnly: true }, () =>
        conversionCounter({
          periods: [parsePeriod('2025-01', ctx.calendar), parsePeriod('2025-02', ctx.calendar), parsePeriod('2025-03', ctx.calendar)],
          whole: period,
          by: ['manager'],
          method: 'period',
          asOf: ctx.asOf,
          targets: ctx.config.targets.conversion!,
          calendar: ctx.calendar,
          lostReasons: true,
        }),
      );
      // What a report is made of: the figures and the reading's summary (the whole read also
      // returns the deals, which the streamed one never holds).
      const { files, diagnostics, notes, asOfCut } = data;
      return JSON.parse(JSON.stringify({ result, data: { files, diagnostics, notes, asOfCut } }));
    } catch (err) {
      return { error: String(err) };
    }
  };
  const streamed = await run();
  dealStreaming.enabled = false;
  try {
    return { streamed, whole: await run() };
  } finally {
    dealStreaming.enabled = true;
  }
}

/** Whether the deals file of `config` is streamed to the end (its ids are in strict order). */
async function streams(config: string, cwd: string): Promise<boolean> {
  const loaded = await loadConfig(config, cwd);
  let handed = 0;
  let resets = 0;
  const sink = { add: () => void handed++, reset: () => void resets++ };
  await loadDataset(loaded, { cwd, asOf: new Date('2025-03-31T21:00:00Z'), countingOnly: true, dealSink: sink });
  return resets === 0 && handed > 0;
}

const HEADER = 'id,title,manager,stage,amount,created_at,closed_at,lost_reason\n';
const ROWS = [
  '101,Pumps,Anna,Won,1200.50,2025-01-03 10:00,2025-01-20 12:00,',
  '102,Valves,Boris,Lost,300,2025-01-05 09:00,2025-02-02 09:00,Price',
  '103,Filters,Anna,Talks,,2025-01-07 11:00,,',
  '104,Bad date,Boris,Won,100,2025-02-30 10:00,2025-03-01 10:00,', // skipped: no such day
  '105,No close,Anna,Won,500,2025-02-10 10:00,,', // kept with a warning
  '106,Late close,Boris,Won,700,2025-03-10 10:00,2025-03-28 10:00,', // closed after --as-of: open
  '107,Future,Anna,New,50,2025-03-27 10:00,,', // created after --as-of: not counted
  '108,Lost twice,Anna,Lost,80,2025-03-01 10:00,2025-03-02 10:00,',
  '109,Negative,Boris,Won,-5,2025-03-03 10:00,2025-03-04 10:00,', // kept: its negative amount left empty
  '110,Big one,Boris,Won,"1,250,000.00",2025-03-05 10:00,2025-03-20 10:00,',
];

function write(name: string, rows: readonly string[]): string {
  const dir = path.join(tmp.dir, name);
  mkdirSync(dir);
  tmp.write(`${name}/deals.csv`, HEADER + rows.join('\n') + '\n');
  tmp.write(`${name}/kpi.yaml`, CONFIG);
  return dir;
}

describe('counting deals as they are read', () => {
  it('gives the same conversion streamed and whole on the demo export', async () => {
    expect(await streams('kpi.example.yaml', ROOT)).toBe(true);
    const { streamed, whole } = await both('kpi.example.yaml', ROOT, { asOf: '2025-03-31' });
    expect(streamed.error).toBeUndefined();
    expect(streamed).toEqual(whole);
    expect(streamed.result.overall.leads).toBeGreaterThan(100);
  });

  it.each([
    ['increasing ids', ROWS],
    ['decreasing ids', [...ROWS].reverse()],
  ])('streams %s and agrees with the whole read', async (name, rows) => {
    const dir = write(name.replace(' ', '-'), rows);
    expect(await streams('kpi.yaml', dir)).toBe(true);
    const { streamed, whole } = await both('kpi.yaml', dir);
    expect(streamed).toEqual(whole);
    // The figures, worked out by hand from ROWS (period method, as of 2025-03-25):
    // leads Jan 3 (101–103), Feb 1 (105; 104 skipped), Mar 4 (106, 108, 109, 110; 107 is later);
    // won Jan 101, Mar 109 and 110 (106 closes after --as-of, 105 has no close date; 109's amount
    // is left empty: not in won_amount); lost Feb 102, Mar 108.
    const overall = streamed.result.overall;
    expect([overall.leads, overall.won, overall.lost]).toEqual([8, 3, 2]);
    expect(overall.wonAmount).toBe('1251200.5');
    expect(streamed.result.wonWithoutCloseDate).toBe(1);
    expect(streamed.data.asOfCut).toEqual({ dealsNotYetCreated: 1, closesAfterAsOf: 1, paymentsAfterAsOf: 0, eventsAfterAsOf: 0 });
    expect(streamed.data.files[0]).toMatchObject({ rowsRead: 10, rowsUsed: 9, rowsSkipped: 1 });
    expect(streamed.result.lostReasons.map((r: { reason: string; count: number }) => [r.reason, r.count])).toEqual([
      ['Price', 1],
      ['(none)', 1],
    ]);
  });

  it.each([
    ['an id out of order', [ROWS[0], ROWS[2], ROWS[1], ...ROWS.slice(3)]],
    ['a repeated id (the last row wins)', [...ROWS, '103,Filters again,Boris,Won,900,2025-01-07 11:00,2025-03-24 10:00,']],
    ['ids that are not plain numbers', ROWS.map((r) => `D-${r}`)],
    ['ids with leading zeros', ROWS.map((r) => `0${r}`)],
  ])('reads the file whole for %s, with the same result', async (name, rows) => {
    const dir = write(name.replace(/\W+/g, '-'), rows as string[]);
    expect(await streams('kpi.yaml', dir)).toBe(false);
    const { streamed, whole } = await both('kpi.yaml', dir);
    expect(streamed.error).toBeUndefined();
    expect(streamed).toEqual(whole);
  });

  it('counts the repeated id once, by its last row, as the whole read does', async () => {
    const dir = write('repeat', [...ROWS, '103,Filters again,Boris,Won,900,2025-01-07 11:00,2025-03-24 10:00,']);
    const { streamed } = await both('kpi.yaml', dir);
    expect([streamed.result.overall.leads, streamed.result.overall.won]).toEqual([8, 4]);
    expect(streamed.data.diagnostics.some((d: { code?: string }) => d.code === 'duplicate-id')).toBe(true);
  });

  it('reads a pipe whole at once: it cannot be read a second time (built CLI, --deals /dev/stdin)', () => {
    // Ids out of order: from a file the stream is given up and the file read again; from a pipe the
    // second read would find it used up, so a pipe is never streamed.
    const dir = write('piped', [ROWS[0]!, ROWS[2]!, ROWS[1]!, ...ROWS.slice(3)]);
    const args = ['conversion', '--config', 'kpi.yaml', '--period', '2025-Q1', '--by', 'manager', '--as-of', '2025-03-25', '--format', 'csv'];
    const fromFile = runCli(args, { cwd: dir });
    // A shell pipe (a child's `input` is a socket, which /dev/stdin cannot be opened as).
    const quoted = [process.execPath, BIN, ...args, '--deals', '/dev/stdin'].map((a) => `'${a}'`).join(' ');
    const fromPipe = spawnSync('sh', ['-c', `cat deals.csv | ${quoted}`], { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' } });
    expect(fromFile.code).toBe(0);
    // The pipe is named as it was given, not as a path climbing out of the working directory.
    expect(fromPipe.stderr).toContain('warning: /dev/stdin:');
    expect(fromPipe.stderr.replace(/\/dev\/stdin/g, 'deals.csv')).toBe(fromFile.stderr);
    expect(fromPipe.status).toBe(0);
    expect(fromPipe.stdout).toBe(fromFile.stdout);
    expect(fromFile.stdout).toContain('2025-Q1');
  });

  it('stops alike under --strict', async () => {
    const dir = write('strict', ROWS);
    const { streamed, whole } = await both('kpi.yaml', dir, { strict: true });
    expect(streamed.error).toContain('deals.csv:5');
    expect(streamed.error).toContain('2 bad rows in all; --strict');
    expect(streamed).toEqual(whole);
  });
});

describe('funnel on its deal columns and the events table', () => {
  /** The funnel as `dealpulse funnel` makes it, and from whole deals and event objects. */
  async function funnelBothWays(config: string, cwd: string, asOf: string) {
    const opts: CommonOptions = { config, color: false, asOf };
    const ctx = await prepareRun(opts, cwd);
    const needs = { history: true, countingOnly: true };
    const options = { asOf: ctx.asOf, by: ['manager'] };
    const deals = new FunnelDeals(options.by);
    const light = await readDataInto(ctx, opts, { ...needs, eventTable: true }, { add: (d) => deals.add(d), reset: () => deals.reset() });
    const whole = await readData(ctx, opts, needs);
    return {
      light: JSON.parse(JSON.stringify({ funnel: computeFunnel(deals, light.eventTable!, ctx.config.pipelines, options), cut: light.asOfCut, diagnostics: light.diagnostics })),
      whole: JSON.parse(JSON.stringify({ funnel: computeFunnel(whole.deals, packEvents(whole.events!), ctx.config.pipelines, options), cut: whole.asOfCut, diagnostics: whole.diagnostics })),
    };
  }

  it('gives the funnel of whole deals and event objects on the demo export', async () => {
    const { light, whole } = await funnelBothWays('kpi.example.yaml', ROOT, '2026-03-27T18:00');
    expect(light).toEqual(whole);
    expect(light.funnel.pipelines[0].stages[0].entered).toBeGreaterThan(100);
  });

  it('and when the deal ids are out of order (the deals read whole, then handed over)', async () => {
    const dir = write('funnel-out-of-order', [ROWS[0]!, ROWS[2]!, ROWS[1]!, ...ROWS.slice(3)]);
    tmp.write('funnel-out-of-order/history.csv', 'deal_id,stage,entered_at\n101,New,2025-01-03 10:00\n101,Talks,2025-01-05 10:00\n101,Won,2025-01-20 12:00\n103,New,2025-01-07 11:00\n102,New,2025-01-05 09:00\n102,Lost,2025-02-02 09:00\n999,New,2025-02-02 09:00\n');
    tmp.write('funnel-out-of-order/kpi.yaml', CONFIG.replace('deals: { path: deals.csv }', 'deals: { path: deals.csv }\n  history: { path: history.csv }'));
    expect(await streams('kpi.yaml', dir)).toBe(false);
    const { light, whole } = await funnelBothWays('kpi.yaml', dir, '2025-03-25');
    expect(light).toEqual(whole);
    expect(light.funnel.stats.unknownDeals).toBe(1);
  });
});

describe('the memory warning with a deal sink', () => {
  /** What loadDataset says about memory for a tiny heap limit, handing the deals to a sink. */
  async function warningsFor(dir: string): Promise<string[]> {
    const loaded = await loadConfig('kpi.yaml', dir);
    const said: string[] = [];
    const sink = { add: () => undefined, reset: () => undefined };
    await loadDataset(loaded, { cwd: dir, asOf: new Date('2025-03-31T21:00:00Z'), countingOnly: true, heapLimit: 1000, onMemoryWarning: (t) => said.push(t), dealSink: sink });
    return said;
  }

  it('is not said while the deals stream (none is kept), and said before they are read whole', async () => {
    expect(await warningsFor(write('warn-in-order', ROWS))).toEqual([]);
    const said = await warningsFor(write('warn-out-of-order', [ROWS[0]!, ROWS[2]!, ROWS[1]!, ...ROWS.slice(3)]));
    expect(said).toHaveLength(1);
    expect(said[0]).toContain('run it with a bigger heap');
  });
});
