// Differential test: on clean CSV our tokenizer must agree with csv-parse field for field, however
// the text is cut into chunks, and must number each record by the physical line it starts on.

import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readRecords } from '../../../src/io/csv/tokenizer.js';
import { asyncOf, collect, splitAt, tokenizePieces } from './helpers.js';

const DELIMITERS = [',', ';', '\t', '|'] as const;
const EOLS = ['\n', '\r\n', '\r'] as const;

const char = fc.constantFrom('a', 'Z', '7', ' ', '.', 'Ж', 'ё', '№', '😀', '"', ',', ';', '\t', '|', '\n', '\r', '\r\n');
const field = fc.oneof(
  { weight: 4, arbitrary: fc.array(char, { maxLength: 8 }).map((cs) => cs.join('')) },
  { weight: 1, arbitrary: fc.string({ maxLength: 6 }) },
);
const csvCase = fc.record({
  delimiter: fc.constantFrom(...DELIMITERS),
  eol: fc.constantFrom(...EOLS),
  rows: fc.array(fc.array(field, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 8 }),
  quoteAll: fc.boolean(),
  finalEol: fc.boolean(),
  cuts: fc.array(fc.nat(), { maxLength: 5 }),
});

/** RFC 4180 serialisation; also returns where each record starts. */
function serialise(c: { delimiter: string; eol: string; rows: string[][]; quoteAll: boolean; finalEol: boolean }): {
  text: string;
  starts: number[];
} {
  let text = '';
  const starts: number[] = [];
  c.rows.forEach((row, i) => {
    starts.push(text.length);
    const lonelyEmpty = row.length === 1 && row[0] === ''; // unquoted, it would be a blank line
    text += row
      .map((f) =>
        c.quoteAll || lonelyEmpty || /["\r\n]/.test(f) || f.includes(c.delimiter) ? `"${f.replaceAll('"', '""')}"` : f,
      )
      .join(c.delimiter);
    if (i < c.rows.length - 1 || c.finalEol) text += c.eol;
  });
  return { text, starts };
}

function lineAt(text: string, offset: number): number {
  return 1 + (text.slice(0, offset).match(/\r\n|\r|\n/g)?.length ?? 0);
}

describe('tokenizer vs csv-parse on clean CSV', () => {
  it('gives the same fields, in any chunking, with the right start lines', async () => {
    await fc.assert(
      fc.asyncProperty(csvCase, async (c) => {
        const { text, starts } = serialise(c);
        const oracle = parse(text, {
          delimiter: c.delimiter,
          record_delimiter: c.eol,
          relax_column_count: true,
          bom: true,
        }) as string[][];
        const pieces = splitAt(
          text,
          c.cuts.map((n) => n % (text.length + 1)),
        );
        const mine = await collect(readRecords(asyncOf(pieces), { delimiter: c.delimiter, file: 'p.csv' }));

        expect(mine.map((r) => r.fields)).toEqual(oracle);
        expect(mine.map((r) => r.fields)).toEqual(c.rows);
        expect(mine.map((r) => r.line)).toEqual(starts.map((s) => lineAt(text, s)));
        expect(mine.every((r) => r.problems === undefined)).toBe(true);
      }),
      { numRuns: 1500 },
    );
  });

  it('agrees with csv-parse on a larger generated file read one character at a time', () => {
    const rows: string[][] = [];
    for (let i = 0; i < 200; i++) rows.push([String(i), `Сделка "${i}"`, i % 5 === 0 ? 'две\r\nстроки' : '', `${i},50`]);
    const { text, starts } = serialise({ delimiter: ',', eol: '\r\n', rows, quoteAll: false, finalEol: true });
    const oracle = parse(text, { relax_column_count: true, bom: true }) as string[][];
    const mine = tokenizePieces([...text]);
    expect(mine.map((r) => r.fields)).toEqual(oracle);
    expect(mine.map((r) => r.line)).toEqual(starts.map((s) => lineAt(text, s)));
  });
});
