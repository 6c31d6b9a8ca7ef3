import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../../src/model/errors.js';
import { openCsv, type CsvFile, type CsvRecord, type OpenCsvOptions } from '../../../src/io/csv/csv-file.js';
import { collect, encodeCp1251, makeTmp } from './helpers.js';

const tmp = makeTmp('csv-file');
afterAll(() => tmp.cleanup());

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

async function open(name: string, data: string | Uint8Array, opts: OpenCsvOptions = {}): Promise<CsvFile> {
  return openCsv(tmp.write(name, data), { displayName: name, ...opts });
}

async function openError(name: string, data: string | Uint8Array, opts: OpenCsvOptions = {}): Promise<string> {
  try {
    const csv = await open(name, data, opts);
    await collect(csv.records());
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return (err as Error).message;
  }
  throw new Error('expected an InputError');
}

describe('openCsv', () => {
  it('reads a Bitrix24 export: BOM, quoted fields, a trailing ; on every line', async () => {
    const text =
      '"ID";"Название сделки";"Стадия сделки";"Сумма";\r\n' +
      '"1";"Сделка «Ёлка»";"Успешно реализовано";"15000.00";\r\n' +
      '"2";"Поставка; 2 шт.";"Новая";"";\r\n';
    const csv = await open('bitrix.csv', Buffer.concat([BOM, Buffer.from(text)]));
    expect(csv).toMatchObject({
      file: 'bitrix.csv',
      encoding: 'utf-8',
      bom: true,
      delimiter: ';',
      header: ['ID', 'Название сделки', 'Стадия сделки', 'Сумма'],
      headerLine: 1,
      trailingDelimiter: true,
    });
    expect(await collect(csv.records())).toEqual([
      { line: 2, fields: ['1', 'Сделка «Ёлка»', 'Успешно реализовано', '15000.00'] },
      { line: 3, fields: ['2', 'Поставка; 2 шт.', 'Новая', ''] },
    ]);
  });

  it('reads an old Bitrix24 export in Windows-1251 without a BOM', async () => {
    const text = 'ID;Название сделки;Сумма;\r\n1;Сделка;15000.00;\r\n';
    const csv = await open('bitrix-1251.csv', encodeCp1251(text));
    expect(csv.encoding).toBe('windows-1251');
    expect(csv.header).toEqual(['ID', 'Название сделки', 'Сумма']);
    expect(csv.trailingDelimiter).toBe(true);
    expect(await collect(csv.records())).toEqual([{ line: 2, fields: ['1', 'Сделка', '15000.00'] }]);
  });

  it('reads a UTF-16LE tab-separated Excel re-save', async () => {
    const text = 'Record ID\tDeal Name\tAmount\r\n1\tAcme, Inc.\t"10,000"\r\n';
    const csv = await open('excel.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    expect(csv.encoding).toBe('utf-16le');
    expect(csv.delimiter).toBe('\t');
    expect(await collect(csv.records())).toEqual([{ line: 2, fields: ['1', 'Acme, Inc.', '10,000'] }]);
  });

  it('sniffs a comma file whose quoted header name contains ;', async () => {
    const csv = await open('hubspot.csv', '"Record ID","Deal Name","Tags; multi","Amount"\n1,A,"x;y",5\n');
    expect(csv.delimiter).toBe(',');
    expect(csv.trailingDelimiter).toBe(false);
    expect(await collect(csv.records())).toEqual([{ line: 2, fields: ['1', 'A', 'x;y', '5'] }]);
  });

  it('uses an explicit delimiter and encoding', async () => {
    const csv = await open('explicit.csv', encodeCp1251('a|b;c\n1|2;3\n'), { delimiter: '|', encoding: 'windows-1251' });
    expect(csv.delimiter).toBe('|');
    expect(csv.header).toEqual(['a', 'b;c']);
  });

  it('trims header names and keeps the originals', async () => {
    const csv = await open('spaces.csv', 'ID, Бюджет ,Источник,Источник\n1,2,3,4\n');
    expect(csv.header).toEqual(['ID', 'Бюджет', 'Источник', 'Источник']);
    expect(csv.rawHeader).toEqual(['ID', ' Бюджет ', 'Источник', 'Источник']);
  });

  it('flags ragged rows and passes blank lines through', async () => {
    const csv = await open('ragged.csv', 'a,b,c\n1,2,3\n\n1,2\n1,2,3,4\n"Grand Totals (3 records)"\n');
    expect(await collect(csv.records())).toEqual([
      { line: 2, fields: ['1', '2', '3'] },
      { line: 3, fields: [] },
      { line: 4, fields: ['1', '2'], problems: ['expected 3 fields, found 2'] },
      { line: 5, fields: ['1', '2', '3', '4'], problems: ['expected 3 fields, found 4'] },
      { line: 6, fields: ['Grand Totals (3 records)'], problems: ['expected 3 fields, found 1'] },
    ]);
  });

  it('drops only the one empty trailing field', async () => {
    const csv = await open('trailing.csv', 'a;b;\n1;2;\n1;2\n1;;\n1;2;;\n');
    expect(csv.trailingDelimiter).toBe(true);
    expect(await collect(csv.records())).toEqual([
      { line: 2, fields: ['1', '2'] },
      { line: 3, fields: ['1', '2'] },
      { line: 4, fields: ['1', ''] },
      // A row that does not have the header's shape is left as it is in the file.
      { line: 5, fields: ['1', '2', '', ''], problems: ['expected 2 fields, found 4'] },
    ]);
  });

  it('keeps an unnamed last column that has values', async () => {
    const csv = await open('unnamed.csv', 'a;b;\n1;2;note\n');
    expect(csv.trailingDelimiter).toBe(false);
    expect(csv.header).toEqual(['a', 'b', '']);
    expect(await collect(csv.records())).toEqual([{ line: 2, fields: ['1', '2', 'note'] }]);
  });

  it('a header-only file has no records', async () => {
    const csv = await open('header-only.csv', 'ID;Name;\r\n');
    expect(csv.header).toEqual(['ID', 'Name']);
    expect(await collect(csv.records())).toEqual([]);
  });

  it('keeps physical line numbers whatever the read size', async () => {
    let text = 'id,note,amount\r\n';
    for (let i = 1; i <= 300; i++) {
      text += i % 7 === 0 ? `${i},"line one\r\nline ""two""",${i}.50\r\n` : i % 11 === 0 ? '\r\n' : `${i},Сделка №${i} 😀,${i}\r\n`;
    }
    const reference = await collect((await open('lines.csv', text)).records());
    expect(reference.length).toBe(300);
    expect(reference.find((r) => r.fields[0] === '14')!.line).toBe(16); // line 1 + 13 rows + one extra line for row 7
    for (const highWaterMark of [1, 2, 3, 5, 64, 1000]) {
      const csv = await openCsv(tmp.write('lines.csv', text), { displayName: 'lines.csv', highWaterMark, sniffBytes: 8 });
      expect(await collect(csv.records()), `highWaterMark ${highWaterMark}`).toEqual(reference);
    }
  });

  it('stops at a record with an unclosed quote, naming its line', async () => {
    const message = await openError('unclosed.csv', 'a,b\n1,2\n3,"oops\n4,5\n');
    expect(message).toBe('unclosed.csv:3: unclosed quote: the quoted field opened on line 3 runs to the end of the file');
  });

  it('refuses a runaway quote before reading the whole file', async () => {
    const text = `a,b\n1,"${'x'.repeat(5000)}`;
    const message = await openError('runaway.csv', text, { maxFieldSize: 1000, highWaterMark: 256 });
    expect(message).toContain('runaway.csv:2: a field is longer than 1000 characters (max field size)');
  });

  it('close() releases the file when records are not read', async () => {
    const csv = await open('close.csv', 'a,b\n1,2\n');
    await csv.close();
  });

  it('records() can be iterated once', async () => {
    const csv = await open('once.csv', 'a\n1\n');
    await collect(csv.records());
    await expect(collect(csv.records())).rejects.toThrow('can be read only once');
    await expect(collect(csv.batches())).rejects.toThrow('can be read only once');
  });

  it('batches() holds the same records as records(), header and trailing-delimiter sample included', async () => {
    // Bitrix24 style: a trailing delimiter on every line, confirmed by sampling the first rows.
    const text = `id;name;\n${Array.from({ length: 50 }, (_, i) => `${i};n${i};`).join('\n')}\n`;
    const one = await open('one.csv', text);
    const each = await collect(one.records());
    const two = await open('two.csv', text);
    const batched = (await collect(two.batches())).flat();
    expect(two.trailingDelimiter).toBe(true);
    expect(batched).toEqual(each);
    // Opened without `cleanRuns`: records only.
    expect(batched.map((r) => (r as CsvRecord).fields)).toEqual(Array.from({ length: 50 }, (_, i) => [String(i), `n${i}`]));
  });
});

describe('openCsv refuses unusable files', () => {
  const EMPTY = (name: string): string => `${name}: the file is empty (no header, no data rows)`;

  it.each([
    ['zero bytes', ''],
    ['only a BOM', BOM],
    ['only whitespace', ' \r\n\t\n  \n'],
    ['a BOM and line breaks', Buffer.concat([BOM, Buffer.from('\r\n\r\n')])],
    ['UTF-16 BOM only', Buffer.from([0xff, 0xfe])],
  ])('%s is an empty file', async (_what, data) => {
    expect(await openError('empty.csv', data)).toBe(EMPTY('empty.csv'));
  });

  it('a blank first line is a missing header', async () => {
    expect(await openError('late-header.csv', '\n\nID,Name\n1,x\n')).toBe(
      'late-header.csv:1: the first line has no column names; the header must be on line 1 (the first non-empty line is 3)',
    );
  });

  it('says when a "CSV" is Bitrix24\'s HTML table', async () => {
    expect(await openError('deals.xls', '<html><head><meta charset="utf-8"></head><table><tr><td>ID</td></tr></table></html>\n')).toContain(
      'this is an HTML page',
    );
  });

  it('cp1251 file read as UTF-8 by mistake', async () => {
    const message = await openError('deals.csv', encodeCp1251('ID;Имя\n1;Иван\n'), { encoding: 'utf-8' });
    expect(message).toContain('deals.csv: invalid UTF-8: invalid byte 0xC8 at offset 3');
    expect(message).toContain('set `encoding: windows-1251`');
  });

  it('a missing file', async () => {
    await expect(openCsv(`${tmp.dir}/missing.csv`, { displayName: 'missing.csv' })).rejects.toThrow(
      'missing.csv: cannot read the file: no such file',
    );
  });
});
