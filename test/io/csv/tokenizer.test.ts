import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { InputError } from '../../../src/model/errors.js';
import { CsvTokenizer, isRun, PartBoundary, readRecordBatches, readRecords, recordsOfRun, type CsvRecord } from '../../../src/io/csv/tokenizer.js';
import { asyncOf, collect, splitAt, tokenizePieces } from './helpers.js';

const tok = (text: string, delimiter = ','): ReturnType<typeof tokenizePieces> => tokenizePieces([text], delimiter);

describe('line endings', () => {
  for (const [name, eol] of [
    ['LF', '\n'],
    ['CRLF', '\r\n'],
    ['CR', '\r'],
  ] as const) {
    it(`reads ${name} lines with their line numbers`, () => {
      expect(tok(`id,name${eol}1,Ann${eol}2,Bob${eol}`)).toEqual([
        { line: 1, fields: ['id', 'name'] },
        { line: 2, fields: ['1', 'Ann'] },
        { line: 3, fields: ['2', 'Bob'] },
      ]);
    });
  }

  it('reads a last line without a line break', () => {
    expect(tok('a,b\r\nc,d')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['c', 'd'] },
    ]);
  });

  it('accepts mixed line endings in one file', () => {
    expect(tok('a\r\nb\nc\rd').map((r) => [r.line, r.fields[0]])).toEqual([
      [1, 'a'],
      [2, 'b'],
      [3, 'c'],
      [4, 'd'],
    ]);
  });

  it('keeps empty fields, including a trailing one', () => {
    expect(tok('a,,b,\n,\n')).toEqual([
      { line: 1, fields: ['a', '', 'b', ''] },
      { line: 2, fields: ['', ''] },
    ]);
  });

  it('gives nothing for empty input', () => {
    expect(tok('')).toEqual([]);
  });
});

describe('quoted fields', () => {
  it('keeps line breaks inside quotes and numbers records by their first line', () => {
    const text = 'id,note\n1,"first\nsecond\r\nthird\rfourth"\n2,"x"\n3,y\n';
    expect(tok(text)).toEqual([
      { line: 1, fields: ['id', 'note'] },
      { line: 2, fields: ['1', 'first\nsecond\r\nthird\rfourth'] },
      { line: 6, fields: ['2', 'x'] },
      { line: 7, fields: ['3', 'y'] },
    ]);
  });

  it('unescapes doubled quotes', () => {
    expect(tok('"a""b","""",""\n"say ""hi""",x')).toEqual([
      { line: 1, fields: ['a"b', '"', ''] },
      { line: 2, fields: ['say "hi"', 'x'] },
    ]);
  });

  it('treats delimiters and other candidates inside quotes as text', () => {
    expect(tok('"a;b","c,d"\n', ',')).toEqual([{ line: 1, fields: ['a;b', 'c,d'] }]);
    // Read with the wrong delimiter, the rest of the line after the first closing quote is kept.
    expect(tok('"a;b","c,d"\n', ';')).toEqual([
      { line: 1, fields: ['a;b,"c,d"'], problems: ['text after the closing quote (column 1)'] },
    ]);
  });

  it('a quoted empty field alone on a line is a record, not a blank line', () => {
    expect(tok('""\n')).toEqual([{ line: 1, fields: [''] }]);
  });
});

describe('bad quoting is kept and reported', () => {
  it('keeps a stray quote in an unquoted field literally', () => {
    const [header, row] = tok('name,size\nab"c,5 1/2" pipe\n');
    expect(header).toEqual({ line: 1, fields: ['name', 'size'] });
    expect(row!.fields).toEqual(['ab"c', '5 1/2" pipe']);
    expect(row!.problems).toEqual([
      'stray quote in an unquoted field (column 1)',
      'stray quote in an unquoted field (column 2)',
    ]);
  });

  it('a quote that is not the first character does not open a quoted field', () => {
    const [row] = tok(' "a,b"\n');
    expect(row!.fields).toEqual([' "a', 'b"']);
    expect(row!.problems).toHaveLength(2);
  });

  it('keeps text after a closing quote', () => {
    const [row, next] = tok('"ab"c,d\n"x"y"z",w\n');
    expect(row).toEqual({ line: 1, fields: ['abc', 'd'], problems: ['text after the closing quote (column 1)'] });
    expect(next).toEqual({ line: 2, fields: ['xy"z"', 'w'], problems: ['text after the closing quote (column 1)'] });
  });

  it('throws on an unclosed quote, naming the line where it opened', () => {
    const text = 'h1,h2\n"ok\nfine","open\nrest\nmore\n';
    expect(() => tok(text)).toThrow(InputError);
    expect(() => tok(text)).toThrow(
      'test.csv:3: unclosed quote: the quoted field opened on line 3 runs to the end of the file',
    );
  });

  it('throws on an unclosed quote in the first field of the last line', () => {
    expect(() => tok('a\n"b')).toThrow('test.csv:2: unclosed quote: the quoted field opened on line 2');
  });
});

describe('blank lines', () => {
  it('yields each empty physical line as a record without fields', () => {
    expect(tok('a\n\nb\r\n\r\nc\r\rd\n\n')).toEqual([
      { line: 1, fields: ['a'] },
      { line: 2, fields: [] },
      { line: 3, fields: ['b'] },
      { line: 4, fields: [] },
      { line: 5, fields: ['c'] },
      { line: 6, fields: [] },
      { line: 7, fields: ['d'] },
      { line: 8, fields: [] },
    ]);
  });

  it('a line of spaces is not blank', () => {
    expect(tok('  \n')).toEqual([{ line: 1, fields: ['  '] }]);
  });
});

describe('chunk boundaries', () => {
  const sample =
    'id;note;sum\r\n' +
    '1;"multi\r\nline ""quoted""";"10,5"\r\n' +
    '\r\n' +
    '2;ab"c;"x"y\r' +
    '3;"";"Сделка ""Ромашка"" — ёж"\n' +
    '"4";"a;b";\r\n' +
    '5;last;"end"';
  const whole = tokenizePieces([sample], ';');

  it('the sample covers what it should', () => {
    expect(whole.map((r) => r.line)).toEqual([1, 2, 4, 5, 6, 7, 8]);
    expect(whole[1]!.fields).toEqual(['1', 'multi\r\nline "quoted"', '10,5']);
    expect(whole[2]!.fields).toEqual([]);
    expect(whole[3]!.problems).toHaveLength(2);
    expect(whole[5]!.fields).toEqual(['4', 'a;b', '']);
  });

  it('gives the same records wherever the text is cut once', () => {
    for (let i = 0; i <= sample.length; i++) {
      expect(tokenizePieces(splitAt(sample, [i]), ';'), `cut at ${i}`).toEqual(whole);
    }
  });

  it('gives the same records wherever the text is cut twice', () => {
    for (let i = 0; i <= sample.length; i++) {
      for (let j = i; j <= sample.length; j++) {
        const got = tokenizePieces(splitAt(sample, [i, j]), ';');
        if (JSON.stringify(got) !== JSON.stringify(whole)) expect(got, `cuts at ${i}, ${j}`).toEqual(whole);
      }
    }
  });

  it('gives the same records one character at a time', () => {
    expect(tokenizePieces([...sample], ';')).toEqual(whole);
  });

  it('throws the unclosed-quote error whatever the chunking', () => {
    const text = 'a,b\n1,"x\ny\n';
    for (let i = 0; i <= text.length; i++) {
      expect(() => tokenizePieces(splitAt(text, [i]))).toThrow('test.csv:2: unclosed quote');
    }
  });
});

describe('limits', () => {
  it('refuses a field over the maximum size', () => {
    const t = new CsvTokenizer({ delimiter: ',', file: 'big.csv', maxFieldSize: 10 });
    expect(() => t.push('a,01234567890\n')).toThrow('big.csv:1: a field is longer than 10 characters (max field size)');
  });

  it('refuses a runaway quoted field while streaming, before the end of the input', () => {
    const t = new CsvTokenizer({ delimiter: ',', file: 'big.csv', maxFieldSize: 100 });
    t.push('id,note\n1,"never closed');
    expect(() => {
      for (let i = 0; i < 20; i++) t.push('\nmore text here');
    }).toThrow('big.csv:2: a field is longer than 100 characters (max field size); the quoted field opened on line 2');
  });

  it('hands out the records before a field over the maximum size first, then refuses it', () => {
    // The rows before the problem are read (their own errors come first) whatever the chunking.
    const t = new CsvTokenizer({ delimiter: ',', file: 'big.csv', maxFieldSize: 10 });
    expect(t.push('a,b\nc,d\ne,01234567890\nf,g\n')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['c', 'd'] },
    ]);
    expect(() => t.push('h,i\n')).toThrow('big.csv:3: a field is longer than 10 characters (max field size)');
    expect(() => t.end()).toThrow('big.csv:3: a field is longer than 10 characters (max field size)');
  });

  it('refuses a record over the maximum size', () => {
    const t = new CsvTokenizer({ delimiter: ',', file: 'big.csv', maxRecordSize: 50 });
    expect(() => {
      for (let i = 0; i < 20; i++) t.push('abc,def,');
    }).toThrow('big.csv:1: a record is longer than 50 characters (max record size)');
  });

  it('accepts a field of exactly the maximum size', () => {
    const t = new CsvTokenizer({ delimiter: ',', file: 'ok.csv', maxFieldSize: 10 });
    expect([...t.push('0123456789,"0123456789"\n'), ...t.end()]).toEqual([
      { line: 1, fields: ['0123456789', '0123456789'] },
    ]);
  });

  it('rejects an impossible delimiter', () => {
    expect(() => new CsvTokenizer({ delimiter: '"', file: 'x' })).toThrow();
    expect(() => new CsvTokenizer({ delimiter: ';;', file: 'x' })).toThrow();
  });
});

describe('other delimiters', () => {
  it.each([
    ['\t', 'a\t"b\tc"\td\n'],
    ['|', 'a|"b|c"|d\n'],
    [';', 'a;"b;c";d\n'],
  ])('splits on %j', (delimiter, text) => {
    expect(tok(text, delimiter)).toEqual([{ line: 1, fields: ['a', `b${delimiter}c`, 'd'] }]);
  });
});

describe('async API', () => {
  it('readRecords streams records from async chunks', async () => {
    const records = await collect(readRecords(asyncOf(['a,b\n1,"x', '\ny"\n2,z']), { delimiter: ',', file: 'f.csv' }));
    expect(records).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', 'x\ny'] },
      { line: 4, fields: ['2', 'z'] },
    ]);
  });

  it('readRecordBatches yields non-empty batches', async () => {
    const batches = await collect(readRecordBatches(asyncOf(['a\nb\n', 'c', '', '\n']), { delimiter: ',', file: 'f.csv' }));
    expect(batches.every((b) => b.length > 0)).toBe(true);
    expect(batches.flat().map((r) => (r as CsvRecord).fields[0])).toEqual(['a', 'b', 'c']);
  });

  it('readRecords rejects with the unclosed-quote error', async () => {
    await expect(collect(readRecords(asyncOf(['a\n"b']), { delimiter: ',', file: 'f.csv' }))).rejects.toThrow(
      'f.csv:2: unclosed quote',
    );
  });
});

describe('runs of plain lines (cleanRunsFrom)', () => {
  /** Every item as records: runs made into the records their lines are. */
  function itemsAsRecords(pieces: readonly string[], cleanRunsFrom: number, maxFieldSize?: number): { records: CsvRecord[]; runLines: number } {
    const t = new CsvTokenizer({ delimiter: ',', file: 'test.csv', cleanRunsFrom, ...(maxFieldSize !== undefined ? { maxFieldSize } : {}) });
    const records: CsvRecord[] = [];
    let runLines = 0;
    for (const p of pieces) {
      for (const item of t.pushItems(p)) {
        if (isRun(item)) {
          runLines += item.count;
          records.push(...recordsOfRun(item, ',', 'test.csv'));
        } else records.push(item);
      }
    }
    records.push(...t.end());
    return { records, runLines };
  }

  it('hands out plain lines as runs and the rest as records, the same records in all', () => {
    const text = 'h1,h2\n1,a\r\n2,b\n3,"q"\n\n4,x\ry\n5,c\n6,last';
    const { records, runLines } = itemsAsRecords([text], 2);
    expect(records).toEqual(tokenizePieces([text]));
    // Lines 2, 3, 7 (`y`, after the lone CR that ended line 6) and 8 are plain (LF or CRLF, no
    // quote, no lone CR, not blank); 1 is before the runs begin, 9 has no line break after it.
    expect(runLines).toBe(4);
  });

  it('a run never holds a quote, a lone CR or a blank line; a field over the size limit fails as ever', () => {
    const t = new CsvTokenizer({ delimiter: ',', file: 'test.csv', cleanRunsFrom: 1 });
    const items = t.pushItems('a,b\n"q",1\nx\ry,2\n\nc,d\r\n');
    const runs = items.filter(isRun);
    expect(runs.map((r) => r.text.slice(r.start, r.end))).toEqual(['a,b\n', 'y,2\n', 'c,d\r\n']);
    expect(runs.map((r) => [r.line, r.count])).toEqual([[1, 1], [4, 1], [6, 1]]);
    expect(t.end()).toEqual([]);
    const long = 'ok,1\nlong-long-field,3\n';
    expect(() => itemsAsRecords([long], 1, 8)).toThrow('test.csv:2: a field is longer than 8 characters');
    const plain = new CsvTokenizer({ delimiter: ',', file: 'test.csv', maxFieldSize: 8 });
    expect(() => [plain.push(long), plain.end()]).toThrow('test.csv:2: a field is longer than 8 characters');
  });

  it('gives the records of the plain tokenizer whatever the text and its chunking (property)', () => {
    const piece = fc.constantFrom('a', 'bb', ',', '\n', '\r\n', '\r', '"', '""', ' ', 'я', '1,2', 'x,y,z\n');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), fc.array(fc.nat(200), { maxLength: 4 }), fc.integer({ min: 1, max: 4 }), (parts, cuts, from) => {
        const text = parts.join('');
        const pieces = splitAt(text, cuts.map((c) => c % (text.length + 1)));
        let plain: CsvRecord[] | Error;
        try {
          plain = tokenizePieces(pieces);
        } catch (err) {
          plain = err as Error;
        }
        if (plain instanceof Error) expect(() => itemsAsRecords(pieces, from)).toThrow(plain.message);
        else expect(itemsAsRecords(pieces, from).records).toEqual(plain);
      }),
      { numRuns: 3000 },
    );
  });
});

// Byte text (csv/decode.ts `byteStream`): one character per byte, fields decoded by `cellText`.
describe('byte text', () => {
  const utf8 = (raw: string) => Buffer.from(raw, 'latin1').toString('utf8');
  const bytesOf = (text: string) => Buffer.from(text, 'utf8').toString('latin1');

  it('makes records of text, runs of bytes, cut where the text is cut', () => {
    const text = 'id,name,note\n1,ПЁТР,"Цена, ""высокая"""\n2,\u00a0Анна\u00a0,x\n';
    const tokenizer = new CsvTokenizer({ delimiter: ',', file: 'in.csv', cellText: utf8, cleanRunsFrom: 3 });
    const items = [...tokenizer.pushItems(bytesOf(text)), ...tokenizer.end()];
    const records = items.flatMap((item) => (isRun(item) ? recordsOfRun(item, ',', 'in.csv', utf8) : [item]));
    expect(records).toEqual(tokenizePieces([text]));
    // The plain line is a run, its text the bytes.
    const run = items.find(isRun)!;
    expect(run.text.slice(run.start, run.end)).toBe(bytesOf('2,\u00a0Анна\u00a0,x\n'));
  });

  it('leaves a field or record over a limit to the careful read: its length in bytes is no proof', () => {
    // A field of four characters, eight bytes; an unfinished record of five characters, seven
    // bytes: over a limit of 6 only as bytes.
    for (const [text, limits] of [
      ['1,ПЁТР\n', { maxFieldSize: 6 }],
      ['1,"ПЁ', { maxRecordSize: 6 }],
    ] as const) {
      const asText = new CsvTokenizer({ delimiter: ',', file: 'in.csv', ...limits });
      expect(() => asText.push(text)).not.toThrow();
      const asBytes = new CsvTokenizer({ delimiter: ',', file: 'in.csv', cellText: utf8, ...limits });
      expect(() => [...asBytes.push(bytesOf(text)), ...asBytes.end()]).toThrow(PartBoundary);
    }
  });
});
