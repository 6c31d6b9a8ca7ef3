import { describe, expect, it } from 'vitest';
import { detectTrailingDelimiter, findHeaderLineEnd, sniffDelimiter } from '../../../src/io/csv/sniff.js';

describe('sniffDelimiter', () => {
  it.each([
    ['ID,Name,Amount', ','],
    ['ID;Название;Сумма', ';'],
    ['ID\tName\tAmount', '\t'],
    ['ID|Name|Amount', '|'],
  ] as const)('%j → %j', (header, delimiter) => {
    expect(sniffDelimiter(header)).toBe(delimiter);
  });

  it('ignores candidates inside a quoted name', () => {
    expect(sniffDelimiter('"a;b",c,"d;e;f"')).toBe(',');
    expect(sniffDelimiter('"Record ID","Deal Name","Tags; multi"')).toBe(',');
    expect(sniffDelimiter('"Date entered ""Won; ok"" (Sales)",Amount')).toBe(',');
  });

  it('breaks ties in the order ; , tab |', () => {
    expect(sniffDelimiter('a;b,c')).toBe(';');
    expect(sniffDelimiter('a,b\tc')).toBe(',');
    expect(sniffDelimiter('a\tb|c')).toBe('\t');
  });

  it('a single column is comma-delimited', () => {
    expect(sniffDelimiter('ID')).toBe(',');
    expect(sniffDelimiter('')).toBe(',');
  });

  it('reads only the first line', () => {
    expect(sniffDelimiter('a;b\nc,d,e,f')).toBe(';');
  });

  it('counts Bitrix24 quoted headers with a trailing ;', () => {
    expect(sniffDelimiter('"ID";"Название сделки";"Сумма, руб";')).toBe(';');
  });
});

describe('findHeaderLineEnd', () => {
  it('finds the first line break outside quotes', () => {
    expect(findHeaderLineEnd('a,b\nc')).toBe(3);
    expect(findHeaderLineEnd('a,b\r\nc')).toBe(3);
    expect(findHeaderLineEnd('"a\nb",c\nd')).toBe(7);
    expect(findHeaderLineEnd('a"b,c\nd')).toBe(5);
  });

  it('says when the line is not complete yet', () => {
    expect(findHeaderLineEnd('a,b')).toBe(-1);
    expect(findHeaderLineEnd('"a\nb')).toBe(-1);
    expect(findHeaderLineEnd('"a"')).toBe(-1);
  });
});

describe('detectTrailingDelimiter', () => {
  it('spots Bitrix24 lines ending in ;', () => {
    expect(detectTrailingDelimiter(['ID', 'Название', ''], [['1', 'Сделка', ''], ['2', 'Другая', '']])).toBe(true);
  });

  it('accepts a header-only file and rows without the extra field', () => {
    expect(detectTrailingDelimiter(['ID', 'Name', ''], [])).toBe(true);
    expect(detectTrailingDelimiter(['ID', 'Name', ''], [['1', 'x']])).toBe(true);
  });

  it('keeps an unnamed column that has values', () => {
    expect(detectTrailingDelimiter(['ID', 'Name', ''], [['1', 'x', ''], ['2', 'y', 'note']])).toBe(false);
  });

  it('needs an empty last header name', () => {
    expect(detectTrailingDelimiter(['ID', 'Name'], [['1', '']])).toBe(false);
    expect(detectTrailingDelimiter([''], [['']])).toBe(false);
    expect(detectTrailingDelimiter(['ID', ' '], [['1', '']])).toBe(true);
  });
});
