// End-to-end `dealpulse funnel`: the built CLI on fixtures/small (figures from EXPECTED.md and a
// separate numpy re-computation), golden files for the demo export, and the proof that the entry
// form and the from→to form of one history give the same funnel.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { expectGolden } from '../support/golden.js';
import { ROOT, runCli } from '../support/run-cli.js';

const EXPECTED = path.join(ROOT, 'test', 'golden', 'expected', 'funnel');
const FORMS = path.join(ROOT, 'test', 'golden', 'fixtures', 'history-forms');
const SMALL = ['--config', 'fixtures/small/kpi.yaml', '--as-of', '2025-04-30T23:59'];
const DEMO = ['--config', 'kpi.example.yaml', '--as-of', '2026-03-31T23:59'];

interface FunnelJson {
  command: string;
  params: Record<string, unknown>;
  rows: Array<Record<string, string | number | null>>;
  summary: {
    pipelines: Array<{ pipeline: string; bottleneck: string | null; funnel: Array<{ stage: string; entered: number }> }>;
    [key: string]: unknown;
  };
  warnings: Array<{ file: string; line: number; reason: string; action: string }>;
}

function funnelJson(args: string[]): FunnelJson {
  const r = runCli(['funnel', ...args, '--format', 'json']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as FunnelJson;
}

const pick = (rows: FunnelJson['rows'], keys: string[]) => rows.map((r) => Object.fromEntries(keys.map((k) => [k, r[k]])));

describe('funnel on fixtures/small', () => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'dealpulse-funnel-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it("deal 114's re-entries add up: Proposal 474 h, Negotiation 748 h, lost in Negotiation", () => {
    // Only 114's rows of the history: the stage rows are then that one deal's times.
    const lines = readFileSync(path.join(ROOT, 'fixtures/small/history.csv'), 'utf8').split('\n');
    const only114 = path.join(tmp, 'history-114.csv');
    writeFileSync(only114, [lines[0], ...lines.filter((l) => l.startsWith('114,'))].join('\n') + '\n');
    const json = funnelJson([...SMALL, '--history', only114]);
    const byStage = Object.fromEntries(json.rows.map((r) => [r.stage, r]));
    expect(byStage['New lead']).toMatchObject({ entered: 1, moved_on: 1, median_hours: 18 });
    expect(byStage['Qualified']).toMatchObject({ entered: 1, moved_on: 1, median_hours: 122 });
    expect(byStage['Proposal']).toMatchObject({ entered: 1, moved_on: 1, lost_here: 0, median_hours: 474, mean_hours: 474, open_now: 0, sla_breaches: 1 });
    expect(byStage['Negotiation']).toMatchObject({ entered: 1, moved_on: 0, lost_here: 1, median_hours: 748, open_now: 0, sla_breaches: 1 });
    expect(byStage['Contract']).toMatchObject({ entered: 0, median_hours: null });
    expect(json.summary.pipelines[0]!.bottleneck).toBe('Negotiation');
    expect(json.summary.deals_without_history).toBe(14);
  });

  it('all deals: every row as computed by hand and by numpy', () => {
    const json = funnelJson(SMALL);
    expect(json.command).toBe('funnel');
    expect(pick(json.rows, ['stage', 'entered', 'moved_on', 'lost_here', 'median_hours', 'p90_hours', 'mean_hours', 'open_now', 'open_median_hours', 'sla_days', 'sla_breaches'])).toEqual([
      { stage: 'New lead', entered: 15, moved_on: 14, lost_here: 1, median_hours: 24, p90_hours: 25.8, mean_hours: 25.7, open_now: 0, open_median_hours: null, sla_days: 1, sla_breaches: 6 },
      { stage: 'Qualified', entered: 14, moved_on: 12, lost_here: 1, median_hours: 143, p90_hours: 211.6, mean_hours: 135.5, open_now: 1, open_median_hours: 853.98, sla_days: 3, sla_breaches: 12 },
      { stage: 'Proposal', entered: 12, moved_on: 9, lost_here: 2, median_hours: 218, p90_hours: 477, mean_hours: 288.27, open_now: 1, open_median_hours: 397.98, sla_days: 7, sla_breaches: 9 },
      { stage: 'Negotiation', entered: 6, moved_on: 4, lost_here: 1, median_hours: 413, p90_hours: 670.4, mean_hours: 467.8, open_now: 1, open_median_hours: 1451.98, sla_days: 14, sla_breaches: 4 },
      { stage: 'Contract', entered: 6, moved_on: 5, lost_here: 0, median_hours: 101, p90_hours: 120.8, mean_hours: 89, open_now: 1, open_median_hours: 992.98, sla_days: null, sla_breaches: null },
    ]);
    // 109 has sat in Negotiation since 2025-03-01 12:00: 60 days 11 h 59 min to the as-of.
    expect(json.rows[3]!.flags).toBe('bottleneck, SLA');
    // The won deal without closed_at (108) is a kept warning from the reader, not a funnel problem.
    expect(json.warnings.map((w) => w.action)).toEqual(['kept']);
  });

  it('--by manager repeats the rows per manager; --period narrows entered', () => {
    const json = funnelJson([...SMALL, '--by', 'manager', '--period', '2025-03']);
    expect([...new Set(json.rows.map((r) => r.manager))]).toEqual(['Ivanova', 'Petrov', 'Sidorov']);
    expect(json.rows[0]).toMatchObject({ period: '2025-03', period_start: '2025-03-01', period_end: '2025-03-31', pipeline: 'default', manager: 'Ivanova', stage: 'New lead' });
    // New lead in March: Ivanova 103, 104 · Petrov 107, 108, 115 · Sidorov 112 (the March leads).
    expect(json.rows.filter((r) => r.stage === 'New lead').map((r) => r.entered)).toEqual([2, 3, 1]);
  });

  it('--first-response: creation to the first stage change per manager', () => {
    const json = funnelJson([...SMALL, '--first-response']);
    // Ivanova: 101 26 h, 102 23 h, 103 23 h, 104 10.5 h, 105 25.5 h, 114 18 h.
    expect(json.rows[0]).toEqual({ manager: 'Ivanova', deals: 6, responded: 6, median_hours: 23, p90_hours: 25.75, waiting: 0 });
    expect(json.rows.map((r) => r.manager)).toEqual(['Ivanova', 'Petrov', 'Sidorov']);
  });

  it('usage errors exit 2 and say what to do', () => {
    const unknown = runCli(['funnel', ...SMALL, '--pipeline', 'defualt']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('did you mean "default"?');
    const every = runCli(['funnel', ...SMALL, '--period', '2025', '--every', 'month']);
    expect(every.code).toBe(2);
    expect(every.stderr).toContain('--every');
  });

  it('a config without pipelines or without a history exits 1 and says what to add', () => {
    const config = readFileSync(path.join(FORMS, 'kpi-entries.yaml'), 'utf8');
    for (const name of ['deals.csv', 'history-entries.csv']) writeFileSync(path.join(tmp, name), readFileSync(path.join(FORMS, name)));
    writeFileSync(path.join(tmp, 'no-pipelines.yaml'), config.replace(/^pipelines:[\s\S]*$/m, ''));
    writeFileSync(path.join(tmp, 'no-history.yaml'), config.replace(/^ {2}history:[\s\S]*?(?=^pipelines:)/m, ''));
    const noPipelines = runCli(['funnel', '--config', path.join(tmp, 'no-pipelines.yaml')]);
    expect(noPipelines.code).toBe(1);
    expect(noPipelines.stderr).toContain('funnel needs the stage order: add a pipelines: section');
    const noHistory = runCli(['funnel', '--config', path.join(tmp, 'no-history.yaml')]);
    expect(noHistory.code).toBe(1);
    expect(noHistory.stderr).toContain('funnel needs the stage history');
    expect(noHistory.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('funnel on the demo export (golden)', () => {
  it('table (NO_COLOR)', () => {
    const r = runCli(['funnel', ...DEMO, '--format', 'table']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(/\u001b\[/);
    expectGolden(r.stdout, path.join(EXPECTED, 'demo.table.txt'));
  });

  it('csv', () => {
    const r = runCli(['funnel', ...DEMO, '--format', 'csv']);
    expect(r.code, r.stderr).toBe(0);
    expectGolden(r.stdout, path.join(EXPECTED, 'demo.csv'));
  });

  it('json; the bottleneck of Продажи is Переговоры', () => {
    const r = runCli(['funnel', ...DEMO, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expectGolden(r.stdout, path.join(EXPECTED, 'demo.json'));
    const json = JSON.parse(r.stdout) as FunnelJson;
    expect(json.summary.pipelines.map((p) => [p.pipeline, p.bottleneck])).toEqual([
      ['Продажи', 'Переговоры'],
      ['Розница', 'Счёт выставлен'],
    ]);
    // entered never grows down the configured order of a pipeline here (no period).
    for (const p of json.summary.pipelines) {
      const entered = p.funnel.map((s) => s.entered);
      expect(entered).toEqual([...entered].sort((a, b) => b - a));
    }
  });
});

describe('history forms: entries and from→to give the same funnel', () => {
  const run = (form: 'entries' | 'changes', extra: string[] = []) =>
    funnelJson(['--config', path.join(FORMS, `kpi-${form}.yaml`), '--as-of', '2025-01-31T12:00', ...extra]);

  it('same rows and summary, and the figures of EXPECTED.md', () => {
    const entries = run('entries');
    const changes = run('changes');
    expect(changes.rows).toEqual(entries.rows);
    // `input` names the files read, which differ by design; everything computed must not.
    const computed = (summary: Record<string, unknown>) => ({ ...summary, input: undefined });
    expect(computed(changes.summary)).toEqual(computed(entries.summary));
    expect(pick(entries.rows, ['stage', 'entered', 'moved_on', 'lost_here', 'median_hours', 'p90_hours', 'mean_hours', 'open_now', 'open_median_hours', 'sla_breaches', 'flags'])).toEqual([
      { stage: 'New', entered: 5, moved_on: 4, lost_here: 1, median_hours: 24, p90_hours: 38.4, mean_hours: 24, open_now: 0, open_median_hours: null, sla_breaches: 1, flags: 'SLA' },
      { stage: 'Qualified', entered: 3, moved_on: 2, lost_here: 0, median_hours: 48, p90_hours: 48, mean_hours: 48, open_now: 1, open_median_hours: 528, sla_breaches: null, flags: null },
      { stage: 'Proposal', entered: 2, moved_on: 2, lost_here: 1, median_hours: 108, p90_hours: 117.6, mean_hours: 108, open_now: 0, open_median_hours: null, sla_breaches: 0, flags: null },
      { stage: 'Negotiation', entered: 2, moved_on: 1, lost_here: 0, median_hours: 108.5, p90_hours: 156.9, mean_hours: 108.5, open_now: 0, open_median_hours: null, sla_breaches: null, flags: 'bottleneck' },
    ]);
    expect(entries.summary).toMatchObject({ ties: 1, collapsed: 1, out_of_order: 1 });
  });

  it('same first-response and per-manager rows', () => {
    expect(run('changes', ['--first-response']).rows).toEqual(run('entries', ['--first-response']).rows);
    expect(run('entries', ['--first-response']).rows).toEqual([
      { manager: 'Anna', deals: 2, responded: 2, median_hours: 36, p90_hours: 45.6, waiting: 0 },
      { manager: 'Boris', deals: 3, responded: 3, median_hours: 24, p90_hours: 24, waiting: 0 },
    ]);
    expect(run('changes', ['--by', 'manager']).rows).toEqual(run('entries', ['--by', 'manager']).rows);
  });
});
