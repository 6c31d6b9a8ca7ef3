// `init`'s guesses: which CRM wrote an export (every fixture is recognised, with the headers that
// decided), the date format and decimal separator of sample cells, and the stage order of histories.
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openCsv } from '../../src/io/csv/csv-file.js';
import { detectCrm } from '../../src/io/detect-crm.js';
import { detectDateFormat, detectDecimal } from '../../src/io/sniff-values.js';
import { orderStages } from '../../src/io/stage-order.js';
import { ROOT, runCli } from '../support/run-cli.js';
import { makeTmp } from './csv/helpers.js';

const fixture = (crm: string, file: string) => path.join(ROOT, 'fixtures', 'crm', crm, file);

async function headerOf(p: string): Promise<string[]> {
  const csv = await openCsv(p);
  await csv.close();
  return csv.header;
}

const FIXTURES: Array<[string, string, string[]]> = [
  ['amocrm', 'deals.csv', ['Бюджет', 'Этап сделки', 'Дата создания сделки']],
  ['bitrix24', 'deals.csv', ['Стадия сделки', 'Сделка закрыта', 'Группа стадий']],
  ['hubspot', 'deals.csv', ['Record ID', 'Is Closed Won', 'Deal owner']],
  ['hubspot', 'deals-excel.txt', ['Record ID', 'Deal Stage']],
  ['pipedrive', 'deals.csv', ['Deal - ID', 'Deal - Status']],
  ['salesforce', 'report.csv', ['Opportunity Name', 'Opportunity Owner']],
  ['salesforce', 'Opportunity.csv', ['StageName', 'IsWon', 'IsClosed']],
  ['zoho', 'deals.csv', ['Record Id', 'Deal Owner', 'Closing Date']],
];

describe('detectCrm on every fixture', () => {
  for (const [crm, file, decisive] of FIXTURES) {
    it(`${crm}/${file} → ${crm}, high confidence`, async () => {
      const d = detectCrm(await headerOf(fixture(crm, file)));
      expect(d.preset).toBe(crm);
      expect(d.confidence).toBe('high');
      for (const h of decisive) expect(d.decidedBy).toContain(h);
      expect(d.candidates[0]!.missingRequired).toEqual([]);
      // The runner-up is far behind.
      expect(d.candidates[0]!.score).toBeGreaterThanOrEqual(2 * (d.candidates[1]?.score ?? 0));
    });
  }
});

describe('detectCrm on look-alikes', () => {
  it('tells HubSpot from Zoho by the case of shared headers', () => {
    expect(detectCrm(['Record ID', 'Deal Name', 'Deal owner', 'Create Date', 'Deal Stage', 'Amount']).preset).toBe('hubspot');
    expect(detectCrm(['Record Id', 'Deal Name', 'Deal Owner', 'Created Time', 'Stage', 'Amount']).preset).toBe('zoho');
  });

  it('tells amoCRM from Bitrix24 by the headers only one of them writes', () => {
    expect(detectCrm(['ID', 'Название сделки', 'Ответственный', 'Бюджет', 'Этап сделки', 'Дата создания сделки']).preset).toBe('amocrm');
    expect(detectCrm(['ID', 'Название сделки', 'Ответственный', 'Сумма', 'Стадия сделки', 'Дата создания']).preset).toBe('bitrix24');
  });

  it('a file with dealpulse field names is generic, with no confidence claimed', () => {
    const d = detectCrm(['id', 'manager', 'created_at', 'amount', 'stage']);
    expect(d).toMatchObject({ preset: 'generic', confidence: 'none', decidedBy: [] });
  });

  it('one signature header and nothing else is a low-confidence guess', () => {
    const d = detectCrm(['IsWon', 'foo', 'bar']);
    expect(d.preset).toBe('salesforce');
    expect(d.confidence).toBe('low');
  });
});

describe('init says which CRM, how sure, and which headers decided (stderr)', () => {
  const tmp = makeTmp('detect');
  afterAll(() => tmp.cleanup());
  for (const [crm, file] of FIXTURES) {
    it(`${crm}/${file}`, () => {
      const r = runCli(['init', fixture(crm, file), '--out', `${crm}-${file}.yaml`], { cwd: tmp.dir });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/CRM: .+, high confidence — decided by "/);
      expect(r.stderr).toContain(`preset ${crm})`);
    });
  }
});

describe('detectDateFormat', () => {
  it('finds dates written with month names, as CRM reports and analytics tools write them', () => {
    expect(detectDateFormat(['15 Apr, 2021 00:02:00', '3 Jan, 2022 17:45:10', '16 Apr, 2021'])).toMatchObject({ format: 'd MMM, yyyy HH:mm:ss', read: 3, total: 3 });
    // A format with a time part also reads the bare dates: the first that reads them all is kept.
    expect(detectDateFormat(['Apr 15, 2021', 'Dec 1, 2020'])).toMatchObject({ format: expect.stringMatching(/^MMM d, yyyy/), read: 2, total: 2 });
    expect(detectDateFormat(['05-Mar-2024', '17-Nov-2023'])).toMatchObject({ format: expect.stringMatching(/^d-MMM-yyyy/), read: 2, total: 2 });
    expect(detectDateFormat(['5 March 2024']).read).toBe(0); // a full month name is not MMM: said, not guessed
  });

  it('ISO needs no format', () => {
    expect(detectDateFormat(['2025-01-06 10:00', '2025-01-18T17:00:00.000Z'])).toEqual({ read: 2, total: 2 });
  });

  it("keeps the preset's format when it reads everything", () => {
    expect(detectDateFormat(['06.01.2025 10:00:00', '30.04.2025'], 'dd.MM.yyyy HH:mm:ss').format).toBe('dd.MM.yyyy HH:mm:ss');
  });

  it('finds an Excel re-save (4/8/2025 17:19) and flags day/month doubt only when no day > 12 is seen', () => {
    const g = detectDateFormat(['4/8/2025 17:19', '1/18/2025 9:05']);
    expect(g).toMatchObject({ format: 'M/d/yyyy H:mm', read: 2, total: 2 });
    expect(g.doubt).toBeUndefined();
    expect(detectDateFormat(['4/8/2025 17:19']).doubt).toContain('month first (M/d/yyyy H:mm) assumed');
    expect(detectDateFormat(['18/1/2025 9:05', '4/8/2025 17:19']).format).toBe('d/M/yyyy H:mm');
  });

  it('says how many samples no format reads', () => {
    const g = detectDateFormat(['2025-01-06', 'soon']);
    expect(g.read).toBe(1);
    expect(g.doubt).toBe('1 of 2 sample dates do not read as ISO 8601; check date_format');
  });
});

describe('detectDecimal', () => {
  it('comma thousands → point; decimal commas → comma; plain integers → undecided', () => {
    expect(detectDecimal(['12,000', '1,250.50', '500'])).toBe('.');
    expect(detectDecimal(['1250,50', '1.250,50'])).toBe(',');
    expect(detectDecimal(['12000', '15000.00'])).toBeUndefined();
    expect(detectDecimal(['12,000', '1250,5'])).toBeUndefined();
  });
});

describe('orderStages', () => {
  it('orders by the histories, whatever the first appearance', () => {
    const seqs = [
      ['A', 'B', 'C', 'D'],
      ['A', 'C'],
      ['B', 'D'],
      ['A', 'B'],
    ];
    expect(orderStages(seqs, ['D', 'C', 'B', 'A'])).toEqual(['A', 'B', 'C', 'D']);
  });

  it('a chain seen only pairwise is still ordered (A<B, B<C, C<D)', () => {
    expect(orderStages([['C', 'D'], ['B', 'C'], ['A', 'B']], ['C', 'B', 'D', 'A'])).toEqual(['A', 'B', 'C', 'D']);
  });

  it('a deal that goes back is outvoted; without history the first appearance stands', () => {
    expect(orderStages([['A', 'B', 'C'], ['A', 'B', 'C'], ['A', 'C', 'B']], [])).toEqual(['A', 'B', 'C']);
    expect(orderStages([], ['X', 'Y'])).toEqual(['X', 'Y']);
  });
});
