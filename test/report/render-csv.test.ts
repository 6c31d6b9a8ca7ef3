import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { Big } from '../../src/model/money.js';
import { csvLine, neutraliseFormula, renderCsv } from '../../src/report/render-csv.js';
import type { Report } from '../../src/report/report.js';
import { sampleReport } from './sample-report.js';

/** A one-text-column, one-money-column report around the given values. */
function textReport(texts: string[], amounts: Array<Big | number | null> = []): Report {
  return sampleReport({
    main: {
      columns: [
        { key: 'title', kind: 'text' },
        { key: 'amount', kind: 'money' },
        { key: 'n', kind: 'number' },
      ],
      rows: texts.map((title, i) => ({ title, amount: amounts[i] ?? null, n: i === 0 ? -5 : null })),
    },
  });
}

const DANGEROUS_START = /^[=+\-@\t\r\n\u0000]/;
// Excel folds the full-width forms of = + - @ to ASCII, so those are neutralised too.
const NEUTRALISED_START = /^[=+\-@\t\r\n\u0000\uff1d\uff0b\uff0d\uff20]/;

describe('csvLine', () => {
  // The text csv-stringify writes with the options the renderer used to give it: a record, its line
  // end (LF, or CRLF for --excel), bare CR and LF inside a value quoted either way.
  const field = fc.oneof(
    fc.constant(null),
    fc.string({ unit: fc.constantFrom('a', 'Я', ' ', ',', ';', '"', '\r', '\n', '\t', '=', '0', '.', '\u0000'), maxLength: 8 }),
    fc.string(),
  );

  it('writes what csv-stringify writes', () => {
    fc.assert(
      fc.property(fc.array(field, { minLength: 1, maxLength: 6 }), fc.boolean(), (fields, excel) => {
        const delimiter = excel ? ';' : ',';
        const expected = stringify([fields], { delimiter, record_delimiter: excel ? 'windows' : 'unix', quoted_match: [/[\r\n]/] });
        expect(csvLine(fields, delimiter) + (excel ? '\r\n' : '\n')).toBe(expected);
      }),
      { numRuns: 5_000 },
    );
  });
});

describe('renderCsv', () => {
  it('writes the main table only: header of keys, machine values, LF', () => {
    expect(renderCsv(sampleReport(), { color: false })).toBe(
      [
        'manager,leads,won_amount,conversion,median_hours,created_at',
        'Иванова,1234,1250000.51,0.35,76,2025-03-01T09:30:00.000Z',
        `"'=HYPERLINK(""x"")",0,-5.00,,5.33,`,
        'bad\u001b[31mred\u0000,2,0.00,0.333333,0.75,',
        '',
      ].join('\n'),
    );
  });

  it('excel: BOM, semicolons, decimal comma, local datetimes, CRLF', () => {
    expect(renderCsv(sampleReport(), { color: false, excel: true })).toBe(
      '\ufeffmanager;leads;won_amount;conversion;median_hours;created_at\r\n' +
        'Иванова;1234;1250000,51;0,35;76;2025-03-01 12:30:00\r\n' +
        `"'=HYPERLINK(""x"")";0;-5,00;;5,33;\r\n` +
        'bad\u001b[31mred\u0000;2;0,00;0,333333;0,75;\r\n',
    );
  });

  it('neutralises text starting with = + - @ tab CR LF NUL, never numbers', () => {
    const out = renderCsv(
      textReport(['=1+2', '+7', '-2+3', '@SUM(A1)', '\tx', '\rx', '\nx', '\u0000x', "'ok", 'a=b', '＝1'], [
        new Big(-5),
        -5,
      ]),
      { color: false },
    );
    expect(out).toBe(
      [
        'title,amount,n',
        "'=1+2,-5.00,-5",
        "'+7,-5.00,",
        "'-2+3,,",
        "'@SUM(A1),,",
        "'\tx,,",
        `"'\rx",,`,
        `"'\nx",,`,
        "'\u0000x,,",
        "'ok,,",
        'a=b,,',
        "'＝1,,",
        '',
      ].join('\n'),
    );
  });

  it('quotes a bare CR or LF in excel mode too, so a value never splits a record', () => {
    const out = renderCsv(textReport(['a\rb', 'c\nd', 'e;f']), { color: false, excel: true });
    expect(out).toBe('\ufefftitle;amount;n\r\n"a\rb";;-5\r\n"c\nd";;\r\n"e;f";;\r\n');
    expect(parse(out, { bom: true, delimiter: ';' })).toEqual([
      ['title', 'amount', 'n'],
      ['a\rb', '', '-5'],
      ['c\nd', '', ''],
      ['e;f', '', ''],
    ]);
  });

  it('writes money to the minor unit of the currency (JPY 0, KWD 3)', () => {
    expect(renderCsv(textReport(['x'], [new Big('1250.5')]), { color: false }).split('\n')[1]).toBe('x,1250.50,-5');
    const jpy = { ...textReport(['x'], [new Big('1250.5')]), currency: 'JPY' };
    expect(renderCsv(jpy, { color: false }).split('\n')[1]).toBe('x,1251,-5');
    const kwd = { ...textReport(['x'], [new Big('1.0005')]), currency: 'KWD' };
    expect(renderCsv(kwd, { color: false }).split('\n')[1]).toBe('x,1.001,-5');
  });

  it('booleans, dates and NaN', () => {
    const report = sampleReport({
      main: {
        columns: [
          { key: 'ok', kind: 'bool' },
          { key: 'day', kind: 'date' },
          { key: 'r', kind: 'ratio' },
        ],
        rows: [{ ok: true, day: '2025-03-14', r: Number.NaN }, { ok: false, day: new Date('2025-03-13T22:00:00Z') }],
      },
    });
    expect(renderCsv(report, { color: false })).toBe('ok,day,r\ntrue,2025-03-14,\nfalse,2025-03-14,\n');
  });

  it('property: parsed back, no text cell starts a formula; neutralised = original with a quote', () => {
    const dangerousPrefix = fc.constantFrom('=', '+', '-', '@', '\t', '\r', '\n', '\u0000', '＋', '', '');
    const text = fc.tuple(dangerousPrefix, fc.string({ unit: 'binary' })).map(([p, s]) => p + s);
    fc.assert(
      fc.property(fc.array(text, { minLength: 1, maxLength: 5 }), fc.boolean(), (texts, excel) => {
        const out = renderCsv(textReport(texts), { color: false, excel });
        const records = parse(out, { bom: true, delimiter: excel ? ';' : ',' }) as string[][];
        expect(records.length).toBe(texts.length + 1);
        texts.forEach((original, i) => {
          const cell = records[i + 1]?.[0] ?? '';
          expect(cell).not.toMatch(DANGEROUS_START);
          expect(cell).toBe(NEUTRALISED_START.test(original) ? `'${original}` : original);
          expect(cell).toBe(neutraliseFormula(original));
        });
        // The numeric column is never prefixed.
        expect(records[1]?.[2]).toBe('-5');
      }),
      { numRuns: 300 },
    );
  });
});
