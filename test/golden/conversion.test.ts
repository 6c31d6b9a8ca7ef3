// `dealpulse conversion` end to end, through the built CLI (run `npm run build` first): the
// hand-computed figures of fixtures/small/EXPECTED.md asserted one by one, exit codes, and golden
// files of the demo data in every format (`UPDATE_GOLDEN=1` rewrites them for review).
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectGolden } from '../support/golden.js';
import { ROOT, runCli } from '../support/run-cli.js';
import { loadConfig } from '../../src/config/load-config.js';
import { loadDataset } from '../../src/io/load-dataset.js';
import { parsePeriod } from '../../src/model/period.js';

const GOLDEN = path.join(ROOT, 'test', 'golden', 'expected', 'conversion');
const SMALL = ['conversion', '--config', 'fixtures/small/kpi.yaml', '--as-of', '2025-04-30T23:59'];
const DEMO = ['conversion', '--config', 'kpi.example.yaml', '--as-of', '2026-03-31T23:59'];
const DEMO_Q1 = [...DEMO, '--period', '2025-Q1', '--every', 'month', '--by', 'manager'];

type Json = Record<string, unknown>;
interface JsonReport {
  rows: Json[];
  summary: Json;
  warnings: Json[];
  params: Json;
}

function json(args: string[]): JsonReport {
  const r = runCli([...args, '--format', 'json']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as JsonReport;
}

describe('conversion on fixtures/small (EXPECTED.md, period method)', () => {
  let doc: JsonReport;
  beforeAll(() => {
    doc = json([...SMALL, '--from', '2025-02-01', '--to', '2025-04-30', '--every', 'month', '--by', 'manager']);
  });
  const row = (period: string, manager: string) => {
    const found = doc.rows.find((r) => r.period === period && r.manager === manager);
    expect(found, `${period} ${manager}`).toBeDefined();
    return found as Json;
  };
  const total = (period: string) => (doc.summary.totals as Json[]).find((t) => t.period === period) as Json;

  it('March 2025 per manager, against the 2025-Q1 target of 0.30', () => {
    expect(row('2025-03', 'Ivanova')).toMatchObject({
      period_start: '2025-03-01', period_end: '2025-03-31',
      leads: 2, won: 2, lost: 1, won_amount: 4000000, conversion: 1, win_rate: 2 / 3, avg_deal: 2000000, target: 0.3, status: 'met',
    });
    expect(row('2025-03', 'Petrov')).toMatchObject({
      leads: 3, won: 0, lost: 1, won_amount: 0, conversion: 0, win_rate: 0, avg_deal: null, target: 0.3, status: 'below',
    });
    expect(row('2025-03', 'Sidorov')).toMatchObject({
      leads: 1, won: 0, lost: 0, won_amount: 0, conversion: 0, win_rate: null, avg_deal: null, target: 0.3, status: 'below',
    });
    expect(total('2025-03')).toMatchObject({
      leads: 6, won: 2, lost: 2, won_amount: 4000000, conversion: 2 / 6, win_rate: 0.5, avg_deal: 2000000, target: 0.3, status: 'met',
    });
  });

  it('April 2025 per manager, against the default target of 0.35 (108 is never won: no closed_at)', () => {
    for (const [manager, amount] of [['Ivanova', 2000000], ['Petrov', 300000], ['Sidorov', 45000]] as const) {
      expect(row('2025-04', manager)).toMatchObject({
        leads: 1, won: 1, lost: 1, won_amount: amount, conversion: 1, win_rate: 0.5, avg_deal: amount, target: 0.35, status: 'met',
      });
    }
    expect(total('2025-04')).toMatchObject({
      leads: 3, won: 3, lost: 3, won_amount: 2345000, conversion: 1, win_rate: 0.5, avg_deal: 781666.67, target: 0.35, status: 'met',
    });
  });

  it('February 2025: leads 3 / 2 / 1, nothing closed', () => {
    expect([row('2025-02', 'Ivanova').leads, row('2025-02', 'Petrov').leads, row('2025-02', 'Sidorov').leads]).toEqual([3, 2, 1]);
    expect(total('2025-02')).toMatchObject({ leads: 6, won: 0, lost: 0, win_rate: null, avg_deal: null });
  });

  it('deal 104 (created 2025-03-31 23:30 Moscow) is a March lead and an April sale', () => {
    // Ivanova's March leads are 103 and 104; 104 is her April won deal of 2 000 000.
    expect(row('2025-03', 'Ivanova').leads).toBe(2);
    expect(row('2025-04', 'Ivanova').won_amount).toBe(2000000);
  });

  it('the whole range, the won deal without a close date, and the deals file counts', () => {
    expect(doc.summary.total).toMatchObject({ period: '2025-02-01..2025-04-30', leads: 15, won: 5, lost: 5, won_amount: 6345000, target: 0.35 });
    expect(doc.summary).toMatchObject({ method: 'period', rows_read: 15, rows_used: 15, rows_skipped: 0, won_without_close_date: 1 });
    expect(doc.warnings).toContainEqual(expect.objectContaining({ file: 'fixtures/small/deals.csv', line: 9, field: 'closed_at', action: 'kept' }));
    expect(doc.params).toMatchObject({ period: '2025-02-01..2025-04-30', every: 'month', by: ['manager'], method: 'period', window_days: null });
  });
});

describe('conversion: exit codes and usage', () => {
  it('--fail-on below-target writes the report, then exits 3 naming the rows', () => {
    const r = runCli([...SMALL, '--period', '2025-03', '--by', 'manager', '--fail-on', 'below-target', '--format', 'csv', '--quiet']);
    expect(r.code).toBe(3);
    expect(r.stdout.split('\n')[0]).toBe('period,period_start,period_end,manager,leads,won,lost,conversion,win_rate,won_amount,avg_deal,target,status');
    expect(r.stdout).toContain('2025-03,2025-03-01,2025-03-31,Petrov,3,0,1,0,0,0.00,,0.3,below');
    expect(r.stderr).toContain('below target in 2 rows: 2025-03 Petrov 0.0% < 30.0%; 2025-03 Sidorov 0.0% < 30.0%');
  });

  it('--fail-on below-target exits 0 when every row meets its target', () => {
    const r = runCli([...SMALL, '--period', '2025-04', '--by', 'manager', '--fail-on', 'below-target', '--format', 'csv', '--quiet']);
    expect(r.code, r.stderr).toBe(0);
  });

  it('csv has no totals rows; the default period is this-month of --as-of', () => {
    const r = runCli([...SMALL, '--by', 'manager', '--format', 'csv', '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines.slice(1).every((l) => l.startsWith('2025-04,'))).toBe(true);
    expect(r.stdout).not.toContain('Total');
  });

  it.each([
    [['--period', '2025-03', '--window', '30'], '--window applies to --method cohort only'],
    [['--period', '2025-03', '--method', 'cohort', '--window', 'ten'], 'expected a whole number of days'],
    [['--period', '2025-03', '--method', 'funnel'], "argument 'funnel' is invalid"],
    [['--period', '2025-03', '--by', 'status'], 'conversion has its own "status" column'],
    [['--period', '2025-03', '--by', 'manger'], 'did you mean'],
    [['--period', '2025-13'], 'bad period'],
    [['--period', '2025-03', '--fail-on', 'any'], "argument 'any' is invalid"],
  ])('%j is bad usage (exit 2)', (args, message) => {
    const r = runCli([...SMALL, ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });
});

describe('conversion golden files on the demo data (2025-Q1 by month × manager)', () => {
  it.each([
    ['table', 'period-q1-month-manager.table.txt'],
    ['csv', 'period-q1-month-manager.csv'],
    ['json', 'period-q1-month-manager.json'],
    ['md', 'period-q1-month-manager.md'],
  ])('%s', (format, file) => {
    const r = runCli([...DEMO_Q1, '--format', format]);
    expect(r.code, r.stderr).toBe(0);
    expectGolden(r.stdout, path.join(GOLDEN, file));
  });

  it('cohort method with a 30-day window, by pipeline, with lost reasons (table)', () => {
    const r = runCli([...DEMO, '--period', '2025-Q1', '--every', 'month', '--by', 'pipeline', '--method', 'cohort', '--window', '30', '--lost-reasons', '--format', 'table']);
    expect(r.code, r.stderr).toBe(0);
    expectGolden(r.stdout, path.join(GOLDEN, 'cohort-q1-month-pipeline-window30.table.txt'));
  });

  // A counting read reads only the free labels it uses (source, lost_reason, client: the ones
  // grouped by, and the reasons when listed); each must be there when asked for.
  it('reads the labels it groups by and lists: --by source,client and --lost-reasons, recounted from the export', async () => {
    const doc = json([...DEMO, '--period', '2025-Q1', '--by', 'source,client', '--lost-reasons']);
    const config = await loadConfig('kpi.example.yaml', ROOT);
    const deals = (await loadDataset(config, { cwd: ROOT, asOf: new Date('2026-03-31T20:59:00Z') })).deals;
    const period = parsePeriod('2025-Q1', { timezone: config.timezone, weekStartsOn: config.week_starts_on, asOf: new Date() });
    const inQ1 = (d: Date | undefined) => d !== undefined && d >= period.start && d < period.end;
    const tally = new Map<string, number>();
    for (const d of deals.filter((d) => inQ1(d.createdAt))) {
      const key = `${d.source ?? '(none)'} | ${d.client ?? '(none)'}`;
      tally.set(key, (tally.get(key) ?? 0) + 1);
    }
    const leads = new Map(doc.rows.filter((r) => (r.leads as number) > 0).map((r) => [`${r.source} | ${r.client}`, r.leads]));
    expect(leads).toEqual(tally);
    expect(new Set(doc.rows.map((r) => r.source)).size).toBeGreaterThan(3);
    const reasons = new Map<string, number>();
    for (const d of deals.filter((d) => d.status === 'lost' && inQ1(d.closedAt))) reasons.set(d.lostReason ?? '(none)', (reasons.get(d.lostReason ?? '(none)') ?? 0) + 1);
    const listed = new Map<string, number>();
    for (const r of doc.summary.lost_reasons as Json[]) listed.set(r.reason as string, (listed.get(r.reason as string) ?? 0) + (r.count as number));
    expect(listed).toEqual(reasons);
    expect(reasons.size).toBeGreaterThan(3);
  });

  it('the output does not depend on the host time zone', () => {
    const la = runCli([...DEMO_Q1, '--format', 'csv']);
    const tokyo = runCli([...DEMO_Q1, '--format', 'csv'], { env: { TZ: 'Asia/Tokyo' } });
    expect(tokyo.stdout).toBe(la.stdout);
  });

  it('hand-checked figures of the demo golden (independent recount of the export)', () => {
    const doc = json(DEMO_Q1);
    const totals = doc.summary.totals as Json[];
    expect(totals.map((t) => [t.period, t.leads, t.won, t.lost, t.won_amount])).toEqual([
      ['2025-01', 143, 17, 45, 1471850.86],
      ['2025-02', 150, 50, 91, 8377093.39],
      ['2025-03', 172, 65, 92, 9164186.1],
    ]);
    expect(doc.summary.total).toMatchObject({ period: '2025-Q1', leads: 465, won: 132, lost: 228, target: 0.3, status: 'below' });
    // Иванова А. has a personal target (by_manager) of 0.42 over the quarter's 0.30.
    const ivanova = doc.rows.filter((r) => r.manager === 'Иванова А.');
    expect(ivanova.map((r) => [r.period, r.leads, r.won, r.target, r.status])).toEqual([
      ['2025-01', 20, 2, 0.42, 'below'],
      ['2025-02', 22, 10, 0.42, 'met'],
      ['2025-03', 26, 10, 0.42, 'below'],
    ]);
  });
});
