// `conversion` reads a big deals file in parts, side by side in threads (src/io/read-deals-in-parts.ts).
// The parts must be invisible: the built CLI gives the same exit code, report and warnings whether
// the file is read in one piece (`DEALPULSE_READ_PARTS=1`) or cut into 2…9 parts, which these tests
// force on small files. `DEALPULSE_DEBUG=parts` tells how the file was really read, so that a test
// that means to cut a file can check that it was cut (or that a wrong cut was caught).
import { mkdirSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { cutFile, estimateLines, lineAt, mostlyPlain } from '../../src/io/csv/file-parts.js';
import type { CsvHead } from '../../src/io/csv/csv-file.js';
import { CsvTokenizer } from '../../src/io/csv/tokenizer.js';
import { runCliAsync, type CliResult } from '../support/run-cli.js';
import { encodeCp1251, makeTmp } from './csv/helpers.js';

const tmp = makeTmp('read-in-parts');
afterAll(() => tmp.cleanup());

/**
 * Runs the CLI with the deals file in `parts` parts; stderr without the debug lines. Read in one
 * piece, its plain lines are text; in parts, byte text (csv/decode.ts `byteStream`), whatever the
 * file's share of quoted lines: the parts are compared with the text.
 */
async function run(args: string[], parts: number, cwd: string): Promise<CliResult & { how: string }> {
  const bytes = parts === 1 ? 'never' : 'always';
  const r = await runCliAsync(args, { cwd, env: { DEALPULSE_READ_PARTS: String(parts), DEALPULSE_DEBUG: 'parts', DEALPULSE_BYTE_TEXT: bytes } });
  const lines = r.stderr.split('\n');
  return {
    code: r.code,
    stdout: r.stdout,
    stderr: lines.filter((l) => !l.startsWith('dealpulse debug: ')).join('\n'),
    how: lines.filter((l) => l.startsWith('dealpulse debug: ')).join('\n'),
  };
}

/** Every part count gives the outcome of the read in one piece; returns how each was read. */
async function expectSameInParts(args: string[], cwd: string, counts = [2, 3, 5, 9]): Promise<{ whole: CliResult; how: string[] }> {
  const whole = await run(args, 1, cwd);
  const how: string[] = [];
  for (const parts of counts) {
    const r = await run(args, parts, cwd);
    expect({ parts, code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({ parts, code: whole.code, stdout: whole.stdout, stderr: whole.stderr });
    how.push(r.how);
  }
  return { whole, how };
}

/** A small deterministic generator (the tests must not change from run to run). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// In UTF-8, Р is D0 A0: read as byte text, a name that ends with it ends with the byte of a
// no-break space, which must not be trimmed before the name is decoded; a name padded with real
// no-break spaces must be.
const MANAGERS = ['Anna Orlova', 'Boris Petrov', 'Иванова Мария', 'Сидоров Пётр', 'ЛАВРОВ ПЁТР', '\u00a0Зуева Анна\u00a0'];
const STAGES = ['New', 'Talks', 'Won', 'Won', 'Lost', 'Lost'];
const REASONS = ['Price', 'Цена', 'No budget', ''];
const CLIENTS = ['ООО «Ромашка»', 'Acme', 'ИП Петров', ''];

/**
 * An export of `n` deals with everything a reader must get right across a cut: titles with quoted
 * line breaks (LF and CRLF), commas and doubled quotes, Cyrillic text, blank lines, rows that are
 * skipped (a day that does not exist, a negative amount, a missing manager), rows kept with a
 * warning (no amount, closed before created), and ids in increasing order.
 */
function export_(n: number, seed: number, eol: string, delimiter: string): string {
  const next = random(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const q = (text: string) => `"${text.replaceAll('"', '""')}"`;
  const lines = [['id', 'title', 'manager', 'stage', 'amount', 'created_at', 'closed_at', 'lost_reason', 'client'].join(delimiter)];
  for (let i = 0; i < n; i++) {
    const id = 1000 + i * 3;
    const day = 1 + Math.floor(next() * 27);
    const month = 1 + Math.floor(next() * 3);
    const created = `2025-0${month}-${String(day).padStart(2, '0')} 10:00`;
    const stage = pick(STAGES);
    const closed = stage === 'Won' || stage === 'Lost' ? `2025-0${Math.min(3, month + (next() < 0.5 ? 0 : 1))}-28 12:00` : '';
    const r = next();
    const title =
      r < 0.15 ? q(`Pumps\nline two${next() < 0.5 ? '\r\n' : '\n'}and three`) : r < 0.25 ? q(`Valves, "DN50", ${pick(MANAGERS)}`) : r < 0.3 ? q('') : `Deal ${i}`;
    let amount = next() < 0.05 ? '' : (Math.floor(next() * 100000) / 100).toFixed(2);
    if (delimiter === ';') amount = amount.replace('.', ',');
    const row = [String(id), title, pick(MANAGERS), stage, amount, created, closed, stage === 'Lost' ? pick(REASONS) : '', pick(CLIENTS)];
    const bad = next();
    if (bad < 0.01) row[5] = '2025-02-30 10:00';
    else if (bad < 0.02) row[4] = '-5';
    else if (bad < 0.03) row[2] = '';
    else if (bad < 0.04 && closed !== '') row[6] = '2024-12-01 10:00';
    lines.push(row.join(delimiter));
    if (next() < 0.02) lines.push('');
  }
  return lines.join(eol) + eol;
}

const PIPELINE = 'pipelines:\n  default: { stages: [New, Talks], won: [Won], lost: [Lost] }\n';
const CONVERSION = ['conversion', '--config', 'kpi.yaml', '--period', '2025-Q1', '--every', 'month', '--by', 'manager', '--as-of', '2025-03-20'];

function folder(name: string, deals: string | Uint8Array, settings = ''): string {
  mkdirSync(`${tmp.dir}/${name}`, { recursive: true });
  tmp.write(`${name}/deals.csv`, deals);
  tmp.write(`${name}/kpi.yaml`, `timezone: Europe/Moscow\ncurrency: RUB\ndata:\n  deals: { path: deals.csv${settings} }\n${PIPELINE}`);
  return `${tmp.dir}/${name}`;
}

// Each test runs the CLI a dozen times or more: room for a busy machine.
describe('a deals file read in parts', { timeout: 180_000 }, () => {
  it('gives the same conversion on the demo export (cp1251), as a table, json and with lost reasons', async () => {
    for (const extra of [[], ['--format', 'json'], ['--lost-reasons', '--by', 'manager,source']]) {
      const args = ['conversion', '--config', 'kpi.example.yaml', '--period', '2025', '--every', 'month', '--by', 'manager', '--as-of', '2025-12-31', ...extra];
      const { whole, how } = await expectSameInParts(args, process.cwd(), [2, 4]);
      expect(whole.code).toBe(0);
      // conversion starts a thread with the process (io/warm-threads.ts): the first part's thread.
      expect(how).toEqual([expect.stringMatching(/deals\.csv: 2 parts, .*; 1 of 1 threads warm; the first part read in [\d.]+ s, the others waited for [\d.]+ s$/), expect.stringMatching(/deals\.csv: 4 parts, .*; 1 of 3 threads warm; the first part read in [\d.]+ s, the others waited for [\d.]+ s$/)]);
    }
  });

  it.each([
    ['UTF-8, LF, ","', '\n', ',', false, false],
    ['UTF-8 with a BOM, CRLF, ","', '\r\n', ',', true, false],
    ['Windows-1251, CRLF, ";" and decimal commas', '\r\n', ';', false, true],
  ])('gives the same figures, counts and warnings on a messy export: %s', async (_name, eol, delimiter, bom, cp1251) => {
    const text = export_(1500, 7, eol, delimiter);
    const bytes = cp1251 ? encodeCp1251(text) : Buffer.from((bom ? '\uFEFF' : '') + text, 'utf8');
    const dir = folder(`messy-${delimiter === ';' ? 'cp1251' : bom ? 'bom' : 'lf'}`, bytes);
    for (const args of [
      [...CONVERSION, '--lost-reasons', '--format', 'csv'],
      [...CONVERSION, '--lost-reasons', '--format', 'json'],
      [...CONVERSION, '--by', 'manager,client', '--format', 'json'],
    ]) {
      const { whole, how } = await expectSameInParts(args, dir);
      expect(whole.code).toBe(0);
      expect(whole.stderr).toMatch(/rows skipped/);
      // Most part counts did cut the file (a cut next to a quoted line break is caught and read whole).
      expect(how.filter((h) => / \d parts, from bytes /.test(h)).length).toBeGreaterThanOrEqual(3);
    }
  });

  it('gives the same funnel on the demo export (its deals columns read in parts and appended in file order)', async () => {
    for (const extra of [[], ['--format', 'json', '--by', 'manager'], ['--period', '2025-Q4', '--by', 'source,lost_reason', '--format', 'csv']]) {
      const args = ['funnel', '--config', 'kpi.example.yaml', '--as-of', '2026-03-27T18:00', ...extra];
      const { whole, how } = await expectSameInParts(args, process.cwd(), [2, 3]);
      expect(whole.code).toBe(0);
      expect(how).toEqual([expect.stringMatching(/deals\.csv: 2 parts/), expect.stringMatching(/deals\.csv: 3 parts/)]);
    }
  });

  it('gives the same funnel on a messy export with a history, deals missing from it and events of unknown deals', async () => {
    const dir = folder('funnel-messy', export_(1500, 11, '\r\n', ','));
    const next = random(3);
    const history = ['deal_id,stage,entered_at'];
    for (let i = 0; i < 1500; i++) {
      if (next() < 0.1) continue; // a deal without history
      const id = 1000 + i * 3;
      history.push(`${id},New,2025-01-${String(1 + Math.floor(next() * 20)).padStart(2, '0')} 09:00`);
      if (next() < 0.7) history.push(`${id},Talks,2025-02-${String(1 + Math.floor(next() * 20)).padStart(2, '0')} 15:30`);
    }
    history.push('999999,New,2025-01-05 10:00'); // not in the deals file
    tmp.write('funnel-messy/history.csv', history.join('\n') + '\n');
    tmp.write('funnel-messy/kpi.yaml', `timezone: Europe/Moscow\ncurrency: RUB\ndata:\n  deals: { path: deals.csv }\n  history: { path: history.csv }\n${PIPELINE}`);
    for (const extra of [['--format', 'json'], ['--by', 'manager', '--format', 'csv']]) {
      const { whole, how } = await expectSameInParts(['funnel', '--config', 'kpi.yaml', '--as-of', '2025-03-20', ...extra], dir, [2, 5]);
      expect(whole.code).toBe(0);
      expect(whole.stderr).toMatch(/rows skipped/);
      expect(how.filter((h) => / \d parts, from bytes /.test(h)).length).toBeGreaterThanOrEqual(1);
    }
  });

  it('reads in one piece when a cut lands in a quoted field that holds a line like a record', async () => {
    // Every title holds a line that reads as a whole record of the header's width: the cut after
    // it is wrong, the part before it does not end on a record boundary, and the file is read whole.
    const fake = '999,x,Anna,Won,1,2025-01-01 10:00,2025-01-02 10:00,';
    const rows = Array.from({ length: 400 }, (_, i) => `${1000 + i},"Note\n${fake}\nend",Anna Orlova,${i % 3 ? 'Won' : 'Lost'},${i}.50,2025-02-0${1 + (i % 9)} 10:00,2025-03-0${1 + (i % 9)} 10:00,Price`);
    const dir = folder('fake-records', `id,title,manager,stage,amount,created_at,closed_at,lost_reason\n${rows.join('\n')}\n`);
    const { whole, how } = await expectSameInParts([...CONVERSION, '--format', 'json'], dir, [2, 3]);
    expect(whole.code).toBe(0);
    expect(JSON.parse(whole.stdout).summary.total.leads).toBe(400);
    for (const h of how) expect(h).toMatch(/one piece \(a part does not end on a record boundary\)/);
  });

  it('counts ids out of order across a cut as the read in one piece does (whole, last row wins)', async () => {
    // Each half is in strict order, the two together are not; an id of the first half repeats at
    // the end with another manager, and must win.
    const row = (id: number, manager: string) => `${id},T${id},${manager},Won,100,2025-02-10 10:00,2025-02-20 10:00,`;
    const first = Array.from({ length: 300 }, (_, i) => row(5000 + i, 'Anna Orlova'));
    const second = Array.from({ length: 300 }, (_, i) => row(1000 + i, 'Boris Petrov'));
    const dir = folder('out-of-order', ['id,title,manager,stage,amount,created_at,closed_at,lost_reason', ...first, ...second, row(5000, 'Boris Petrov')].join('\n') + '\n');
    const { whole } = await expectSameInParts([...CONVERSION, '--format', 'json'], dir);
    expect(whole.code).toBe(0);
    const total = JSON.parse(whole.stdout).summary.total;
    expect(total.leads).toBe(600);
    expect(whole.stderr).toMatch(/duplicate deal id "5000"/);
  });

  it('stops with the same error when a later part has a fatal row, an unclosed quote or a bad byte', async () => {
    // Bigger than a read chunk (128 KB), so that the top of the file reads fine.
    const good = export_(3000, 11, '\n', ',');
    const cases: Array<[string, string | Uint8Array, RegExp]> = [
      ['excel-serial', good + '99999,Late,Anna Orlova,Won,100,2025-02-10 10:00,45730,,\n', /deals\.csv:\d+: field "closed_at": .*Excel serial date/],
      ['unclosed', good + '99999,"Late,Anna Orlova,Won,100,2025-02-10 10:00,2025-02-20 10:00,,\n', /deals\.csv:\d+: unclosed quote/],
      ['bad-byte', Buffer.concat([Buffer.from(good), Buffer.from([0x39, 0x39, 0x2c, 0xff, 0x0a])]), /invalid UTF-8: invalid byte 0xFF at offset \d+/],
    ];
    for (const [name, bytes, message] of cases) {
      const dir = folder(`fatal-${name}`, bytes, ', encoding: utf-8');
      const { whole, how } = await expectSameInParts(CONVERSION, dir, [2, 3]);
      expect(whole.code).toBe(1);
      expect(whole.stderr).toMatch(message);
      // Failed in a later part, whose lines are numbered from 1 (and which, read as byte text,
      // leaves a byte that is not UTF-8 to the text): the read in one piece says where.
      const why = name === 'bad-byte' ? 'the part is not valid UTF-8' : 'a later part stopped: the whole file says where';
      expect(how).toEqual(how.map(() => `dealpulse debug: deals.csv: one piece (${why})`));
    }
  });

  it("warns about a file that ends at a spreadsheet's row limit, read in parts as in one piece", async () => {
    // 1 048 576 lines: the last line is known only once the later parts' lines are moved to where
    // they are in the file (they are numbered from 1 in their threads).
    const lines = ['id,manager,stage,created_at'];
    for (let i = 1; i < 1_048_576; i++) lines.push(`${i},M${i % 7},New,2025-0${1 + (i % 3)}-0${1 + (i % 9)} 10:00`);
    const dir = folder('row-limit', lines.join('\n') + '\n');
    const { whole, how } = await expectSameInParts(CONVERSION, dir, [2]);
    expect(whole.code).toBe(0);
    expect(whole.stderr).toMatch(/deals\.csv:1048576: .*may have been truncated by a spreadsheet/);
    expect(how).toEqual([expect.stringMatching(/deals\.csv: 2 parts/)]);
  });

  it('reports the first of two errors in file order: a fatal row and an invalid byte, either way round, near or far', async () => {
    // A read chunk is 128 KB and the parts start their own chunks at their cuts: an invalid byte
    // must not win over a fatal row before it just because both are in one chunk.
    const rows = (fatalAt: number, badAt: number) => {
      const lines = ['id,title,manager,stage,amount,created_at,closed_at'];
      for (let i = 0; i < 4600; i++) {
        const title = i === badAt ? 'D\u0000al' : `Deal ${i}`;
        const closed = i === fatalAt ? '45730' : '2025-02-01 10:00';
        lines.push(`${1000 + i},${title},Anna,Won,100.00,2025-01-${String(1 + (i % 27)).padStart(2, '0')} 10:00,${closed}`);
      }
      // The NUL stands for a byte that is not UTF-8.
      return Buffer.from(lines.join('\n') + '\n', 'utf8').map((b) => (b === 0 ? 0xff : b));
    };
    const cases: Array<[string, number, number, RegExp]> = [
      ['fatal-first-near', 1889, 2130, /deals\.csv:1891: field "closed_at": .*Excel serial date/],
      ['fatal-first-far', 100, 4000, /deals\.csv:102: field "closed_at": .*Excel serial date/],
      ['byte-first-near', 2480, 2170, /invalid UTF-8: invalid byte 0xFF at offset \d+/],
      ['byte-first-far', 4000, 100, /invalid UTF-8: invalid byte 0xFF at offset \d+/],
    ];
    for (const [name, fatalAt, badAt, message] of cases) {
      const dir = folder(`two-errors-${name}`, rows(fatalAt, badAt), ', encoding: utf-8');
      const { whole } = await expectSameInParts(CONVERSION, dir, [2, 3, 4, 5]);
      expect({ name, code: whole.code }).toEqual({ name, code: 1 });
      expect(whole.stderr).toMatch(message);
    }
  });

  it('warns of a file that ends on a spreadsheet\'s last row when the last part holds only footer lines', async () => {
    // Line 1 048 576 is the last data row (a quoted title spans the lines before it); it is long,
    // so that of twelve nominal cuts only the last finds a line that starts a record (within 256 KB)
    // — the footer: two parts, the second holding only the report's footer.
    const spread = '\n'.repeat(1_048_573);
    const long = 'x'.repeat(900_000);
    const text =
      'Opportunity Owner,Opportunity ID,Created Date,Opportunity Name,Account Name,Type,Lead Source\n' +
      `Anna,5000001,1/2/2025,"${spread}",,,\n` +
      `Anna,5000002,1/3/2025,${long},${long},,\n` +
      'Grand Totals (2 records),,,,,,\nConfidential Information - Do Not Distribute,,,,,,\n';
    const dir = folder('spreadsheet-limit', text, ', preset: salesforce');
    tmp.write('spreadsheet-limit/kpi.yaml', `timezone: Europe/Moscow\ncurrency: USD\ndata:\n  deals: { path: deals.csv, preset: salesforce }\n${PIPELINE}`);
    const { whole, how } = await expectSameInParts(['conversion', '--config', 'kpi.yaml', '--period', '2025-Q1', '--as-of', '2025-03-20'], dir, [12]);
    expect(whole.code).toBe(0);
    expect(whole.stderr).toMatch(/deals\.csv:1048576: the file ends exactly at line 1,048,576/);
    expect(how[0]).toMatch(/2 parts, from bytes 0, \d+/);
  });

  it('gives the same conversion on every CRM sample export', async () => {
    const samples: Array<[string, string]> = [
      ['amocrm', 'fixtures/crm/amocrm/deals.csv'],
      ['bitrix24', 'fixtures/crm/bitrix24/deals.csv'],
      ['hubspot', 'fixtures/crm/hubspot/deals.csv'],
      ['pipedrive', 'fixtures/crm/pipedrive/deals.csv'],
      ['salesforce', 'fixtures/crm/salesforce/report.csv'],
      ['zoho', 'fixtures/crm/zoho/deals.csv'],
    ];
    for (const [preset, file] of samples) {
      tmp.write(`crm-${preset}.yaml`, `timezone: Europe/Moscow\ndata:\n  deals: { path: ${process.cwd()}/${file}, preset: ${preset} }\n${PIPELINE}`);
      const { whole } = await expectSameInParts(['conversion', '--config', `crm-${preset}.yaml`, '--period', '2025', '--every', 'quarter', '--by', 'manager', '--as-of', '2025-12-31', '--format', 'json'], tmp.dir, [2, 3]);
      expect([0, 1]).toContain(whole.code);
    }
  });
});

describe('cutting a file', () => {
  it('reads byte text only where most lines are plain: at most one quote for two lines in the first 64 KB', () => {
    const lines = (n: number, line: (i: number) => string) => Array.from({ length: n }, (_, i) => line(i)).join('\n') + '\n';
    const some = tmp.write('some-quoted.csv', 'id,title\n' + lines(1000, (i) => (i % 4 === 0 ? `${i},"a, b"` : `${i},t`)));
    const all = tmp.write('all-quoted.csv', '"id","title"\n' + lines(1000, (i) => `"${i}","t"`));
    const third = tmp.write('third-quoted.csv', 'id,title\n' + lines(1000, (i) => (i % 3 === 0 ? `${i},"a, b"` : `${i},t`)));
    expect([some, all, third].map(mostlyPlain)).toEqual([true, false, false]);
  });

  const head = (header: string[], delimiter: CsvHead['delimiter'] = ','): CsvHead => ({
    file: 'f.csv',
    encoding: 'utf-8',
    detectedBy: 'content',
    delimiter,
    header,
    rawHeader: header,
    trailingDelimiter: false,
  });

  it('counts lines as the tokenizer does (LF, CRLF, lone CR, inside quotes too)', async () => {
    const next = random(3);
    const pieces = ['a', ',', '"', '\n', '\r\n', '\r', 'б', 'x"y'];
    for (let round = 0; round < 50; round++) {
      const text = Array.from({ length: 200 }, () => pieces[Math.floor(next() * pieces.length)]).join('') + '\n';
      const path = tmp.write(`lines-${round}.csv`, text);
      const bytes = Buffer.from(text);
      // Every offset just after an LF: the line there is one more than the breaks before it.
      for (let at = bytes.indexOf(0x0a); at >= 0; at = bytes.indexOf(0x0a, at + 1)) {
        const before = bytes.subarray(0, at + 1).toString('utf8');
        const tokenizer = new CsvTokenizer({ delimiter: ',', file: 'f.csv' });
        // With the quotes made letters every line break ends a record: the next record's line.
        const records = [...tokenizer.push(before.replaceAll('"', 'q')), ...tokenizer.end()];
        const expected = (records.at(-1)?.line ?? 0) + 1;
        expect(lineAt(path, at + 1)).toBe(expected);
      }
    }
  });

  it('cuts just after a line break, before a line that reads as a whole record', async () => {
    const rows = ['id,title,amount'];
    for (let i = 0; i < 2000; i++) rows.push(i % 7 === 0 ? `${i},"two\nlines, here",${i}` : `${i},t${i},${i}`);
    const text = rows.join('\n') + '\n';
    const path = tmp.write('cut.csv', text);
    const parts = await cutFile(path, Buffer.byteLength(text), 4, head(['id', 'title', 'amount']));
    expect(parts).toHaveLength(4);
    for (const [i, p] of parts.entries()) {
      if (i > 0) {
        expect(text[p.start - 1]).toBe('\n');
        // A record starts there: `N,tN,N`, not `N,"two` (its line has an open quote).
        expect(text.slice(p.start, text.indexOf('\n', p.start))).toMatch(/^\d+,t\d+,\d+$/);
        expect(p.start).toBe(parts[i - 1]!.end);
      }
      // Never after the first line of a quoted field ("lines, here",N reads as 2 fields).
      expect(text.slice(p.start).startsWith('lines')).toBe(false);
    }
    expect(parts.at(-1)!.end).toBeUndefined();
  });

  it('passes over a line with a stray quote or text after a closing quote (the end of a quoted field)', async () => {
    // Every line but the last few reads as three fields with a quote out of place: the cut can
    // only be just before the first well-formed line.
    const rows = ['id,title,amount'];
    for (let i = 0; i < 400; i++) rows.push(i % 2 === 0 ? `${i}, here",${i}` : `${i},"t"x,${i}`);
    rows.push('900,plain,900', '901,plain,901');
    const text = rows.join('\n') + '\n';
    const path = tmp.write('stray.csv', text);
    const parts = await cutFile(path, Buffer.byteLength(text), 2, head(['id', 'title', 'amount']));
    expect(parts).toHaveLength(2);
    expect(text.slice(parts[1]!.start)).toBe('900,plain,900\n901,plain,901\n');
  });

  it('estimates a file\'s lines from its first 64 KB (LF, CRLF or CR line ends)', async () => {
    for (const eol of ['\n', '\r\n', '\r']) {
      const text = Array.from({ length: 20_000 }, (_, i) => `${100000 + i},Stage ${i % 7},2025-01-01 10:00`).join(eol) + eol;
      const path = tmp.write(`estimate-${eol.length}-${eol.charCodeAt(0)}.csv`, text);
      const estimate = await estimateLines(path, Buffer.byteLength(text));
      expect(Math.abs(estimate - 20_000)).toBeLessThan(200);
    }
    expect(await estimateLines(tmp.write('one-line.csv', 'a,b,c'), 5)).toBe(0);
  });

  it('does not cut UTF-16, or a file with no line that reads as a record', async () => {
    const path = tmp.write('nocut.csv', 'a,b\n' + 'x\n'.repeat(1000));
    expect(await cutFile(path, 2004, 3, head(['a', 'b']))).toEqual([{ start: 0 }]);
    expect(await cutFile(path, 2004, 3, { ...head(['a']), encoding: 'utf-16le' })).toEqual([{ start: 0 }]);
  });
});
