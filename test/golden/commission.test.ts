// End-to-end `dealpulse commission` on the built CLI: fixtures/small against the payouts worked out
// by hand in its EXPECTED.md, golden files for the demo export (March 2025, and February 2026 with
// refunds and a cap that bites), payroll strictness and the input fingerprint.
// Run `npm run build` first; `UPDATE_GOLDEN=1` rewrites the golden files (review the diff by hand).
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectGolden } from '../support/golden.js';
import { ROOT, runCli } from '../support/run-cli.js';

const SMALL = ['commission', '--config', 'fixtures/small/kpi.yaml', '--as-of', '2025-04-30T23:59'];
const DEMO = ['commission', '--config', 'kpi.example.yaml', '--as-of', '2026-03-31T23:59'];
const golden = (name: string) => path.join(ROOT, 'test', 'golden', 'expected', 'commission', name);
const sha256 = (file: string) => createHash('sha256').update(readFileSync(path.join(ROOT, file))).digest('hex');

type JsonRow = Record<string, unknown>;
interface JsonReport {
  command: string;
  params: Record<string, unknown>;
  rows: JsonRow[];
  summary: {
    totals: Record<string, number>;
    inputs: { config: { file: string; sha256: string }; files: Array<{ file: string; sha256: string }> };
    notices: string[];
    bad_rows_skipped: number;
    statements?: Array<{
      manager: string;
      lines: Array<{ deal: string; event: string; date: string; base: number; amount: number; share: number }>;
      bonuses: Array<{ name: string; met: boolean; value: number | null; paid: number }>;
      pending: Array<{ deal: string; base: number; missing: string[] }>;
    }>;
  };
  warnings: Array<{ file: string; line: number; reason: string; action: string }>;
}

function json(args: string[]): JsonReport {
  const r = runCli([...args, '--format', 'json']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as JsonReport;
}

const FIGURES = ['manager', 'plan', 'quota', 'base_total', 'attained', 'attainment', 'rate', 'commission', 'bonus', 'cap_adjustment', 'payout', 'deals', 'pending', 'pending_base'];
const figures = (row: JsonRow) => FIGURES.map((k) => row[k]);

describe('commission on fixtures/small (EXPECTED.md)', () => {
  let march: JsonReport;
  let april: JsonReport;
  beforeAll(() => {
    march = json([...SMALL, '--period', '2025-03', '--detail']);
    april = json([...SMALL, '--period', '2025-04', '--detail']);
  });

  it('March: Ivanova 840 000 / 1 200 000 (the March override) = 0.7 → 0 %, conversion bonus 10 000; Petrov 0', () => {
    expect(march.rows.map(figures)).toEqual([
      ['Ivanova', 'hunter', 1200000, 840000, 840000, 0.7, 0, 0, 10000, 0, 10000, 2, 0, 0],
      ['Petrov', 'hunter', 900000, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
      ['Sidorov', null, null, null, null, null, null, null, null, null, null, 0, null, null],
    ]);
    expect(march.rows[0]).toMatchObject({ period: '2025-03', period_start: '2025-03-01', period_end: '2025-03-31' });
    const ivanova = march.summary.statements![0]!;
    // 101: 1 000 000 of 1 000 000 → 300 000; 103: 1 500 000 of 3 000 000 → 540 000.
    expect(ivanova.lines.map((l) => [l.date, l.deal, l.event, l.share, l.base, l.amount])).toEqual([
      ['2025-03-10', '101', 'payment', 1, 300000, 0],
      ['2025-03-31', '103', 'payment', 0.5, 540000, 0],
    ]);
    // Conversion 2/2 = 1.0 ≥ 0.35; attainment 0.7 < 1.0.
    expect(ivanova.bonuses.map((b) => [b.name, b.met, b.value, b.paid])).toEqual([
      ['conversion', true, 1, 10000],
      ['plan', false, 0.7, 0],
    ]);
    // Petrov: leads 107, 108, 115, none won in March → 0/3.
    expect(march.summary.statements![1]!.bonuses[0]).toMatchObject({ met: false, value: 0, won: 0, leads: 3 });
    expect(march.summary.totals).toEqual({ commission: 0, bonus: 10000, cap_adjustment: 0, payout: 10000, deals: 2, pending: 0 });
  });

  it('April: Ivanova 1 080 000 (103 half, 104 full, 101 refund −60 000) = 1.08 → 5 %: 54 000 + 30 000; Petrov pending 106', () => {
    expect(april.rows.map(figures)).toEqual([
      ['Ivanova', 'hunter', 1000000, 1080000, 1080000, 1.08, 0.05, 54000, 30000, 0, 84000, 3, 0, 0],
      ['Petrov', 'hunter', 900000, 0, 0, 0, 0, 0, 10000, 0, 10000, 0, 1, 90000],
      ['Sidorov', null, null, null, null, null, null, null, null, null, null, 1, null, null],
    ]);
    const [ivanova, petrov] = april.summary.statements!;
    expect(ivanova!.lines.map((l) => [l.date, l.deal, l.event, l.share, l.base, l.amount])).toEqual([
      ['2025-04-12', '104', 'payment', 1, 600000, 30000],
      ['2025-04-15', '103', 'payment', 0.5, 540000, 27000],
      ['2025-04-20', '101', 'refund', -0.2, -60000, -3000],
    ]);
    expect(ivanova!.bonuses.map((b) => [b.name, b.met, b.paid])).toEqual([
      ['conversion', true, 10000],
      ['plan', true, 20000],
    ]);
    // 106 fails docs_uploaded: pending with its 90 000 margin; the conversion bonus (1/1) still applies.
    expect(petrov!.pending).toEqual([{ date: '2025-04-05', deal: '106', base: 90000, missing: ['docs_uploaded'], credits: 1, file: 'fixtures/small/deals.csv', line: 7 }]);
    expect(petrov!.bonuses[0]).toMatchObject({ met: true, won: 1, leads: 1, paid: 10000 });
    expect(april.summary.totals).toEqual({ commission: 54000, bonus: 40000, cap_adjustment: 0, payout: 94000, deals: 4, pending: 1 });
    expect(april.summary.notices).toEqual([
      'Sidorov: has deals in 2025-04 but is not on commission.team (no plan): not paid by this report; won deals closed or paid in the period: 112',
    ]);
  });

  it('the table statement says why: tier, bonuses, cap, and what a pending deal is missing', () => {
    const r = runCli([...SMALL, '--period', '2025-04', '--format', 'table', '--detail']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('attainment 108.0% ≥ 100.0% → tier 3 of 4 (5.0%)');
    expect(r.stdout).toContain('conversion 1/1 = 100.0% ≥ 35.0% → 10 000.00 ₽');
    expect(r.stdout).toContain('commission + bonus 84 000.00 ₽ ≤ cap 400 000.00 ₽: no cut');
    expect(r.stdout).toContain('not counted until: docs_uploaded');
    expect(r.stdout).toMatch(/│ Total\s+│[^\n]*│ 1 080 000.00 ₽ │\s+│ 54 000.00 ₽ │/);
  });

  it('--manager keeps one row (case-insensitive when unambiguous); an unknown name is a usage error', () => {
    const one = json([...SMALL, '--period', '2025-04', '--manager', 'petrov']);
    expect(one.rows.map((r) => r.manager)).toEqual(['Petrov']);
    expect(one.summary.totals.payout).toBe(10000);
    const r = runCli([...SMALL, '--period', '2025-04', '--manager', 'Nobody']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--manager "Nobody": no such manager');
  });

  it('fingerprint: SHA-256 of the config and of each file read, in json and under the table', () => {
    const files = ['fixtures/small/deals.csv', 'fixtures/small/payments.csv'];
    expect(april.summary.inputs).toEqual({
      config: { file: 'fixtures/small/kpi.yaml', sha256: sha256('fixtures/small/kpi.yaml') },
      files: files.map((file) => ({ file, sha256: sha256(file) })),
    });
    const table = runCli([...SMALL, '--period', '2025-04', '--format', 'table']);
    expect(table.stdout).toContain(`${sha256('fixtures/small/payments.csv')}  fixtures/small/payments.csv`);
  });

  it('csv is a clean payroll sheet on stdout; the fingerprint and warnings go to stderr', () => {
    const r = runCli([...SMALL, '--period', '2025-04', '--format', 'csv']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')).toEqual([
      'period,period_start,period_end,manager,plan,quota,base_total,attained,attainment,rate,commission,bonus,cap_adjustment,payout,deals,pending,pending_base',
      '2025-04,2025-04-01,2025-04-30,Ivanova,hunter,1000000.00,1080000.00,1080000.00,1.08,0.05,54000.00,30000.00,0.00,84000.00,3,0,0.00',
      '2025-04,2025-04-01,2025-04-30,Petrov,hunter,900000.00,0.00,0.00,0,0,0.00,10000.00,0.00,10000.00,0,1,90000.00',
      '2025-04,2025-04-01,2025-04-30,Sidorov,,,,,,,,,,,1,,',
      '',
    ]);
    expect(r.stderr).toContain(`${sha256('fixtures/small/deals.csv')}  fixtures/small/deals.csv`);
    expect(r.stderr).toContain('warning: Sidorov: has deals in 2025-04 but is not on commission.team');
    const excel = runCli([...SMALL, '--period', '2025-04', '--format', 'csv', '--excel']);
    expect(excel.stdout.startsWith('\ufeffperiod;period_start;')).toBe(true);
    expect(excel.stdout).toContain('Ivanova;hunter;1000000,00;1080000,00;1080000,00;1,08;0,05;54000,00;30000,00;0,00;84000,00;3;0;0,00');
  });
});

describe('commission payroll strictness', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'dealpulse-commission-'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const payments = (extra: string) => {
    const file = path.join(dir, `payments-${createHash('sha256').update(extra).digest('hex').slice(0, 8)}.csv`);
    writeFileSync(file, readFileSync(path.join(ROOT, 'fixtures/small/payments.csv'), 'utf8') + extra);
    return file;
  };

  it('a payment for an unknown deal stops the run with file:line (exit 1)', () => {
    const file = payments('999,2025-04-11,5000.00\n');
    const r = runCli([...SMALL, '--period', '2025-04', '--payments', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/payments-[0-9a-f]+\.csv:9: field "deal_id": payment for deal "999", which is not in the deals file/);
    expect(r.stderr).toContain('pass --allow-bad-rows');
    expect(r.stdout).toBe('');
  });

  it('a payment for a lost deal and an unreadable row are bad rows too', () => {
    const lost = runCli([...SMALL, '--period', '2025-04', '--payments', payments('102,2025-04-11,5000.00\n')]);
    expect(lost.code).toBe(1);
    expect(lost.stderr).toMatch(/\.csv:9: field "deal_id": payment for deal "102", which is lost, not won \(fixtures\/small\/deals\.csv:3\)/);
    const unreadable = runCli([...SMALL, '--period', '2025-04', '--payments', payments('101,not a date,5000.00\n')]);
    expect(unreadable.code).toBe(1);
    expect(unreadable.stderr).toMatch(/\.csv:9: field "paid_at"/);
    expect(unreadable.stderr).toContain('payroll is strict');
  });

  it('with --allow-bad-rows: exit 0, the payouts without the bad rows, every skipped row listed', () => {
    const file = payments('999,2025-04-11,5000.00\n101,not a date,5000.00\n');
    const r = runCli([...SMALL, '--period', '2025-04', '--payments', file, '--allow-bad-rows', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(report.rows.map((row) => row.payout)).toEqual([84000, 10000, null]);
    const skipped = report.warnings.filter((w) => w.action === 'skipped').map((w) => w.line);
    expect(skipped.sort((a, b) => a - b)).toEqual([9, 10]);
    expect(report.summary.bad_rows_skipped).toBe(2);
    const table = runCli([...SMALL, '--period', '2025-04', '--payments', file, '--allow-bad-rows', '--format', 'table']);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/skipped \(--allow-bad-rows\): \S+\.csv:9: field "deal_id": payment for deal "999"/);
    expect(table.stdout).toMatch(/skipped \(--allow-bad-rows\): \S+\.csv:10: field "paid_at"/);
    const csv = runCli([...SMALL, '--period', '2025-04', '--payments', file, '--allow-bad-rows', '--format', 'csv']);
    expect(csv.stderr).toMatch(/skipped \(--allow-bad-rows\): \S+\.csv:9/);
  });

  it('--strict and --allow-bad-rows together are a usage error', () => {
    expect(runCli([...SMALL, '--period', '2025-04', '--strict', '--allow-bad-rows']).code).toBe(2);
  });

  it('a won deal without an amount is a bad row for payroll (it is only a warning elsewhere)', () => {
    const deals = path.join(dir, 'deals-no-amount.csv');
    writeFileSync(deals, readFileSync(path.join(ROOT, 'fixtures/small/deals.csv'), 'utf8').replace('104,Поставка стеллажей,Ivanova,default,Won,2000000,', '104,Поставка стеллажей,Ivanova,default,Won,,'));
    const r = runCli([...SMALL, '--period', '2025-04', '--deals', deals]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/deals-no-amount\.csv:5: field "amount": won deal "104" has no amount/);
    const allowed = JSON.parse(runCli([...SMALL, '--period', '2025-04', '--deals', deals, '--allow-bad-rows', '--format', 'json']).stdout) as JsonReport;
    // 104's payment of 2 000 000 (600 000 margin) is not credited: 540 000 − 60 000 = 480 000 → 0.48 → 0 %.
    expect(allowed.rows[0]).toMatchObject({ manager: 'Ivanova', base_total: 480000, commission: 0, payout: 10000 });
    const skipped = allowed.warnings.filter((w) => w.action === 'skipped');
    expect(skipped.map((w) => w.line)).toEqual([5, 6]);
    expect(skipped[0]!.reason).toMatch(/^won deal "104" has no amount: payroll cannot credit it/);
    expect(skipped[1]!.reason).toMatch(/^payment for deal "104", which is skipped as a bad row \(\S+deals-no-amount\.csv:5\): not credited$/);
    // The reader's "amount is empty" warning on the same line is not listed a second time.
    expect(allowed.warnings.filter((w) => w.line === 5 && w.file.endsWith('deals-no-amount.csv'))).toHaveLength(1);
  });

  it('a duplicate deal id is fatal for payroll (elsewhere the last row wins with a warning)', () => {
    const deals = path.join(dir, 'deals-duplicate.csv');
    const text = readFileSync(path.join(ROOT, 'fixtures/small/deals.csv'), 'utf8');
    writeFileSync(deals, text + text.split('\n').find((l) => l.startsWith('112,'))! + '\n');
    const r = runCli([...SMALL, '--period', '2025-04', '--deals', deals]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/deals-duplicate\.csv:13: field "id": .*"112"/);
  });

  it('text cells of the payroll sheet cannot start a formula; amounts stay numbers', () => {
    const deals = path.join(dir, 'deals-formula.csv');
    writeFileSync(deals, readFileSync(path.join(ROOT, 'fixtures/small/deals.csv'), 'utf8').replaceAll(',Sidorov,', ',=2+3,'));
    const r = runCli([...SMALL, '--period', '2025-04', '--deals', deals, '--format', 'csv']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("2025-04,2025-04-01,2025-04-30,'=2+3,,,,,,,,,,,1,,");
    expect(r.stdout).toContain('2025-04,2025-04-01,2025-04-30,Petrov,hunter,900000.00,');
  });
});

describe('commission config checks (payroll mistakes are errors)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'dealpulse-commission-config-'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  const withConfig = (edit: (yaml: string) => string, extra: string[] = []) => {
    const file = path.join(dir, `kpi-${createHash('sha256').update(edit('')).digest('hex').slice(0, 8)}-${Math.random().toString(36).slice(2, 8)}.yaml`);
    writeFileSync(file, edit(readFileSync(path.join(ROOT, 'fixtures/small/kpi.yaml'), 'utf8')));
    return runCli(['commission', '--config', file, '--deals', 'fixtures/small/deals.csv', '--payments', 'fixtures/small/payments.csv', '--period', '2025-04', ...extra]);
  };

  it('a team member listed twice would be paid twice', () => {
    const r = withConfig((y) => y.replace('    - { manager: Petrov, plan: hunter, quota: 900000 }', '    - { manager: Petrov, plan: hunter, quota: 900000 }\n    - { manager: Petrov, plan: hunter, quota: 1 }'));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('commission.team: "Petrov" is listed twice');
  });

  it('a gate that is not a mapped column could never pass', () => {
    const r = withConfig((y) => y.replace('require: [docs_uploaded, contract_signed]', 'require: [docs_uploaded, card_filled]'));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('commission.plans.hunter.require: "card_filled" is not a column under data.deals.fields');
  });

  it('a plan crediting on payment needs a payments file', () => {
    const file = path.join(dir, 'kpi-no-payments.yaml');
    writeFileSync(file, readFileSync(path.join(ROOT, 'fixtures/small/kpi.yaml'), 'utf8').replace(/  payments:\n(    .*\n)+/, ''));
    const r = runCli(['commission', '--config', file, '--deals', 'fixtures/small/deals.csv', '--period', '2025-04']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('commission.plans.hunter credits on payment, but there is no payments file');
  });

  it('a zero quota: attainment empty (null in json, — in the table), first tier, a warning', () => {
    const r = withConfig((y) => y.replace('quota: 900000', 'quota: 0'), ['--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(report.rows[1]).toMatchObject({ manager: 'Petrov', quota: 0, attainment: null, rate: 0, payout: 10000 });
    expect(report.summary.notices).toContain("Petrov: the quota for 2025-04 is 0: attainment is empty, the first tier's rate applies");
    expect(r.stdout).not.toMatch(/Infinity|NaN/);
  });

  it('a period that is not over on --as-of is said to be figures so far', () => {
    const r = runCli([...SMALL.slice(0, 3), '--as-of', '2025-04-15', '--period', 'this-month', '--format', 'table']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Commission 2025-04 (2025-04-01 .. 2025-04-30)');
    expect(r.stdout).toContain('2025-04 is not over on the --as-of day 2025-04-15: figures so far, not a final payroll.');
  });

  it('the payouts do not depend on the host time zone', () => {
    const outputs = ['UTC', 'Asia/Kolkata', 'Pacific/Kiritimati'].map((TZ) => runCli([...SMALL, '--period', '2025-04', '--format', 'json', '--detail'], { env: { TZ } }).stdout);
    expect(new Set(outputs).size).toBe(1);
  });
});

describe('commission on the demo export (golden files)', () => {
  const cases: Array<[string, string[]]> = [
    ['2025-03.table.txt', ['--period', '2025-03', '--format', 'table']],
    ['2025-03.csv', ['--period', '2025-03', '--format', 'csv']],
    ['2025-03.json', ['--period', '2025-03', '--format', 'json']],
    ['2025-03.detail-sokolov.table.txt', ['--period', '2025-03', '--format', 'table', '--detail', '--manager', 'Соколов И.']],
    ['2026-02.table.txt', ['--period', '2026-02', '--format', 'table']],
    ['2026-02.csv', ['--period', '2026-02', '--format', 'csv']],
    ['2026-02.json', ['--period', '2026-02', '--format', 'json']],
    ['2026-02.detail-smirnova.table.txt', ['--period', '2026-02', '--format', 'table', '--detail', '--manager', 'Смирнова Е.']],
    ['2026-02.detail-ivanova.table.txt', ['--period', '2026-02', '--format', 'table', '--detail', '--manager', 'Иванова А.']],
  ];
  for (const [name, args] of cases) {
    it(name, () => {
      const r = runCli([...DEMO, ...args]);
      expect(r.code, r.stderr).toBe(0);
      expectGolden(r.stdout, golden(name));
    });
  }

  it('2026-02: the cap cuts Иванова А. to 120 000 exactly; refunds are negative lines', () => {
    const report = json([...DEMO, '--period', '2026-02', '--detail']);
    const ivanova = report.rows.find((r) => r.manager === 'Иванова А.')!;
    expect(ivanova).toMatchObject({ commission: 105968.76, bonus: 30000, cap_adjustment: -15968.76, payout: 120000 });
    const refunds = report.summary.statements!.flatMap((s) => s.lines.filter((l) => l.event === 'refund').map((l) => [s.manager, l.deal]));
    expect(refunds).toEqual([
      ['Петров С.', '24215487'],
      ['Смирнова Е.', '24213773'],
      ['Волкова М.', '24216766'],
      ['Волкова М.', '24211025'],
    ]);
    // Every statement adds up to its row, and the payouts to the total.
    for (const s of report.summary.statements!) {
      const row = report.rows.find((r) => r.manager === s.manager)!;
      const cents = (xs: number[]) => xs.reduce((a, x) => a + Math.round(x * 100), 0);
      expect(cents(s.lines.map((l) => l.amount))).toBe(Math.round((row.commission as number) * 100));
      expect(cents(s.lines.map((l) => l.base))).toBe(Math.round((row.base_total as number) * 100));
    }
    expect(Math.round(report.summary.totals.payout! * 100)).toBe(report.rows.reduce((a, r) => a + Math.round((r.payout as number) * 100), 0));
  });
});
