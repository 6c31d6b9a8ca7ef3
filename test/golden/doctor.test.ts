// Golden tests of `doctor` on the bundled demo export and on the hand-written small set.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectGolden } from '../support/golden.js';
import { ROOT, runCli } from '../support/run-cli.js';

const expected = (name: string) => path.join(ROOT, 'test', 'golden', 'expected', 'doctor', name);
const demo = ['doctor', '--config', 'kpi.example.yaml', '--as-of', '2026-03-31T23:59'];

describe('doctor on the demo export', () => {
  for (const format of ['table', 'csv', 'json', 'md']) {
    it(`--format ${format}`, () => {
      const r = runCli([...demo, '--format', format]);
      expect(r.code, r.stderr).toBe(0);
      expectGolden(r.stdout, expected(`demo.${format === 'table' ? 'txt' : format}`));
    });
  }

  it('accounts for every row: read = used + skipped', () => {
    const r = runCli([...demo, '--format', 'json']);
    const out = JSON.parse(r.stdout) as { summary: { rows_read: number; rows_used: number; rows_skipped: number; usable: boolean } };
    // deals 2 715 + stage events 10 972 + payments 1 218, as printed by scripts/generate-demo.mjs
    expect(out.summary).toMatchObject({ rows_read: 14_905, rows_used: 14_905, rows_skipped: 0, usable: true });
  });

  it('reads the same data whatever the machine time zone', () => {
    const a = runCli([...demo, '--format', 'json'], { env: { TZ: 'UTC' } });
    const b = runCli([...demo, '--format', 'json'], { env: { TZ: 'Pacific/Kiritimati' } });
    expect(a.stdout).toBe(b.stdout);
  });
});

describe('doctor on the hand-written small set', () => {
  it('finds 15 deals, their date range and the manager not on the team', () => {
    const r = runCli(['doctor', '--config', 'fixtures/small/kpi.yaml', '--as-of', '2025-04-30', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { summary: Record<string, unknown> };
    expect(out.summary['deals']).toEqual({ total: 15, open: 4, won: 6, lost: 5 });
    expect(out.summary['created_from']).toBe('2025-02-03');
    expect(out.summary['team_without_deals']).toEqual([]);
    const managers = out.summary['managers'] as Array<{ manager: string; on_team: string }>;
    expect(managers.find((m) => m.manager === 'Sidorov')?.on_team).toBe('no');
  });
});
