// RepeatedCells (read-table.ts): the fast rows' way to read cells that repeat on every line. It must
// give what `cell` gives, and pass every new text through the reader's interner — a value cut from
// a chunk of text and kept as it is would hold the whole chunk in memory (a review measured a third
// more heap on an export with 150 long manager names before the values went through it).
import { describe, expect, it } from 'vitest';
import { cell, RepeatedCells } from '../../src/io/read-table.js';

/** An interner that records what it was given. */
function spy(): { seen: (string | undefined)[]; intern: (t: string | undefined) => string | undefined } {
  const seen: (string | undefined)[] = [];
  return { seen, intern: (t) => (seen.push(t), t) };
}

describe('RepeatedCells', () => {
  it('gives what cell gives, and interns each text once it is known', () => {
    const { seen, intern } = spy();
    const cells = new RepeatedCells({ intern });
    const line = 'Anna,  Boris ,Anna,,Anna,\u00a0Вера\u00a0';
    const at = (start: number, end: number) => cells.at(line, start, end);
    const bounds: Array<[number, number]> = [[0, 4], [5, 13], [14, 18], [19, 19], [20, 24], [25, 31]];
    for (const [start, end] of bounds) expect(at(start, end)).toBe(cell(line.slice(start, end)));
    // "Anna" interned once (then recognised in place), the padded texts once each (recognised as
    // they are in the text); the empty cell is undefined and passed on as such.
    expect(seen).toEqual(['Anna', 'Boris', undefined, 'Вера']);
    expect(at(0, 4)).toBe('Anna');
    expect(at(5, 13)).toBe('Boris');
    expect(seen).toHaveLength(4);
  });

  it('on byte text, recognises a cell by its bytes and gives its decoded value, trimmed after decoding', () => {
    const { seen, intern } = spy();
    const utf8 = (raw: string) => Buffer.from(raw, 'latin1').toString('utf8');
    const cells = new RepeatedCells({ intern, cellText: utf8 });
    // Р is D0 A0 in UTF-8: as byte text the name ends with the byte of a no-break space, which
    // must not be trimmed; the real no-break spaces around the second name must be.
    const names = ['ЛАВРОВ ПЁТР', '\u00a0Зуева Анна\u00a0', 'Anna'];
    const line = Buffer.from(names.join(','), 'utf8').toString('latin1');
    const bounds: Array<[number, number]> = [];
    for (let at = 0; at <= line.length; ) {
      const end = line.indexOf(',', at) < 0 ? line.length : line.indexOf(',', at);
      bounds.push([at, end]);
      at = end + 1;
    }
    const values = bounds.map(([start, end]) => cells.at(line, start, end));
    expect(values).toEqual(['ЛАВРОВ ПЁТР', 'Зуева Анна', 'Anna']);
    expect(bounds.map(([start, end]) => cells.at(line, start, end))).toEqual(values);
    expect(seen).toEqual(['ЛАВРОВ ПЁТР', 'Зуева Анна', 'Anna']);
  });

  it('keeps at most `limit` texts, and long ones not at all: the others go through the interner every time', () => {
    const { seen, intern } = spy();
    const cells = new RepeatedCells({ intern, limit: 2 });
    const line = `a,b,c,c,${'x'.repeat(300)},${'x'.repeat(300)}`;
    const bounds: Array<[number, number]> = [[0, 1], [2, 3], [4, 5], [6, 7], [8, 308], [309, 609]];
    expect(bounds.map(([s, e]) => cells.at(line, s, e))).toEqual(['a', 'b', 'c', 'c', 'x'.repeat(300), 'x'.repeat(300)]);
    expect(seen).toEqual(['a', 'b', 'c', 'c', 'x'.repeat(300), 'x'.repeat(300)]);
    expect(cells.at(line, 0, 1)).toBe('a');
    expect(seen).toHaveLength(6);
  });

  it('tells apart texts that start their probe in the same slot', () => {
    const { seen, intern } = spy();
    const cells = new RepeatedCells({ intern });
    // 8 characters, the same first, middle and last: one slot for all, each found past the others.
    const names = Array.from({ length: 40 }, (_, k) => `M${String(k).padStart(2, '0')}xMabM`);
    const line = names.join(';');
    const bounds = names.map((_, k) => [9 * k, 9 * k + 8] as const);
    for (let round = 0; round < 3; round++) expect(bounds.map(([s, e]) => cells.at(line, s, e))).toEqual(names);
    expect(seen).toEqual(names);
    // A text of the same length and characters at those places that it has not seen is not one of them.
    expect(cells.at('M99xMabM', 0, 8)).toBe('M99xMabM');
    expect(seen).toHaveLength(41);
  });
});

