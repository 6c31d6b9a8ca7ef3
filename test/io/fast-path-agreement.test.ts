// The readers' fast paths (fixed-layout timestamps, plain decimals) must not change a single record,
// diagnostic or count: every file here is read twice — fast paths on, then off (the careful way
// alone) — and the two datasets must be identical. On the bundled demo export (amoCRM-style, cp1251,
// `;`, decimal commas) and on a generated export with a BOM, quoted newlines and `;`/`,` delimiters,
// written in UTF-8 and in cp1251, with rows both ways must skip or keep alike.
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { loadDataset, type Dataset } from '../../src/io/load-dataset.js';
import { plainLines } from '../../src/io/read-table.js';
import { carefully } from '../support/careful.js';
import { ROOT, runCliAsync } from '../support/run-cli.js';
import { encodeCp1251, makeTmp } from './csv/helpers.js';

const AS_OF = new Date('2026-03-27T15:00:00Z');

async function read(configPath: string, fast: boolean): Promise<Dataset> {
  const load = async () => loadDataset(await loadConfig(configPath, ROOT), { cwd: ROOT, asOf: AS_OF, history: true, payments: true });
  return fast ? load() : carefully(load);
}

/** Everything a dataset holds, as plain data (events' `src` is a getter: spelled out). */
function plain(data: Dataset): unknown {
  return JSON.parse(
    JSON.stringify({
      deals: data.deals,
      events: data.events?.map((e) => ({ ...e, src: e.src })),
      payments: data.payments,
      files: data.files,
      diagnostics: data.diagnostics,
      notes: data.notes,
    }),
  );
}

async function expectAgreement(configPath: string): Promise<Dataset> {
  const fast = await read(configPath, true);
  const careful = await read(configPath, false);
  expect(plain(fast)).toEqual(plain(careful));
  return fast;
}

// A small generated export: every 7th title holds a quoted line break, every 5th a quoted `;`,
// amounts with decimal commas and thousands spaces, a few rows each path must treat alike.
function dealsCsv(): string {
  const lines = ['id;title;manager;stage;amount;created_at;closed_at'];
  const managers = ['Иванова Анна', 'Петров Пётр', 'Сидоров Олег'];
  for (let i = 1; i <= 300; i++) {
    let title = `Сделка №${i}`;
    if (i % 7 === 0) title = `"Поставка\nоборудования ${i}"`;
    else if (i % 5 === 0) title = `"Монтаж; наладка ${i}"`;
    const day = String((i % 28) + 1).padStart(2, '0');
    const created = `${day}.03.2025 ${String(i % 24).padStart(2, '0')}:15:00`;
    const stage = i % 3 === 0 ? 'Успешно реализовано' : i % 3 === 1 ? 'Закрыто и не реализовано' : 'Переговоры';
    const closed = stage === 'Переговоры' ? '' : `${day}.04.2025 10:00:00`;
    const amount = i % 11 === 0 ? '' : i % 4 === 0 ? `${i * 1000},50` : i % 4 === 1 ? `1 ${String(i).padStart(3, '0')} 000` : String(i * 250);
    lines.push([String(1000 + i), title, managers[i % 3], stage, amount, created, closed].join(';'));
  }
  // An impossible date, a bare date, 24:00, an amount that is only plain with a decimal comma.
  lines.push('2001;Плохая дата;Петров Пётр;Переговоры;100;31.04.2025 10:00:00;');
  lines.push('2002;Только дата;Петров Пётр;Переговоры;100;14.03.2025;');
  lines.push('2003;Полночь;Петров Пётр;Переговоры;100;14.03.2025 24:00:00;');
  lines.push('2004;Сумма;Петров Пётр;Переговоры;1,250;14.03.2025 10:00:00;');
  return `${lines.join('\r\n')}\r\n`;
}

function historyCsv(): string {
  const lines = ['deal_id,stage,entered_at'];
  for (let i = 1; i <= 300; i++) {
    const day = String((i % 28) + 1).padStart(2, '0');
    lines.push(`${1000 + i},Первичный контакт,${day}.03.2025 ${String(i % 24).padStart(2, '0')}:15:00`);
    lines.push(`${1000 + i},"Переговоры",${day}.03.2025 23:59:59`);
  }
  lines.push('1001,Переговоры,2025-03-30 12:00');
  return `${lines.join('\n')}\n`;
}

const CONFIG = (deals: string, history: string, encoding: string) => `timezone: Europe/Moscow
data:
  deals:
    path: ${deals}
    preset: amocrm
    encoding: ${encoding}
    date_format: "dd.MM.yyyy HH:mm:ss"
    columns: { id: id, title: title, manager: manager, stage: stage, amount: amount, created_at: created_at, closed_at: closed_at }
  history:
    path: ${history}
    encoding: ${encoding}
    date_format: "dd.MM.yyyy HH:mm:ss"
pipelines:
  default:
    stages: [Первичный контакт, Переговоры]
    won: [Успешно реализовано]
    lost: [Закрыто и не реализовано]
`;

const tmp = makeTmp('fast-path');
afterAll(() => tmp.cleanup());

describe('fast and careful paths read the same data', () => {
  it('on the bundled demo export', async () => {
    const data = await expectAgreement(path.join(ROOT, 'kpi.example.yaml'));
    expect(data.deals.length).toBeGreaterThan(2000);
    expect(data.events!.length).toBeGreaterThan(10_000);
  });

  it('on a UTF-8 export with a BOM and quoted line breaks', async () => {
    tmp.write('deals-utf8.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(dealsCsv())]));
    tmp.write('history-utf8.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(historyCsv())]));
    const config = tmp.write('utf8.yaml', CONFIG('deals-utf8.csv', 'history-utf8.csv', 'utf-8'));
    const data = await expectAgreement(config);
    // 300 deals, the bare date (midnight) and `1,250` (a decimal comma in a `;` file) kept; 31 April
    // and 24:00 skipped, on the lines where their records start (after 42 quoted line breaks).
    expect(data.deals.length).toBe(302);
    expect(data.deals.find((d) => d.id === '1007')!.title).toBe('Поставка\nоборудования 7');
    expect(data.deals.find((d) => d.id === '2004')!.amount!.toString()).toBe('1.25');
    expect(data.diagnostics.filter((d) => d.action === 'skipped').map((d) => d.line)).toEqual([344, 346]);
    expect(data.events!.length).toBe(601);
  });

  it('on the same export in cp1251', async () => {
    tmp.write('deals-1251.csv', encodeCp1251(dealsCsv()));
    tmp.write('history-1251.csv', encodeCp1251(historyCsv()));
    const config = tmp.write('cp1251.yaml', CONFIG('deals-1251.csv', 'history-1251.csv', 'windows-1251'));
    const data = await expectAgreement(config);
    expect(data.files[0]!.encoding).toBe('windows-1251');
    expect(data.deals.length).toBe(302);
    expect(data.deals.find((d) => d.id === '1001')!.manager).toBe('Петров Пётр');
  });
});

// Plain lines are read from the text of their chunk (read-table.ts runs: the history's fast row,
// `build` on a line's text for the deals); everything about a line that is not plain, or not a
// value the fast way takes, must come out as the records would have it.
function isoDealsCsv(delimiter: string, trailing: boolean): string {
  const d = delimiter;
  const end = trailing ? d : '';
  const lines = [['id', 'title', 'manager', 'stage', 'amount', 'created_at', 'closed_at'].join(d) + end];
  const stages = ['Won', 'Lost', 'Negotiation', 'Переговоры'];
  for (let i = 1; i <= 200; i++) {
    const day = String((i % 28) + 1).padStart(2, '0');
    const stage = stages[i % 4]!;
    const closed = stage === 'Won' || stage === 'Lost' ? `2025-04-${day} 10:00:00` : '';
    lines.push([String(5000 + i), `Deal ${i}`, `Manager ${i % 3}`, stage, String(i * 100), `2025-03-${day} 09:${String(i % 60).padStart(2, '0')}`, closed].join(d) + end);
  }
  const row = (...cells: string[]) => cells.join(d) + end;
  lines.push(
    row(' 6001 ', ' Padded ', 'Manager 1', 'Won', '100', ' 2025-03-01 10:00 ', '2025-03-02'), // padded cells
    row('6002', 'Too many', 'Manager 1', 'Won', '100', '2025-03-01', '2025-03-02', 'extra'),
    row('6003', 'Too few', 'Manager 1'),
    row('6004', '"Quoted, title"', 'Manager 2', 'Lost', '50', '2025-03-01', '2025-03-05'),
    row('6005', 'Bad date', 'Manager 2', 'Won', '10', '2025-02-30 10:00', '2025-03-05'),
    row('6006', 'No manager', '', 'Won', '10', '2025-03-01', '2025-03-05'),
    row('6007', 'Offset', 'Manager 2', 'Won', '10', '2025-03-01T10:00:00Z', '2025-03-05T10:00:00+03:00'),
    '',
    '   ',
    row('6008', 'Negative', 'Manager 2', 'Won', '-10', '2025-03-01', '2025-03-05'),
    row('6009', 'NBSP', '\u00a0Manager 1\u00a0', 'Won', '1\u00a0000', '2025-03-01', '2025-03-05'),
    row('6010', 'Last line', 'Manager 0', 'Negotiation', '7', '2025-03-03 12:00', ''),
  );
  return lines.join('\n') + '\n';
}

function isoHistoryCsv(delimiter: string, trailing: boolean, eol: string): string {
  const d = delimiter;
  const end = trailing ? d : '';
  const row = (...cells: string[]) => cells.join(d) + end;
  const lines = [row('deal_id', 'stage', 'entered_at')];
  for (let i = 1; i <= 200; i++) {
    const day = String((i % 28) + 1).padStart(2, '0');
    lines.push(row(String(5000 + i), 'New lead', `2025-03-${day} 09:00:00`));
    lines.push(row(String(5000 + i), i % 2 === 0 ? 'Negotiation' : 'Переговоры', `2025-03-${day} 18:30`));
  }
  lines.push(
    row(' 5001 ', ' Negotiation ', ' 2025-03-20 10:00 '), // padded cells
    row(' 5010 ', 'Won', '2025-03-22 10:00'), // only the id padded
    row('5011', ' Negotiation ', '2025-03-22 11:00'), // only the stage padded
    row('', 'Negotiation', '2025-03-20'), // no deal id
    row('5002', '', '2025-03-20'), // no stage
    row('5002', 'Won', ''), // no time
    row('5003', 'Won', '2025-02-30 10:00'), // no such day
    row('5003', 'Won', '2025-03-20T10:00:00Z'), // an offset: the careful way
    row('5004', 'Won', '20.03.2025'), // another form
    row('5004', 'Won', '2025-03-21', 'extra'),
    row('5005', 'Won'),
    row('5006', '"Proposal, sent"', '2025-03-21 10:00'),
    row('5007', '\u00a0Переговоры\u00a0', '2025-03-21 10:00'),
    row('9999', 'New lead', '2025-03-21 10:00'), // a deal the deals file does not have
    '',
    row('5008', 'Won', '2024-02-29 23:59:59'),
    row('5009', 'Won', '2025-03-30 02:30'), // not on every wall clock (a DST gap in some zones)
  );
  return lines.join(eol) + eol;
}

const ISO_CONFIG = (deals: string, history: string, encoding: string, timezone: string) => `timezone: ${timezone}
data:
  deals: { path: ${deals}, encoding: ${encoding} }
  history: { path: ${history}, encoding: ${encoding} }
pipelines:
  default:
    stages: [New lead, Negotiation, Переговоры]
    won: [Won]
    lost: [Lost]
`;

describe('plain lines read from the text agree with their records', () => {
  const cases = [
    { name: 'UTF-8, `,`, LF', delimiter: ',', trailing: false, eol: '\n', encoding: 'utf-8', timezone: 'Europe/Moscow' },
    { name: 'UTF-8, `,`, CRLF', delimiter: ',', trailing: false, eol: '\r\n', encoding: 'utf-8', timezone: 'Europe/Berlin' },
    { name: 'cp1251, `;` with a trailing `;` (Bitrix24), CRLF', delimiter: ';', trailing: true, eol: '\r\n', encoding: 'windows-1251', timezone: 'America/New_York' },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const key = c.name.replace(/[^a-z0-9]+/gi, '-');
      const encode = (text: string) => (c.encoding === 'utf-8' ? Buffer.from(text) : encodeCp1251(text));
      tmp.write(`deals-${key}.csv`, encode(isoDealsCsv(c.delimiter, c.trailing).replace(/\n/g, c.eol)));
      tmp.write(`history-${key}.csv`, encode(isoHistoryCsv(c.delimiter, c.trailing, c.eol)));
      const config = tmp.write(`${key}.yaml`, ISO_CONFIG(`deals-${key}.csv`, `history-${key}.csv`, c.encoding, c.timezone));
      const before = { ...plainLines };
      const careful = await read(config, false);
      // The careful way reads no plain line from the text.
      expect(plainLines).toEqual(before);
      const data = await expectAgreement(config);
      expect(plain(data)).toEqual(plain(careful));
      // The fast ways were taken: most history lines by the fast row, most deal lines on their text.
      expect(plainLines.fast - before.fast).toBeGreaterThan(350);
      expect(plainLines.line - before.line).toBeGreaterThan(150);
      // Too many or too few fields (two deals, two history lines; with a trailing `;`, `5005;Won;`
      // is three fields, the last empty) and a line of spaces.
      expect(plainLines.record - before.record).toBe(c.trailing ? 4 : 5);
      expect(data.events!.length).toBeGreaterThan(400);
      expect(data.diagnostics.filter((d) => d.action === 'skipped').length).toBeGreaterThan(8);
    });
  }
});

// The built CLI, with its reading threads: the history in a thread of its own (grouped there for the
// funnel) and the deals in parts, their plain lines as byte text. `DEALPULSE_FAST_PATHS=off` reaches
// the threads through the environment, so the careful run is careful all through.
describe('the built CLI gives the same reports with the fast paths off, threads and parts included', { timeout: 180_000 }, () => {
  const threads = { DEALPULSE_THREAD_MIN_BYTES: '0', DEALPULSE_READ_PARTS: '3' };
  const both = async (args: string[], cwd: string) => {
    const fast = await runCliAsync(args, { cwd, env: { ...threads, DEALPULSE_BYTE_TEXT: 'always' } });
    const careful = await runCliAsync(args, { cwd, env: { ...threads, DEALPULSE_FAST_PATHS: 'off' } });
    expect(careful).toEqual(fast);
    return fast;
  };

  it('on the demo export: funnel, conversion, report', async () => {
    for (const args of [
      ['funnel', '--by', 'manager'],
      ['conversion', '--period', '2025', '--every', 'month', '--by', 'manager', '--lost-reasons'],
      ['report', '--period', 'this-week'],
    ]) {
      const r = await both([...args, '--config', 'kpi.example.yaml', '--as-of', '2026-03-27T18:00', '--format', 'json'], ROOT);
      expect(r.code).toBe(0);
    }
  });

  it('on a messy ISO export (cp1251, `;`, trailing `;`, CRLF)', async () => {
    const key = 'cli-messy';
    tmp.write(`deals-${key}.csv`, encodeCp1251(isoDealsCsv(';', true).replace(/\n/g, '\r\n')));
    tmp.write(`history-${key}.csv`, encodeCp1251(isoHistoryCsv(';', true, '\r\n')));
    const config = tmp.write(`${key}.yaml`, ISO_CONFIG(`deals-${key}.csv`, `history-${key}.csv`, 'windows-1251', 'Europe/Moscow'));
    for (const args of [['funnel'], ['conversion', '--period', '2025-Q1', '--every', 'month', '--by', 'manager']]) {
      const r = await both([...args, '--config', config, '--as-of', '2025-04-30', '--format', 'json'], ROOT);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('"rows_skipped"');
    }
  });
});
