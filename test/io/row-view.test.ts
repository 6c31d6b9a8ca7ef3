// What a row builder sees of a cell (RowView): the text trimmed of surrounding whitespace, and an
// empty or blank cell as missing. The reader skips trim() for cells that begin and end with a
// printable ASCII character; this checks that the shortcut gives what trim() gives, on texts made
// of the characters where the two could differ (spaces, tabs, NBSP, a BOM, line breaks, Cyrillic).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RowView } from '../../src/io/read-table.js';

const mapping = { fields: new Map([['title', 0]]), custom: new Map<string, number>(), notes: [] };

describe('RowView cells', () => {
  it('are the trimmed text, or missing when blank', () => {
    const piece = fc.constantFrom(' ', '\t', '\u00a0', '\ufeff', '\u2003', '\n', '\r', 'a', 'Z', '~', '!', '0', 'ж', 'Ё', '"', '\u007f', '\u0080', '');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }), (pieces) => {
        const text = pieces.join('');
        const row = new RowView('f.csv', ['title'], mapping);
        row.reset(2, [text]);
        const trimmed = text.trim();
        expect(row.text('title')).toBe(trimmed === '' ? undefined : trimmed);
      }),
      { numRuns: 20_000 },
    );
  });
});
