// End-to-end `dealpulse zombies` on the built CLI: fixtures/small against the verdicts worked out by
// hand in its EXPECTED.md, golden files for the demo export, and the --fail-on exit codes for cron.
// Run `npm run build` first; `UPDATE_GOLDEN=1` rewrites the golden files (review the diff by hand).
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectGolden } from '../support/golden.js';
import { ROOT, runCli } from '../support/run-cli.js';

const SMALL = ['zombies', '--config', 'fixtures/small/kpi.yaml', '--as-of', '2025-04-30T23:59'];
const DEMO = ['zombies', '--config', 'kpi.example.yaml', '--as-of', '2026-03-31T23:59'];
const golden = (name: string) => path.join(ROOT, 'test', 'golden', 'expected', 'zombies', name);

interface JsonReport {
  command: string;
  as_of: string;
  rows: Array<Record<string, unknown>>;
  summary: {
    zombies: number;
    amount_at_risk: number;
    parked_count: number;
    parked_amount: number;
    by_manager: Array<Record<string, unknown>>;
    parked: Array<Record<string, unknown>>;
  };
}

function json(args: string[]): JsonReport {
  const r = runCli([...args, '--format', 'json']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as JsonReport;
}

describe('zombies on fixtures/small (EXPECTED.md, as-of 2025-04-30T23:59)', () => {
  let report: JsonReport;
  beforeAll(() => {
    report = json(SMALL);
  });

  it('109 is a zombie for age+stuck, 115 for age+overdue, sorted by amount; 105 is not a zombie', () => {
    expect(report.command).toBe('zombies');
    expect(report.as_of).toBe('2025-04-30T20:59:00.000Z');
    expect(report.rows.map((r) => [r.id, r.age_days, r.rule, r.max_age_days, r.days_in_stage, r.reasons])).toEqual([
      ['109', 84, 'default', 60, 60, 'age+stuck'],
      ['115', 36, 'small', 30, 35, 'age+overdue'],
    ]);
    expect(report.rows[0]).toMatchObject({ manager: 'Petrov', stage: 'Negotiation', amount: 80000, expected_close_at: null });
    expect(report.rows[1]).toMatchObject({ manager: 'Petrov', stage: 'Qualified', amount: 25000, expected_close_at: '2025-04-20' });
    expect(report.rows.some((r) => r.id === '105')).toBe(false);
    // 108 is won (without a close date), never open.
    expect(report.rows.some((r) => r.id === '108')).toBe(false);
  });

  it('111 is parked (age 77 > 60, expected 2025-05-20), not a zombie', () => {
    expect(report.summary.parked.map((r) => [r.id, r.age_days, r.rule, r.days_in_stage, r.expected_close_at])).toEqual([
      ['111', 77, 'default', 41, '2025-05-20'],
    ]);
  });

  it('per manager: Petrov 2 zombies / 105 000; Sidorov 1 parked / 90 000; Ivanova none', () => {
    expect(report.summary.by_manager).toEqual([
      { manager: 'Petrov', zombies: 2, amount_at_risk: 105000, parked: 0, parked_amount: 0 },
      { manager: 'Sidorov', zombies: 0, amount_at_risk: 0, parked: 1, parked_amount: 90000 },
    ]);
    expect(report.summary).toMatchObject({ zombies: 2, amount_at_risk: 105000, parked_count: 1, parked_amount: 90000 });
  });

  it('the table states the as-of and the rules in effect, and lists parked deals with --parked', () => {
    const r = runCli([...SMALL, '--format', 'table', '--parked']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('as of 2025-04-30 23:59 Europe/Moscow');
    expect(r.stdout).toContain('small: amount < 50 000 → 30 days; large: amount ≥ 100 000 → 90 days; default: any amount → 60 days');
    expect(r.stdout).toContain('silent: not checked');
    expect(r.stdout).toMatch(/Parked deals[^\n]*\n(.*\n){3}.*│ 111 │ Signage for Iota/);
    const plain = runCli([...SMALL, '--format', 'table']);
    expect(plain.stdout).not.toContain('Parked deals');
    expect(plain.stdout).toContain('1 parked deal (90 000.00 ₽) not listed: --parked lists them');
  });
});

describe('zombies --fail-on (cron)', () => {
  it('any: exit 3 after writing the report when zombies exist', () => {
    const r = runCli([...SMALL, '--format', 'csv', '--fail-on', 'any']);
    expect(r.code).toBe(3);
    expect(r.stdout.split('\n')[0]).toMatch(/^id,title,manager,/);
    expect(r.stdout).toContain('109,');
    expect(r.stderr).toContain('--fail-on any: 2 zombie deals found');
  });

  it('N: exit 3 only when there are more than N', () => {
    expect(runCli([...SMALL, '--format', 'csv', '--fail-on', '2']).code).toBe(0);
    expect(runCli([...SMALL, '--format', 'csv', '--fail-on', '1']).code).toBe(3);
    expect(runCli([...SMALL, '--format', 'csv', '--fail-on', '0']).code).toBe(3);
  });

  it('no zombies: exit 0 with --fail-on any', () => {
    // On 2025-03-01 only 109 (age 24) and 111 (age 17) are open; neither is a zombie yet.
    const r = runCli(['zombies', '--config', 'fixtures/small/kpi.yaml', '--as-of', '2025-03-01T12:00', '--format', 'json', '--fail-on', 'any']);
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as JsonReport).rows).toEqual([]);
  });

  it('bad values are usage errors (exit 2), before any data is read', () => {
    for (const bad of ['some', '-1', '1.5', '']) {
      const r = runCli([...SMALL, '--fail-on', bad]);
      expect(r.code, bad).toBe(2);
      expect(r.stderr).toContain('--fail-on');
    }
    const by = runCli([...SMALL, '--by', 'managr']);
    expect(by.code).toBe(2);
    expect(by.stderr).toContain('did you mean');
  });
});

describe('zombies on the demo export (golden, as-of 2026-03-31T23:59)', () => {
  it('table (NO_COLOR, with --parked)', () => {
    const r = runCli([...DEMO, '--format', 'table', '--parked']);
    expect(r.code, r.stderr).toBe(0);
    expectGolden(r.stdout, golden('demo.table.txt'));
  });

  it('csv', () => {
    const r = runCli([...DEMO, '--format', 'csv']);
    expect(r.code, r.stderr).toBe(0);
    expectGolden(r.stdout, golden('demo.csv'));
  });

  it('json', () => {
    const r = runCli([...DEMO, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expectGolden(r.stdout, golden('demo.json'));
  });

  it('--by pipeline groups the summary by pipeline', () => {
    const report = json([...DEMO, '--by', 'pipeline']) as unknown as { summary: Record<string, Array<Record<string, unknown>>> };
    expect(report.summary.by_pipeline?.map((g) => g.pipeline).sort()).toEqual(['Продажи', 'Розница']);
  });
});
