// Each CRM preset on its fixture (fixtures/crm/, written by scripts/generate-crm-fixtures.mjs): the
// headers map to the right fields, and status, won/lost and close dates come out as the story says
// (fixtures/crm/README.md). Plus the generic pieces the presets drive: status flags, close-date
// fallbacks, "no date" words, the decimal separator, `Воронка / Этап` history values.
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PRESETS, type DealsFileConfig, type FileConfig } from '../../src/config/schema.js';
import { makeStatusReader } from '../../src/io/deal-status.js';
import { presets } from '../../src/io/presets/index.js';
import type { FilePreset } from '../../src/io/presets/preset.js';
import { readDeals, type ReadDealsResult } from '../../src/io/read-deals.js';
import { readHistory } from '../../src/io/read-history.js';
import { findWideHistoryColumns } from '../../src/io/read-wide-history.js';
import type { Deal } from '../../src/model/records.js';
import { ROOT } from '../support/run-cli.js';
import { makeTmp } from './csv/helpers.js';

const fixture = (crm: string, file: string) => path.join(ROOT, 'fixtures', 'crm', crm, file);
const AS_OF = new Date('2025-03-31T23:59:00Z');

function dealsFile(p: string, preset: string, extra: Partial<DealsFileConfig> = {}): DealsFileConfig {
  return { path: p, preset: preset as DealsFileConfig['preset'], encoding: 'auto', delimiter: 'auto', columns: {}, fields: {}, status: { won: [], lost: [] }, ...extra } as DealsFileConfig;
}

async function read(crm: string, file: string, timezone: string, options: { wideHistory?: boolean; preset?: FilePreset; extra?: Partial<DealsFileConfig> } = {}): Promise<ReadDealsResult> {
  const p = fixture(crm, file);
  return readDeals({
    path: p,
    display: `${crm}/${file}`,
    file: dealsFile(p, crm, options.extra),
    preset: options.preset ?? presets[crm]!.deals,
    timezone,
    currency: crm === 'amocrm' || crm === 'bitrix24' ? 'RUB' : 'USD',
    pipelineWon: [],
    pipelineLost: [],
    booleanFields: new Set(),
    asOf: AS_OF,
    wideHistory: options.wideHistory ?? false,
  });
}

const counts = (deals: readonly Deal[]) => ({
  open: deals.filter((d) => d.status === 'open').length,
  won: deals.filter((d) => d.status === 'won').length,
  lost: deals.filter((d) => d.status === 'lost').length,
});
const byId = (r: ReadDealsResult, id: string) => r.records.find((d) => d.id === id)!;
const STORY = { open: 8, won: 9, lost: 7 };

describe('preset registry', () => {
  it('has a preset for every name the config accepts', () => {
    for (const name of PRESETS) expect(presets[name]?.name, name).toBe(name);
  });

  it('keeps presets as data: every flag, fallback and product field names a column of the preset', () => {
    for (const preset of Object.values(presets)) {
      const d = preset.deals;
      const fields = [...(d.statusFlags ?? []).map((f) => f.field), ...(d.closedAtFrom ?? []).map((c) => c.field), ...(d.productField ? [d.productField] : [])];
      for (const f of fields) expect(d.columns[f], `${preset.name}: ${f}`).toBeDefined();
    }
  });
});

describe('amoCRM', () => {
  it('maps the export, reads status from the system stages and `не закрыта` as no close date', async () => {
    const r = await read('amocrm', 'deals.csv', 'Europe/Moscow');
    expect(r.records).toHaveLength(24);
    expect(counts(r.records)).toEqual(STORY);
    // The one warning: which of the two `Источник` columns is read (on the header line).
    expect(r.diagnostics.map((d) => [d.line, d.action])).toEqual([[1, 'kept']]);
    expect(r.diagnostics[0]!.reason).toContain('"Источник" appears in');
    // `Бюджет ` (trailing space) is the amount column.
    expect(byId(r, '31000001').amount?.toString()).toBe('12000');
    const open = byId(r, '31000006');
    expect(open.status).toBe('open');
    expect(open.closedAt).toBeUndefined();
    expect(byId(r, '31000001').closedAt?.toISOString()).toBe('2025-01-18T14:00:00.000Z'); // 17:00 Moscow
    expect(byId(r, '31000002').status).toBe('lost');
  });

  it('says which of the two `Источник` columns it reads, and reads the first', async () => {
    const r = await read('amocrm', 'deals.csv', 'Europe/Moscow');
    expect(r.stats.notes.join('\n')).toContain('"Источник" appears in column 21 and column 24; "source" is read from column 21 (amoCRM writes it twice');
    expect(byId(r, '31000001').source).toBe('Рекомендация');
  });
});

describe('Bitrix24', () => {
  it('reads the cp1251 `;` export with its trailing delimiter; status from Сделка закрыта + Группа стадий', async () => {
    const r = await read('bitrix24', 'deals.csv', 'Europe/Moscow');
    expect(r.stats.encoding).toBe('windows-1251');
    expect(r.stats.delimiter).toBe(';');
    expect(r.records).toHaveLength(24);
    expect(counts(r.records)).toEqual(STORY);
    expect(byId(r, '1001').amount?.toString()).toBe('12000');
  });

  it('takes closed_at from Дата изменения (there is no close date) and says so', async () => {
    const r = await read('bitrix24', 'deals.csv', 'Europe/Moscow');
    expect(byId(r, '1005').closedAt?.toISOString()).toBe('2025-02-05T14:00:00.000Z');
    expect(byId(r, '1006').closedAt).toBeUndefined();
    expect(r.stats.notes.join('\n')).toContain('16 closed deals without a close date took closed_at from "Дата изменения" (Bitrix24 exports no close date');
  });

  it('explains the product rows of deal 1006 by the Товар column', async () => {
    const r = await read('bitrix24', 'deals.csv', 'Europe/Moscow');
    const d = r.diagnostics.find((x) => x.code === 'product-rows')!;
    expect(d).toMatchObject({ line: 7, action: 'skipped', value: '1006' });
    expect(d.reason).toContain('is repeated on line 8');
    expect(d.reason).toContain('the export has the product column "Товар"');
    expect(r.stats).toMatchObject({ rowsRead: 25, rowsUsed: 24, rowsSkipped: 1 });
  });
});

describe('HubSpot', () => {
  it('status from Is Closed Won / Is closed lost; an open deal\'s Close Date is its expected close', async () => {
    const r = await read('hubspot', 'deals.csv', 'UTC');
    expect(counts(r.records)).toEqual(STORY);
    const d1 = byId(r, '9000000137');
    expect(d1).toMatchObject({ status: 'won', manager: 'Alice Smith', pipeline: 'Sales Pipeline', stage: 'Closed Won' });
    expect(d1.closedAt?.toISOString()).toBe('2025-01-18T17:00:00.000Z');
    const open = byId(r, String(9_000_000_000 + 6 * 137));
    expect(open.closedAt).toBeUndefined();
    expect(open.expectedCloseAt).toBe('2025-04-30');
  });

  it('reads the wide history only when asked, from Date entered columns in both quote styles', async () => {
    const without = await read('hubspot', 'deals.csv', 'UTC');
    expect(without.events).toBeUndefined();
    const r = await read('hubspot', 'deals.csv', 'UTC', { wideHistory: true });
    // 80 entries: 24 first stages + 20 + 13 + 7 + 9 won + 7 lost; the stage in both styles counts once.
    expect(r.events).toHaveLength(80);
    const d2 = r.events!.filter((e) => e.dealId === '9000000274').map((e) => [e.stage, new Date(e.enteredMs).toISOString(), e.pipeline]);
    expect(d2).toEqual([
      ['Appointment Scheduled', '2025-01-08T11:00:00.000Z', 'Sales Pipeline'],
      ['Qualified To Buy', '2025-01-09T11:00:00.000Z', 'Sales Pipeline'],
      ['Closed Lost', '2025-01-12T17:00:00.000Z', 'Sales Pipeline'],
    ]);
    expect(r.stats.notes.join('\n')).toContain('stage history read from 7 "date entered" columns of the deals file (80 stage entries)');
  });

  it('reads the Excel re-save (UTF-16LE, tab, 1/18/2025 17:00, 12,000) with the date format set', async () => {
    const r = await read('hubspot', 'deals-excel.txt', 'UTC', { extra: { date_format: 'M/d/yyyy H:mm' } });
    expect(r.stats).toMatchObject({ encoding: 'utf-16le', delimiter: '\t', rowsUsed: 24, rowsSkipped: 0 });
    // A tab file suggests decimal commas; the preset's decimal point keeps 12,000 = twelve thousand.
    expect(byId(r, '9000000137').amount?.toString()).toBe('12000');
    expect(byId(r, '9000000137').closedAt?.toISOString()).toBe('2025-01-18T17:00:00.000Z');
    expect(counts(r.records)).toEqual(STORY);
  });
});

describe('Pipedrive', () => {
  it('status from Deal - Status; closed deals keep their stage; close time from Won / Lost time', async () => {
    const r = await read('pipedrive', 'deals.csv', 'UTC');
    expect(counts(r.records)).toEqual(STORY);
    expect(byId(r, '1')).toMatchObject({ status: 'won', stage: 'Negotiations Started' });
    expect(byId(r, '1').closedAt?.toISOString()).toBe('2025-01-18T17:00:00.000Z');
    expect(byId(r, '2').closedAt?.toISOString()).toBe('2025-01-12T17:00:00.000Z');
    expect(r.stats.notes.join('\n')).toMatch(/9 closed deals without a close date took closed_at from "Deal - Won time"/);
    // `Deal - Status__2` (a custom field) is not the status column.
    expect(r.mapping.fields.get('status')).toBe(7);
  });
});

describe('Salesforce', () => {
  it('reads the report export: labels, 10,000 amounts, footer lines ignored', async () => {
    const r = await read('salesforce', 'report.csv', 'UTC');
    expect(counts(r.records)).toEqual(STORY);
    expect(r.stats).toMatchObject({ rowsRead: 24, rowsUsed: 24, rowsSkipped: 0, footerLines: 6 });
    expect(r.diagnostics).toEqual([]);
    expect(byId(r, '0065g00000Opp005AAA').amount?.toString()).toBe('45000');
    expect(byId(r, '0065g00000Opp005AAA').closedAt?.toISOString()).toBe('2025-02-05T00:00:00.000Z');
    expect(byId(r, '0065g00000Opp006AAA').expectedCloseAt).toBe('2025-04-30');
  });

  it('reads the Data Loader export: API names, status from IsWon / IsClosed, Z timestamps', async () => {
    const r = await read('salesforce', 'Opportunity.csv', 'Europe/Berlin');
    expect(counts(r.records)).toEqual(STORY);
    expect(byId(r, '0065g00000Opp001AAA').createdAt.toISOString()).toBe('2025-01-06T10:00:00.000Z');
    expect(byId(r, '0065g00000Opp001AAA').manager).toBe('0055g00000AAAAAAA1');
  });

  it('reads OpportunityHistory.csv as entries (repeated stages kept: the funnel collapses them)', async () => {
    const p = fixture('salesforce', 'OpportunityHistory.csv');
    const h = await readHistory({ path: p, display: 'OpportunityHistory.csv', file: sideFile(p, 'salesforce'), preset: presets['salesforce']!.history!, timezone: 'UTC', currency: 'USD' });
    expect(h.records).toHaveLength(127);
    expect(h.records[0]).toMatchObject({ dealId: '0065g00000Opp001AAA', stage: 'Prospecting' });
  });
});

describe('Zoho CRM', () => {
  it('maps the export (zcrm_ ids, .id twins), status from the stages', async () => {
    const r = await read('zoho', 'deals.csv', 'UTC');
    expect(counts(r.records)).toEqual(STORY);
    expect(byId(r, 'zcrm_5725767000000900001')).toMatchObject({ manager: 'Alice Smith', title: 'Deal 1', status: 'won' });
    expect(byId(r, 'zcrm_5725767000000900006').expectedCloseAt).toBe('2025-04-30');
  });

  it('reads the backup stage history keyed by Deal Name.id, not the row\'s Record Id', async () => {
    const p = fixture('zoho', 'Deals__2025-04-01.csv');
    const h = await readHistory({ path: p, display: 'Deals__2025-04-01.csv', file: sideFile(p, 'zoho'), preset: presets['zoho']!.history!, timezone: 'UTC', currency: 'USD' });
    expect(h.records).toHaveLength(80);
    expect(new Set(h.records.map((e) => e.dealId)).size).toBe(24);
    expect(h.records[0]).toMatchObject({ dealId: 'zcrm_5725767000000900001', stage: 'Qualification' });
  });
});

function sideFile(p: string, preset: string): FileConfig {
  return { path: p, preset: preset as FileConfig['preset'], encoding: 'auto', delimiter: 'auto', columns: {} } as FileConfig;
}

describe('status from flags (deal-status)', () => {
  const bitrix = makeStatusReader(presets['bitrix24']!.deals, { won: [], lost: [] });
  const salesforce = makeStatusReader(presets['salesforce']!.deals, { won: [], lost: [] });
  const cells = (flags: Record<string, string>, stage?: string) => ({ ...(stage ? { stage } : {}), flag: (f: string) => flags[f] });

  it('Bitrix24: closed + success group → won; STAGE_SEMANTIC_ID S / F / P', () => {
    expect(bitrix(cells({ is_closed: 'Да', stage_group: 'Успешные' }), false).status).toBe('won');
    expect(bitrix(cells({ is_closed: 'Y', stage_group: 'S' }), false).status).toBe('won');
    expect(bitrix(cells({ is_closed: 'Y', stage_group: 'F' }), false).status).toBe('lost');
    expect(bitrix(cells({ is_closed: 'N', stage_group: 'P' }), false).status).toBe('open');
    expect(bitrix(cells({ is_closed: 'Нет' }, 'Новая'), false).status).toBe('open');
  });

  it('Bitrix24: closed, group unknown → the stage decides, else lost with a warning', () => {
    expect(bitrix(cells({ is_closed: 'Да', stage_group: '???' }, 'Сделка успешна'), false)).toMatchObject({ status: 'won' });
    const v = bitrix(cells({ is_closed: 'Да' }, 'Оплачено'), false);
    expect(v.status).toBe('lost');
    expect(v.warning).toContain('neither a flag nor the stage "Оплачено" says won or lost');
  });

  it('Salesforce: IsClosed true + IsWon false → lost; IsClosed false → open whatever the stage', () => {
    expect(salesforce(cells({ is_won: 'false', is_closed: 'true' }, 'Closed Won'), false).status).toBe('won');
    expect(salesforce(cells({ is_won: 'false', is_closed: 'true' }, 'Negotiation/Review'), false).status).toBe('lost');
    expect(salesforce(cells({ is_won: 'true', is_closed: 'true' }), false).status).toBe('won');
    expect(salesforce(cells({ is_won: 'false', is_closed: 'false' }, 'Prospecting'), false).status).toBe('open');
  });

  it('a status column decides alone (the generic rule)', () => {
    const pipedrive = makeStatusReader(presets['pipedrive']!.deals, { won: [], lost: [] });
    expect(pipedrive({ status: 'Won', stage: 'Qualified', flag: () => undefined }, true).status).toBe('won');
    expect(pipedrive({ status: 'Open', stage: 'Qualified', flag: () => undefined }, true).status).toBe('open');
    expect(pipedrive({ status: 'Maybe', flag: () => undefined }, true).warning).toContain('status "Maybe"');
  });
});

describe('history values with the pipeline (amoCRM "Воронка / Этап")', () => {
  const tmp = makeTmp('presets');
  afterAll(() => tmp.cleanup());

  it('splits the pipeline off the stage name', async () => {
    const p = tmp.write(
      'events.csv',
      'ID сделки,Дата,Значение до,Значение после\n1,06.01.2025 10:00:00,,Продажи / Первичный контакт\n1,08.01.2025 10:00:00,Продажи / Первичный контакт,Продажи / Переговоры\n',
    );
    const h = await readHistory({ path: p, display: 'events.csv', file: sideFile(p, 'amocrm'), preset: presets['amocrm']!.history!, timezone: 'Europe/Moscow', currency: 'RUB' });
    expect(h.records.map((e) => [e.pipeline, e.stage])).toEqual([
      ['Продажи', 'Первичный контакт'],
      ['Продажи', 'Переговоры'],
    ]);
  });
});

describe('wide history columns (HubSpot)', () => {
  it('finds Date entered columns in both quote styles, and nothing else', () => {
    const cols = findWideHistoryColumns(
      [
        'Record ID',
        'Date entered "Demo (online) (Sales Pipeline)"',
        "Date entered 'Closed Won (Sales Pipeline)'",
        'Date entered "Qualified"',
        'Date exited "Qualified (Sales Pipeline)"',
        'Cumulative time in "Qualified (Sales Pipeline)" (HH:mm:ss)',
        "Time in 'Qualified (Sales Pipeline)'",
        'Date entered "mismatched quotes\'',
      ],
      presets['hubspot']!.deals.wideHistory!,
    );
    expect(cols.map((c) => [c.index, c.stage, c.pipeline])).toEqual([
      [1, 'Demo (online)', 'Sales Pipeline'],
      [2, 'Closed Won', 'Sales Pipeline'],
      [3, 'Qualified', undefined],
    ]);
  });
});

describe('cell rules a preset or the config sets', () => {
  const tmp = makeTmp('cell-rules');
  afterAll(() => tmp.cleanup());
  const readGeneric = async (text: string, extra: Partial<DealsFileConfig>, preset: FilePreset, timezone = 'UTC') => {
    const p = tmp.write(`d${Math.random().toString(36).slice(2)}.csv`, text);
    return readDeals({
      path: p,
      display: 'deals.csv',
      file: dealsFile(p, 'generic', extra),
      preset,
      timezone,
      currency: 'USD',
      pipelineWon: [],
      pipelineLost: [],
      booleanFields: new Set(),
      asOf: AS_OF,
    });
  };

  it('decimal: "." keeps 10,000 = ten thousand in a tab file (the delimiter would say decimal comma)', async () => {
    const text = 'id\tmanager\tcreated_at\tamount\nD1\tAnn\t2025-03-01\t10,000\n';
    expect((await readGeneric(text, {}, presets['generic']!.deals)).records[0]!.amount?.toString()).toBe('10');
    expect((await readGeneric(text, { decimal: '.' }, presets['generic']!.deals)).records[0]!.amount?.toString()).toBe('10000');
  });

  it('a UTC source: an ISO timestamp that lost its Z is UTC; a bare date stays a local day', async () => {
    const text = 'Id,OwnerId,CreatedDate,CloseDate,StageName,IsWon,IsClosed\nO1,U1,2025-01-06T10:00:00,2025-01-18,Closed Won,true,true\n';
    const r = await readGeneric(text, {}, presets['salesforce']!.deals, 'Europe/Berlin');
    expect(r.records[0]!.createdAt.toISOString()).toBe('2025-01-06T10:00:00.000Z');
    expect(r.records[0]!.closedAt?.toISOString()).toBe('2025-01-17T23:00:00.000Z');
  });
});
