// A deals file without an id column (a spreadsheet, a board's export) and rows with an empty
// manager are read, not refused (issue 24, item 5): each deal is numbered by its line, said once at
// line 1; an empty manager is "(none)", kept with a warning. The same every way a file is read.
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTmp } from './csv/helpers.js';
import { runCli } from '../support/run-cli.js';

const tmp = makeTmp('ids-by-line');
afterAll(() => tmp.cleanup());

// 5 deals: Ann 2 won in January, Bob 1 lost in February, one open with no manager, one open of Ann.
tmp.write(
  'deals.csv',
  [
    'Deal Name,Owner,Stage,Created Date,Close Date,Value',
    'Printer,Ann,Won,2025-01-03,2025-01-20,1200',
    'Toner,Ann,Won,2025-01-05,2025-01-28,300',
    'Scanner,Bob,Lost,2025-01-10,2025-02-02,900',
    'Paper,,Talks,2025-02-10,,150',
    'Ink,Ann,Talks,2025-02-11,,75',
  ].join('\n') + '\n',
);
tmp.write(
  'kpi.yaml',
  `timezone: UTC
currency: USD
data:
  deals:
    path: deals.csv
    columns: { title: "Deal Name", manager: "Owner", stage: "Stage", created_at: "Created Date", closed_at: "Close Date", amount: "Value" }
pipelines:
  default: { stages: [Talks], won: [Won], lost: [Lost] }
zombies:
  rules: [{ name: default, max_age_days: 30 }]
`,
);

const run = (args: string[], env: Record<string, string> = {}) => runCli([...args, '--config', path.join(tmp.dir, 'kpi.yaml'), '--as-of', '2025-03-31'], { cwd: tmp.dir, env });

describe('a deals file without an id column', () => {
  it('numbers each deal by its line, says so once, and counts every deal', () => {
    const doctor = run(['doctor', '--format', 'json']);
    expect(doctor.code, doctor.stderr).toBe(0);
    const json = JSON.parse(doctor.stdout) as { rows: Array<{ rows_read: number; rows_used: number }>; warnings: Array<{ line: number; reason: string; action: string }> };
    expect(json.rows[0]).toMatchObject({ rows_read: 5, rows_used: 5 });
    expect(json.warnings).toContainEqual(expect.objectContaining({ line: 1, action: 'kept', reason: expect.stringContaining('no id column: each deal is numbered by its line') }));
    expect(json.warnings).toContainEqual(expect.objectContaining({ line: 5, action: 'kept', reason: 'the manager is empty: counted under "(none)"' }));
  });

  it('conversion and zombies see every deal, the empty manager as (none), the same every way', () => {
    const ways: Array<Record<string, string>> = [{}, { DEALPULSE_FAST_PATHS: 'off' }, { DEALPULSE_READ_PARTS: '3', DEALPULSE_THREAD_MIN_BYTES: '0' }];
    const outputs = ways.map((env) => run(['conversion', '--from', '2025-01-01', '--to', '2025-02-28', '--by', 'manager', '--format', 'csv', '--quiet'], env));
    for (const o of outputs) expect(o.code, o.stderr).toBe(0);
    expect(new Set(outputs.map((o) => o.stdout)).size).toBe(1);
    const rows = outputs[0]!.stdout.trim().split('\n').slice(1).map((l) => l.split(',').slice(3, 7));
    expect(rows).toEqual([
      ['Ann', '3', '2', '0'],
      ['Bob', '1', '0', '1'],
      ['(none)', '1', '0', '0'],
    ]);
    const zombies = run(['zombies', '--format', 'json', '--quiet']);
    expect(zombies.code, zombies.stderr).toBe(0);
    // Paper (line 5, no manager) and Ink (line 6) are open 49 and 48 days: over 30.
    const z = JSON.parse(zombies.stdout) as { rows: Array<{ id: string; manager: string }> };
    expect(z.rows.map((r) => [r.id, r.manager]).sort()).toEqual([
      ['5', '(none)'],
      ['6', 'Ann'],
    ]);
  });
});
