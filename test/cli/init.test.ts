// `dealpulse init` end to end, on every CRM fixture: init → the written config → doctor (exit 0) →
// conversion and funnel, with the numbers computed by hand from the story of
// scripts/generate-crm-fixtures.mjs (the table is in fixtures/crm/README.md).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfigText } from '../../src/config/load-config.js';
import { makeTmp } from '../io/csv/helpers.js';
import { ROOT, runCli } from '../support/run-cli.js';

const fixture = (crm: string, file: string) => path.join(ROOT, 'fixtures', 'crm', crm, file);
const AS_OF = '2025-03-31T23:59';

interface Case {
  name: string;
  args: string[];
  timezone: string;
  /** Rows doctor skips (Bitrix24: the replaced product row). */
  skipped: number;
  /** The history (wide or a file) gives a funnel. */
  funnel?: { stages: string[] };
}

const CASES: Case[] = [
  { name: 'amocrm', args: [fixture('amocrm', 'deals.csv')], timezone: 'Europe/Moscow', skipped: 0 },
  { name: 'bitrix24', args: [fixture('bitrix24', 'deals.csv')], timezone: 'Europe/Moscow', skipped: 1 },
  {
    name: 'hubspot',
    args: [fixture('hubspot', 'deals.csv')],
    timezone: 'UTC',
    skipped: 0,
    funnel: { stages: ['Appointment Scheduled', 'Qualified To Buy', 'Presentation Scheduled', 'Contract Sent'] },
  },
  {
    name: 'hubspot-excel',
    args: [fixture('hubspot', 'deals-excel.txt')],
    timezone: 'UTC',
    skipped: 0,
    funnel: { stages: ['Appointment Scheduled', 'Qualified To Buy', 'Presentation Scheduled', 'Contract Sent'] },
  },
  { name: 'pipedrive', args: [fixture('pipedrive', 'deals.csv')], timezone: 'UTC', skipped: 0 },
  { name: 'salesforce-report', args: [fixture('salesforce', 'report.csv')], timezone: 'UTC', skipped: 0 },
  {
    name: 'salesforce-api',
    args: [fixture('salesforce', 'Opportunity.csv'), '--history', fixture('salesforce', 'OpportunityHistory.csv')],
    timezone: 'UTC',
    skipped: 0,
    funnel: { stages: ['Prospecting', 'Qualification', 'Proposal/Price Quote', 'Negotiation/Review'] },
  },
  {
    name: 'zoho',
    args: [fixture('zoho', 'deals.csv'), '--history', fixture('zoho', 'Deals__2025-04-01.csv')],
    timezone: 'UTC',
    skipped: 0,
    funnel: { stages: ['Qualification', 'Needs Analysis', 'Proposal/Price Quote', 'Negotiation/Review'] },
  },
];

// By hand (fixtures/crm/README.md): leads by creation month, won / lost by close month.
const CONVERSION = [
  { period: '2025-01', leads: 8, won: 2, lost: 3, conversion: 0.25, win_rate: 0.4, won_amount: 42000, avg_deal: 21000, target: 0.35, status: 'below' },
  { period: '2025-02', leads: 8, won: 4, lost: 2, conversion: 0.5, win_rate: 4 / 6, won_amount: 145000, avg_deal: 36250, target: 0.35, status: 'met' },
  { period: '2025-03', leads: 8, won: 3, lost: 2, conversion: 0.375, win_rate: 0.6, won_amount: 99000, avg_deal: 33000, target: 0.35, status: 'met' },
];
const QUARTER = { leads: 24, won: 9, lost: 7, conversion: 0.375, win_rate: 0.5625, won_amount: 286000, avg_deal: 31777.78, status: 'met' };
// Per stage in pipeline order: entered, moved on, lost there, open now, median hours.
const FUNNEL = [
  { entered: 24, moved_on: 20, lost_here: 2, open_now: 2, median_hours: 48 },
  { entered: 20, moved_on: 13, lost_here: 3, open_now: 4, median_hours: 75 },
  { entered: 13, moved_on: 10, lost_here: 2, open_now: 1, median_hours: 96.5 },
  { entered: 7, moved_on: 6, lost_here: 0, open_now: 1, median_hours: 136.5 },
];

const tmp = makeTmp('init');
afterAll(() => tmp.cleanup());

describe('init → doctor → conversion / funnel on every CRM fixture', () => {
  for (const c of CASES) {
    describe(c.name, () => {
      const config = `${c.name}.yaml`;
      const run = (args: string[]) => runCli(args, { cwd: tmp.dir });

      it('writes a config the loader accepts', () => {
        const r = run(['init', ...c.args, '--out', config]);
        expect(r.code, r.stderr).toBe(0);
        expect(r.stdout).toBe('');
        expect(r.stderr).toContain(`wrote ${config} (24 deals`);
        const text = readFileSync(path.join(tmp.dir, config), 'utf8');
        const parsed = parseConfigText(text, config);
        expect(parsed.timezone).toBe(c.timezone);
        expect(parsed.data.deals.preset).toBe(c.name.split('-')[0]);
        if (c.funnel) expect(Object.values(parsed.pipelines)[0]!.stages).toEqual(c.funnel.stages);
      });

      it('doctor exits 0 and reads every deal', () => {
        const r = run(['doctor', '--config', config, '--as-of', AS_OF, '--format', 'json']);
        expect(r.code, r.stderr).toBe(0);
        const out = JSON.parse(r.stdout) as { summary: { deals: unknown; rows_skipped: number; usable: boolean; stages: Array<{ status: string }> } };
        expect(out.summary.deals).toEqual({ total: 24, open: 8, won: 9, lost: 7 });
        expect(out.summary.rows_skipped).toBe(c.skipped);
        expect(out.summary.usable).toBe(true);
        // Every stage of the data is in the config init wrote.
        expect(out.summary.stages.filter((s) => s.status === 'not in config')).toEqual([]);
      });

      it('conversion gives the hand-computed numbers', () => {
        const r = run(['conversion', '--config', config, '--as-of', AS_OF, '--period', '2025-Q1', '--every', 'month', '--format', 'json']);
        expect(r.code, r.stderr).toBe(0);
        const out = JSON.parse(r.stdout) as { rows: Array<Record<string, unknown>>; summary: { total: Record<string, unknown> } };
        expect(out.rows).toHaveLength(3);
        out.rows.forEach((row, i) => {
          const { win_rate, ...exact } = CONVERSION[i]!;
          expect(row).toMatchObject(exact);
          expect(row['win_rate']).toBeCloseTo(win_rate, 6);
        });
        expect(out.summary.total).toMatchObject(QUARTER);
      });

      if (c.funnel) {
        it('funnel gives the hand-computed numbers', () => {
          const r = run(['funnel', '--config', config, '--as-of', AS_OF, '--format', 'json']);
          expect(r.code, r.stderr).toBe(0);
          const out = JSON.parse(r.stdout) as { rows: Array<Record<string, unknown>> };
          expect(out.rows.map((x) => x['stage'])).toEqual(c.funnel!.stages);
          out.rows.forEach((row, i) => expect(row).toMatchObject(FUNNEL[i]!));
        });
      }
    });
  }
});

describe('init on details', () => {
  const dir = makeTmp('init-details');
  afterAll(() => dir.cleanup());
  const run = (args: string[]) => runCli(args, { cwd: dir.dir });

  it('refuses to overwrite without --force (exit 2), overwrites with it', () => {
    writeFileSync(path.join(dir.dir, 'kpi.yaml'), '# mine\n');
    const r = run(['init', fixture('pipedrive', 'deals.csv')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('kpi.yaml already exists; pass --force to overwrite it, or --out OTHER.yaml');
    expect(readFileSync(path.join(dir.dir, 'kpi.yaml'), 'utf8')).toBe('# mine\n');
    const forced = run(['init', fixture('pipedrive', 'deals.csv'), '--force']);
    expect(forced.code, forced.stderr).toBe(0);
    expect(readFileSync(path.join(dir.dir, 'kpi.yaml'), 'utf8')).toContain('preset: pipedrive');
  });

  it('--crm overrides the recognition, and says whether the headers agree', () => {
    const r = run(['init', '--crm', 'salesforce', fixture('salesforce', 'Opportunity.csv'), '--out', 'sf.yaml']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('CRM: Salesforce (--crm); the headers agree');
    const bad = run(['init', '--crm', 'sugarcrm', fixture('salesforce', 'Opportunity.csv'), '--out', 'x.yaml']);
    expect(bad.code).toBe(2);
    expect(existsSync(path.join(dir.dir, 'x.yaml'))).toBe(false);
  });

  it('a line break in a value it quotes in a comment stays in the comment: the config loads', () => {
    // The currency column's value is quoted in the comment above `currency:`; a quoted line break
    // there ended the comment, and init refused its own config ("Implicit keys need to be on a single line").
    writeFileSync(path.join(dir.dir, 'breaks.csv'), 'id,manager,stage,amount,currency,created_at\n1,A,Won,100,"RUB\nx",2025-01-01\n2,A,"Lost\r\nfor good",100,"RUB\nx",2025-01-02\n');
    const r = run(['init', 'breaks.csv', '--out', 'breaks.yaml']);
    expect(r.code, r.stderr).toBe(0);
    const text = readFileSync(path.join(dir.dir, 'breaks.yaml'), 'utf8');
    expect(text).toContain('# ISO 4217 code for display and rounding (a guess: the currency column says "RUB\\nx", not a code)');
    expect(parseConfigText(text, 'breaks.yaml').currency).toBe('RUB');
    expect(run(['doctor', '--config', 'breaks.yaml', '--as-of', '2025-04-30']).code).toBe(0);
  });

  it('a missing input file is bad usage (exit 2), nothing written', () => {
    const r = run(['init', 'nope.csv', '--out', 'nope.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('deals nope.csv: no such file');
    expect(existsSync(path.join(dir.dir, 'nope.yaml'))).toBe(false);
  });

  it('writes the sniffed dialect of an Excel re-save: utf-16le, tab, M/d/yyyy H:mm, decimal point', () => {
    const r = run(['init', fixture('hubspot', 'deals-excel.txt'), '--out', 'excel.yaml']);
    expect(r.code, r.stderr).toBe(0);
    const text = readFileSync(path.join(dir.dir, 'excel.yaml'), 'utf8');
    expect(text).toContain('encoding: utf-16le');
    expect(text).toContain('delimiter: tab');
    expect(text).toContain('date_format: "M/d/yyyy H:mm"');
    expect(text).toContain('decimal: "."');
  });

  it('amoCRM: the duplicate Источник is left to the preset (commented), and the reason is stated', () => {
    const r = run(['init', fixture('amocrm', 'deals.csv'), '--out', 'amo.yaml']);
    expect(r.code, r.stderr).toBe(0);
    const text = readFileSync(path.join(dir.dir, 'amo.yaml'), 'utf8');
    expect(text).toMatch(/# source: +"Источник" +# in columns 21 and 24: the preset reads column 21/);
    expect(r.stderr).toContain('"source" is read from column 21');
  });

  it('a history file orders the stages; the payments file is mapped with generic names', () => {
    const r = run([
      'init',
      path.join(ROOT, 'fixtures', 'small', 'deals.csv'),
      '--history',
      path.join(ROOT, 'fixtures', 'small', 'history.csv'),
      '--payments',
      path.join(ROOT, 'fixtures', 'small', 'payments.csv'),
      '--out',
      'small.yaml',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('CRM: not recognised');
    const parsed = parseConfigText(readFileSync(path.join(dir.dir, 'small.yaml'), 'utf8'), 'small.yaml');
    expect(parsed.pipelines['default']).toMatchObject({ stages: ['New lead', 'Qualified', 'Proposal', 'Negotiation', 'Contract'], won: ['Won'], lost: ['Lost'] });
    expect(parsed.data.payments?.columns).toEqual({ deal_id: 'deal_id', paid_at: 'paid_at', amount: 'amount' });
    expect(run(['doctor', '--config', 'small.yaml', '--as-of', '2025-04-30']).code).toBe(0);
  });

  it('maps the columns of an unknown CRM by the names other tools give them, says which, and the config reads every deal', () => {
    // A hand-written export of no known CRM: 6 deals of 2 reps; won 3 (Jan 2, Feb 1), lost 1.
    writeFileSync(
      path.join(dir.dir, 'team.csv'),
      [
        'Deal #,Deal Title,Sales Rep,Customer,Phase,Opened On,Closed On,Deal Value',
        '101,Printer lease,Ann Lee,Acme,Won,2025-01-03,2025-01-20,1200.50',
        '102,Toner,Ann Lee,Acme,Won,2025-01-05,2025-01-28,300',
        '103,Scanner,Bob Roy,Initech,Lost,2025-01-10,2025-02-02,900',
        '104,Service,Bob Roy,Initech,Won,2025-02-01,2025-02-14,2000',
        '105,Paper,Ann Lee,Hooli,Talks,2025-02-10,,150',
        '106,Ink,Bob Roy,Hooli,Talks,2025-02-11,,75',
      ].join('\n') + '\n',
    );
    const r = run(['init', 'team.csv', '--out', 'team.yaml']);
    expect(r.code, r.stderr).toBe(0);
    for (const [header, field] of [['Deal #', 'id'], ['Sales Rep', 'manager'], ['Opened On', 'created_at'], ['Closed On', 'closed_at'], ['Deal Value', 'amount'], ['Phase', 'stage']]) {
      expect(r.stderr).toContain(`"${header}" read as ${field} (by its name)`);
    }
    expect(r.stderr).toContain('wrote team.yaml (6 deals');
    const parsed = parseConfigText(readFileSync(path.join(dir.dir, 'team.yaml'), 'utf8'), 'team.yaml');
    expect(parsed.data.deals.columns).toMatchObject({ id: 'Deal #', manager: 'Sales Rep', created_at: 'Opened On', closed_at: 'Closed On', amount: 'Deal Value', stage: 'Phase', client: 'Customer' });
    expect(run(['doctor', '--config', 'team.yaml', '--as-of', '2025-03-31']).code).toBe(0);
    const conv = run(['conversion', '--config', 'team.yaml', '--as-of', '2025-03-31', '--from', '2025-01-01', '--to', '2025-02-28', '--every', 'month', '--format', 'csv']);
    expect(conv.code, conv.stderr).toBe(0);
    const rows = conv.stdout.trim().split('\n').slice(1).map((l) => l.split(',').slice(0, 6));
    expect(rows).toEqual([
      ['2025-01', '2025-01-01', '2025-01-31', '3', '2', '0'],
      ['2025-02', '2025-02-01', '2025-02-28', '3', '1', '1'],
    ]);
  });

  it('--map decides a column, over the preset and the names; a wrong field or form is bad usage', () => {
    const r = run(['init', 'team.csv', '--out', 'mapped.yaml', '--map', 'title=Customer', '--map', 'client=Deal Title']);
    expect(r.code, r.stderr).toBe(0);
    const parsed = parseConfigText(readFileSync(path.join(dir.dir, 'mapped.yaml'), 'utf8'), 'mapped.yaml');
    expect(parsed.data.deals.columns).toMatchObject({ title: 'Customer', client: 'Deal Title' });
    const badField = run(['init', 'team.csv', '--out', 'x.yaml', '--map', 'owner=Sales Rep']);
    expect(badField.code).toBe(2);
    expect(badField.stderr).toContain('--map "owner=Sales Rep": "owner" is not a deal field');
    const badForm = run(['init', 'team.csv', '--out', 'x.yaml', '--map', 'manager']);
    expect(badForm.code).toBe(2);
    expect(badForm.stderr).toContain('expected field=header');
    const badHeader = run(['init', 'team.csv', '--out', 'x.yaml', '--map', 'manager=Sales Reps']);
    expect(badHeader.code).toBe(1);
    expect(badHeader.stderr).toContain('did you mean "Sales Rep"');
    expect(existsSync(path.join(dir.dir, 'x.yaml'))).toBe(false);
  });

  it("orders the stages by the export's own sort order or probability column when it tells them apart", () => {
    // First appearance would say Proposal → Qualification → Prospecting; the sort order says otherwise.
    writeFileSync(
      path.join(dir.dir, 'ordered.csv'),
      [
        'Id,OwnerId,StageName,StageSortOrder,Probability,CreatedDate,Amount',
        '1,Ann,Proposal,3,60,2025-01-03,100',
        '2,Ann,Qualification,2,20,2025-01-04,100',
        '3,Bob,Prospecting,1,10,2025-01-05,100',
        '4,Bob,Proposal,3,60,2025-01-06,100',
        '5,Bob,Closed Won,4,100,2025-01-07,100',
      ].join('\n') + '\n',
    );
    const r = run(['init', 'ordered.csv', '--out', 'ordered.yaml']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`stages ordered by the export's "StageSortOrder" column`);
    const parsed = parseConfigText(readFileSync(path.join(dir.dir, 'ordered.yaml'), 'utf8'), 'ordered.yaml');
    expect(parsed.pipelines['default']!.stages).toEqual(['Prospecting', 'Qualification', 'Proposal']);
  });
});
