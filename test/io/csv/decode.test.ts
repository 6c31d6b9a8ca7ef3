import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../../src/model/errors.js';
import {
  decodeBytes,
  decodeFile,
  decodeFilePart,
  findInvalidUtf8,
  looksLikeWindows1251,
  looksLikeWindows1252,
  sniffEncoding,
  type CsvEncoding,
} from '../../../src/io/csv/decode.js';
import { PartBoundary } from '../../../src/io/csv/tokenizer.js';
import { asyncOf, collect, encodeCp1251, makeTmp } from './helpers.js';

const tmp = makeTmp('decode');
afterAll(() => tmp.cleanup());

const RU = 'ID;Название сделки;Бюджет;Ответственный\r\n1;Сделка «Ёлка» — №5;15000;Иванова\r\n';

async function readAll(path: string, encoding: CsvEncoding = 'auto', highWaterMark?: number) {
  const decoded = await decodeFile(path, 'in.csv', encoding, { highWaterMark });
  const text = (await collect(decoded.chunks)).join('');
  return { encoding: decoded.encoding, detectedBy: decoded.detectedBy, bom: decoded.bom, text };
}

async function failure(promise: Promise<unknown>): Promise<InputError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return err as InputError;
  }
  throw new Error('expected an InputError');
}

describe('auto detection', () => {
  it('reads UTF-8 without a BOM', async () => {
    const path = tmp.write('utf8.csv', Buffer.from(RU, 'utf8'));
    expect(await readAll(path)).toEqual({ encoding: 'utf-8', detectedBy: 'content', bom: false, text: RU });
  });

  it('reads UTF-8 with a BOM and strips it', async () => {
    const path = tmp.write('utf8-bom.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(RU, 'utf8')]));
    expect(await readAll(path)).toEqual({ encoding: 'utf-8', detectedBy: 'bom', bom: true, text: RU });
  });

  it('reads a UTF-16LE tab file with a BOM (an Excel re-save)', async () => {
    const text = RU.replaceAll(';', '\t');
    const path = tmp.write('utf16le.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    expect(await readAll(path)).toEqual({ encoding: 'utf-16le', detectedBy: 'bom', bom: true, text });
  });

  it('reads UTF-16BE with a BOM', async () => {
    const body = Buffer.from(RU, 'utf16le').swap16();
    const path = tmp.write('utf16be.csv', Buffer.concat([Buffer.from([0xfe, 0xff]), body]));
    expect(await readAll(path)).toEqual({ encoding: 'utf-16be', detectedBy: 'bom', bom: true, text: RU });
  });

  it('reads UTF-16LE in chunks of odd sizes', async () => {
    const path = tmp.write('utf16le-odd.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${RU}😀`, 'utf16le')]));
    for (const hwm of [1, 3, 5]) expect((await readAll(path, 'auto', hwm)).text).toBe(`${RU}😀`);
  });

  it('recognises UTF-16 without a BOM by its NUL bytes', () => {
    expect(sniffEncoding(Buffer.from(RU, 'utf16le'), true)).toEqual({ encoding: 'utf-16le' });
    expect(sniffEncoding(Buffer.from(RU, 'utf16le').swap16(), true)).toEqual({ encoding: 'utf-16be' });
  });

  it('reads Windows-1251 without a BOM', async () => {
    const path = tmp.write('cp1251.csv', encodeCp1251(RU));
    expect(await readAll(path)).toEqual({ encoding: 'windows-1251', detectedBy: 'content', bom: false, text: RU });
  });

  it('reads Windows-1251 in tiny chunks', async () => {
    const path = tmp.write('cp1251-small.csv', encodeCp1251(RU));
    const decoded = await decodeFile(path, 'in.csv', 'auto', { highWaterMark: 3, sniffBytes: 64 });
    expect(decoded.encoding).toBe('windows-1251');
    expect((await collect(decoded.chunks)).join('')).toBe(RU);
  });

  it('refuses bytes that are neither UTF-8 nor Windows-1251, naming the first invalid byte', async () => {
    // 0x00 is valid UTF-8; 0x9F cannot start a UTF-8 sequence; NUL and 0x98 rule out cp1251 text.
    const bytes = Buffer.concat([Buffer.from('ID,Name\n', 'ascii'), Buffer.from([0x00, 0x9f, 0x98, 0xff, 0x01, 0xc3])]);
    const path = tmp.write('binary.bin', bytes);
    const err = await failure(readAll(path));
    expect(err.message).toBe(
      'in.csv: the file is neither UTF-8 nor Windows-1251 nor Windows-1252: invalid byte 0x9F at offset 9; set `encoding:` for this file',
    );
  });

  it('refuses random binary data', async () => {
    let seed = 12345;
    const bytes = Buffer.alloc(4096);
    for (let i = 0; i < bytes.length; i++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      bytes[i] = seed >>> 24;
    }
    const path = tmp.write('random.bin', bytes);
    const err = await failure(readAll(path));
    expect(err.message).toMatch(/neither UTF-8 nor Windows-1251 nor Windows-1252: invalid byte 0x[0-9A-F]{2} at offset \d+;/);
    const offset = Number(/offset (\d+)/.exec(err.message)![1]);
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, offset))).not.toThrow();
  });

  it('says when a file is an Excel workbook', async () => {
    const path = tmp.write('deals.xlsx', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0xff]));
    expect((await failure(readAll(path))).message).toContain('Excel workbook (XLSX/ZIP), not a CSV file');
  });
});

describe('UTF-8 errors name the byte offset', () => {
  it('cp1251 file read as UTF-8 by mistake', async () => {
    const bytes = encodeCp1251(RU);
    const path = tmp.write('cp1251-as-utf8.csv', bytes);
    const err = await failure(readAll(path, 'utf-8'));
    // "ID;" is 3 bytes; "Н" (0xCD) is the first non-ASCII byte.
    expect(err.message).toBe(
      'in.csv: invalid UTF-8: invalid byte 0xCD at offset 3 (the file is read as UTF-8 because `encoding: utf-8` is set); ' +
        'the file may be Windows-1251 (Cyrillic) or Windows-1252 (Western European): set `encoding: windows-1251` or `encoding: windows-1252` for this file',
    );
  });

  it('an auto-detected UTF-8 file with cp1251 bytes further on fails with the offset, in any chunking', async () => {
    const ascii = 'id,name\n'.repeat(20); // 160 bytes of ASCII: sniffed as UTF-8
    const bytes = Buffer.concat([Buffer.from(`${ascii}1,Ж`, 'utf8'), encodeCp1251('2,Иван\n')]);
    const expected = Buffer.byteLength(`${ascii}1,Ж`) + 2;
    const path = tmp.write('late-cp1251.csv', bytes);
    // The sniff reads whole chunks, so keep the cp1251 bytes beyond the first chunk.
    for (const hwm of [1, 2, 3, 7, 64]) {
      const decoded = await decodeFile(path, 'in.csv', 'auto', { highWaterMark: hwm, sniffBytes: 16 });
      expect(decoded.encoding).toBe('utf-8');
      const err = await failure(collect(decoded.chunks));
      expect(err.message, `highWaterMark ${hwm}`).toContain(`invalid byte 0xC8 at offset ${expected} `);
      expect(err.message).toContain('because its beginning is valid UTF-8');
      expect(err.message).toContain('set `encoding: windows-1251`');
    }
  });

  it('reports a sequence broken across a chunk boundary at its first byte', async () => {
    const bytes = Buffer.concat([Buffer.from('abc', 'ascii'), Buffer.from([0xe2, 0x82, 0x41]), Buffer.from('xyz')]);
    const path = tmp.write('broken-seq.csv', bytes);
    for (const hwm of [1, 2, 3, 4, 5, 8]) {
      const err = await failure(readAll(path, 'utf-8', hwm));
      expect(err.message, `highWaterMark ${hwm}`).toContain('invalid byte 0xE2 at offset 3 ');
    }
  });

  it('reports a character cut off by the end of the file', async () => {
    const bytes = Buffer.concat([Buffer.from('a,b\n', 'ascii'), Buffer.from([0xf0, 0x9f, 0x98])]);
    const path = tmp.write('truncated.csv', bytes);
    for (const hwm of [1, 2, 5, 64]) {
      const err = await failure(readAll(path, 'utf-8', hwm));
      expect(err.message, `highWaterMark ${hwm}`).toContain('invalid byte 0xF0 at offset 4 ');
    }
  });

  it('hands out the text before an invalid byte first, then fails, in any chunking', async () => {
    // The rows before the byte are read (and their own errors come first), as far as the byte.
    const path = tmp.write('late-bad.csv', Buffer.concat([Buffer.from('a,b\nc,Жd\n'), Buffer.from([0xff]), Buffer.from('e,f\n')]));
    for (const hwm of [3, 5, 64]) {
      const decoded = await decodeFile(path, 'in.csv', 'utf-8', { highWaterMark: hwm });
      let text = '';
      const err = await failure(
        (async () => {
          for await (const chunk of decoded.chunks) text += chunk;
        })(),
      );
      expect(text, `highWaterMark ${hwm}`).toBe('a,b\nc,Жd\n');
      expect(err.message).toContain('invalid byte 0xFF at offset 10 ');
    }
  });

  it('counts the BOM in offsets', async () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('ab'), Buffer.from([0xff])]);
    const err = await failure(readAll(tmp.write('bom-bad.csv', bytes)));
    expect(err.message).toContain('invalid byte 0xFF at offset 5 (the file is read as UTF-8 because it starts with a UTF-8 byte-order mark)');
  });
});

describe('chunk boundaries', () => {
  it('decodes multi-byte UTF-8 characters split across chunks', async () => {
    const text = 'id,имя,сумма €\n1,Жёлудь 😀,5\n'.repeat(3);
    const path = tmp.write('split.csv', Buffer.from(text, 'utf8'));
    for (const hwm of [1, 2, 3, 5, 7, 13]) {
      const decoded = await decodeFile(path, 'in.csv', 'auto', { highWaterMark: hwm, sniffBytes: 4 });
      expect(decoded.encoding).toBe('utf-8');
      const chunks = await collect(decoded.chunks);
      expect(chunks.join(''), `highWaterMark ${hwm}`).toBe(text);
      expect(chunks.every((c) => c.length > 0)).toBe(true);
    }
  });

  // The tokenizer joins what a chunk leaves of a line to the next chunk, and a joined string is
  // slower to read: chunks end after a line feed when one is in their second half.
  const lines = Array.from({ length: 40 }, (_, i) => `${i},Сделка ${'ё'.repeat(i % 7)},${i * 1000}\r\n`).join('');

  it('ends a chunk after a line feed in its second half; the text is the same', async () => {
    const path = tmp.write('lines-utf8.csv', Buffer.from(lines, 'utf8'));
    for (const hwm of [64, 100, 256]) {
      const chunks = await collect((await decodeFile(path, 'in.csv', 'utf-8', { highWaterMark: hwm })).chunks);
      expect(chunks.join(''), `highWaterMark ${hwm}`).toBe(lines);
      // Every line is shorter than half a chunk, so every chunk but the last ends a line.
      expect(chunks.slice(0, -1).every((c) => c.endsWith('\r\n')), `highWaterMark ${hwm}`).toBe(true);
      expect(chunks.length, `highWaterMark ${hwm}`).toBeGreaterThan(Buffer.byteLength(lines) / hwm);
    }
  });

  it('cuts a chunk at its size when no line feed is in its second half', async () => {
    const long = `id,title\n1,${'x'.repeat(300)}\n2,y\n`;
    const path = tmp.write('long-line.csv', Buffer.from(long, 'utf8'));
    const chunks = await collect((await decodeFile(path, 'in.csv', 'utf-8', { highWaterMark: 64 })).chunks);
    expect(chunks.join('')).toBe(long);
    expect(chunks.slice(1, 4).map((c) => c.length)).toEqual([64, 64, 64]);
  });

  it('auto still sees two whole chunks before deciding, though chunks now end on a line feed', async () => {
    // 1000-byte lines: the first two chunks end at byte 98 000, and the first Cyrillic byte is at
    // 98 050 (the head was 2 × 48 KB = 98 304 bytes before chunks ended on line feeds).
    const ascii = Array.from({ length: 98 }, (_, i) => `${String(i).padStart(3, '0')},${'x'.repeat(995)}\n`).join('');
    const bytes = Buffer.concat([Buffer.from(ascii), encodeCp1251(`099,${'y'.repeat(46)}Сделка${'z'.repeat(943)}\n`)]);
    expect(bytes.indexOf(0xd1)).toBe(98_050);
    const decoded = await decodeFile(tmp.write('late-cyrillic.csv', bytes), 'in.csv', 'auto');
    expect(decoded.encoding).toBe('windows-1251');
    expect((await collect(decoded.chunks)).join('')).toContain('Сделка');
  });

  it('reads the same text from UTF-16 and windows-1251, whose cuts fall anywhere', async () => {
    for (const [encoding, bytes] of [
      ['utf-16le', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(lines, 'utf16le')])],
      ['windows-1251', encodeCp1251(lines)],
    ] as const) {
      const path = tmp.write(`lines-${encoding}.csv`, bytes);
      for (const hwm of [63, 64, 257]) {
        const chunks = await collect((await decodeFile(path, 'in.csv', encoding, { highWaterMark: hwm })).chunks);
        expect(chunks.join(''), `${encoding} highWaterMark ${hwm}`).toBe(lines);
      }
    }
  });
});

describe('declared encodings', () => {
  it('uses an explicit windows-1251 without sniffing', async () => {
    const path = tmp.write('declared-1251.csv', encodeCp1251(RU));
    expect(await readAll(path, 'windows-1251')).toEqual({ encoding: 'windows-1251', detectedBy: 'declared', bom: false, text: RU });
  });

  it('strips a BOM that matches the declared encoding', async () => {
    const path = tmp.write('declared-bom.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('a,b\n')]));
    expect(await readAll(path, 'utf-8')).toEqual({ encoding: 'utf-8', detectedBy: 'declared', bom: true, text: 'a,b\n' });
  });

  it('refuses a BOM that contradicts the declared encoding', async () => {
    const path = tmp.write('declared-wrong-bom.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a,b\n', 'utf16le')]));
    const err = await failure(readAll(path, 'utf-8'));
    expect(err.message).toBe(
      'in.csv: the file starts with a UTF-16LE byte-order mark but `encoding: utf-8` is set; set `encoding: utf-16le` (or `auto`) for this file',
    );
  });
});

describe('files', () => {
  it('an empty file decodes to no text', async () => {
    const path = tmp.write('empty.csv', '');
    expect(await readAll(path)).toEqual({ encoding: 'utf-8', detectedBy: 'content', bom: false, text: '' });
  });

  it('a missing file is an InputError', async () => {
    const err = await failure(readAll(`${tmp.dir}/nope.csv`));
    expect(err.message).toBe('in.csv: cannot read the file: no such file');
  });

  // Blocks of 1 MB are read into two buffers in turn, the next while the chunks of this one are
  // handed on: a file of several blocks, whole and in parts, in each encoding that cuts differently.
  it('reads a file of several blocks, whole and from any part, as it is', async () => {
    const text = Array.from({ length: 80_000 }, (_, i) => `${i},Сделка «${i % 97}» — ${'ё'.repeat(i % 11)},${i * 1000}\n`).join('');
    for (const [encoding, bytes] of [
      ['utf-8', Buffer.from(text, 'utf8')],
      ['windows-1251', encodeCp1251(text)],
      ['utf-16le', Buffer.from(text, 'utf16le')],
    ] as const) {
      expect(bytes.length, encoding).toBeGreaterThan(2.5 * 1024 * 1024);
      const path = tmp.write(`blocks-${encoding}.csv`, bytes);
      expect((await readAll(path, encoding)).text, encoding).toBe(text);
      // A part from a line start a little past the first block, to the end and to a later line start.
      const start = bytes.indexOf(0x0a, 1024 * 1024 + 100) + (encoding === 'utf-16le' ? 2 : 1);
      const end = bytes.indexOf(0x0a, 2 * 1024 * 1024 + 300) + (encoding === 'utf-16le' ? 2 : 1);
      const decoder = new TextDecoder(encoding);
      for (const range of [{ start }, { start, end }]) {
        const part = decodeFilePart(path, 'in.csv', encoding, 'declared', range);
        expect((await collect(part.chunks)).join(''), `${encoding} ${JSON.stringify(range)}`).toBe(decoder.decode(bytes.subarray(range.start, range.end)));
      }
    }
  });

  // Byte text (`bytes`): each byte one character, the fields decoded by `cellText`. A character cut
  // by the end of a 1 MB block is no error; the bytes are the file's, whole or from a part.
  it('reads a file of several blocks as byte text, whole and from any part, and cellText decodes its fields', async () => {
    const text = Array.from({ length: 80_000 }, (_, i) => `${i},Сделка «${i % 97}» — ${'ё'.repeat(i % 11)},${i * 1000}\n`).join('');
    for (const [encoding, bytes] of [
      ['utf-8', Buffer.from(text, 'utf8')],
      ['windows-1251', encodeCp1251(text)],
    ] as const) {
      const path = tmp.write(`byte-text-${encoding}.csv`, bytes);
      const whole = await decodeFile(path, 'in.csv', encoding, { bytes: true });
      expect((await collect(whole.chunks)).join('') === bytes.toString('latin1'), encoding).toBe(true);
      const start = bytes.indexOf(0x0a, 1024 * 1024 + 100) + 1;
      const part = decodeFilePart(path, 'in.csv', encoding, 'declared', { start }, true);
      const byteText = (await collect(part.chunks)).join('');
      expect(byteText === bytes.subarray(start).toString('latin1'), encoding).toBe(true);
      // Every field of every line, decoded alone, is the field of the decoded text.
      const expected = new TextDecoder(encoding).decode(bytes.subarray(start)).split(/[,\n]/);
      expect(byteText.split(/[,\n]/).map(part.cellText!), encoding).toEqual(expected);
    }
  });

  it('byte text: UTF-8 that is not valid, or a character cut by the end, is left to the careful read (PartBoundary)', async () => {
    const good = Buffer.from('1,Иванова\n2,Петров\n', 'utf8');
    for (const [name, bytes] of [
      ['an invalid byte', Buffer.concat([good, Buffer.from([0x33, 0x2c, 0xff, 0x0a])])],
      ['a character cut by the end', Buffer.concat([good, Buffer.from([0x33, 0x2c, 0xd0])])],
    ] as const) {
      const path = tmp.write(`byte-text-bad-${name.length}.csv`, bytes);
      const part = decodeFilePart(path, 'in.csv', 'utf-8', 'declared', { start: 0 }, true);
      await expect(collect(part.chunks), name).rejects.toBeInstanceOf(PartBoundary);
      // The same bytes read as text: the error says where.
      await expect(collect(decodeFilePart(path, 'in.csv', 'utf-8', 'declared', { start: 0 }).chunks), name).rejects.toBeInstanceOf(InputError);
    }
  });

  it('byte text only where a field can be decoded alone: not UTF-16', async () => {
    const path = tmp.write('byte-text-utf16.csv', Buffer.from('\ufeffa,б\n', 'utf16le'));
    const decoded = await decodeFile(path, 'in.csv', 'auto', { bytes: true });
    expect(decoded.cellText).toBeUndefined();
    expect((await collect(decoded.chunks)).join('')).toBe('a,б\n');
  });

  it('close() releases the file without reading it', async () => {
    const decoded = await decodeFile(tmp.write('close.csv', 'a\n'.repeat(1000)), 'in.csv', 'auto', { highWaterMark: 16, sniffBytes: 16 });
    await decoded.close();
    await decoded.close();
    expect(await collect(decoded.chunks)).toEqual([]);
  });
});

describe('byte-level helpers', () => {
  it('findInvalidUtf8 agrees with a fatal TextDecoder', () => {
    const interesting = fc.constantFrom(0x00, 0x41, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff);
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer({ min: 0, max: 255 }), interesting), { maxLength: 12 }), (arr) => {
        const bytes = Uint8Array.from(arr);
        let valid = true;
        try {
          new TextDecoder('utf-8', { fatal: true }).decode(bytes);
        } catch {
          valid = false;
        }
        const at = findInvalidUtf8(bytes, true);
        expect(at === -1).toBe(valid);
        if (at >= 0) {
          // Everything before the reported byte is well-formed.
          expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, at))).not.toThrow();
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('looksLikeWindows1251 accepts Russian text and rejects binary-looking bytes', () => {
    expect(looksLikeWindows1251(encodeCp1251(RU))).toBe(true);
    expect(looksLikeWindows1251(encodeCp1251('Сумма “с НДС” – 100 €'))).toBe(true);
    expect(looksLikeWindows1251(Buffer.from([0x41, 0x00, 0xc0]))).toBe(false);
    expect(looksLikeWindows1251(Buffer.from([0x41, 0x98, 0xc0]))).toBe(false);
    expect(looksLikeWindows1251(Buffer.from([0x80, 0x81, 0x82, 0x83, 0xc0]))).toBe(false);
  });

  it('tells Western European text (Windows-1252, ISO-8859-1) from Russian text (Windows-1251)', async () => {
    // Latin-1 bytes of a text: what a Western European Excel or a Salesforce data export writes.
    const latin1 = (text: string) => Buffer.from(text, 'latin1');
    const west = [
      'Id,Name,StageName,Amount\r\n1,Negociación con el cliente,Negociación/Revisión,1500\r\n2,Café Müller,Qualifizierung,200\r\n',
      'id;titre;étape;montant\n1;Société Générale;Négociation;1 500,00\n2;Crème brûlée;Proposition envoyée;12\n',
      'ID;Bezeichnung;Phase;Betrag\n1;Größe Straße;Verhandlung;1.500,00\n2;Müller GmbH;Abschluß;3\n',
      'id,título,fase,valor\n1,Negociação São Paulo,Proposta,100\n2,Ação,Ganho,5\n',
      'Deal,Owner,Stage\n1,Zoë Brontë,Qualified\n', // one accented letter in a whole header line and row
    ];
    for (const text of west) {
      const bytes = latin1(text);
      expect(sniffEncoding(bytes, true), text).toEqual({ encoding: 'windows-1252' });
      expect(looksLikeWindows1251(bytes) && !looksLikeWindows1252(bytes), text).toBe(false);
      const path = tmp.write(`west-${west.indexOf(text)}.csv`, bytes);
      const read = await readAll(path);
      expect(read.encoding).toBe('windows-1252');
      expect(read.text).toBe(text);
    }
    // Windows-1252's own letters and typography beyond Latin-1: € “ ” – Š.
    const euro = Buffer.concat([latin1('id;montant;note\n1;'), Buffer.from([0x80]), latin1(' 1500;'), Buffer.from([0x93]), latin1('payé'), Buffer.from([0x94, 0x96]), latin1('ok\n')]);
    expect(sniffEncoding(euro, true)).toEqual({ encoding: 'windows-1252' });
    // Russian text stays Windows-1251, even with a few Latin-looking bytes among its letters.
    for (const text of [RU, 'id;менеджер;сумма\n1;Петров П.;1 500\n', 'ID;Имя\n', 'id;stage\n1;Переговоры Café\n']) {
      expect(sniffEncoding(encodeCp1251(text.replace('é', 'e')), true), text).toEqual({ encoding: 'windows-1251' });
    }
    // Windows-1252 leaves five bytes undefined: a file with one is neither.
    expect(looksLikeWindows1252(Buffer.from([0x41, 0x81, 0xe9]))).toBe(false);
    expect(looksLikeWindows1252(Buffer.from([0x41, 0x00, 0xe9]))).toBe(false);
    // Declared, both names read the same bytes.
    const path = tmp.write('declared-latin.csv', latin1('a;b\n1;Négociation\n'));
    expect((await readAll(path, 'iso-8859-1')).text).toBe('a;b\n1;Négociation\n');
    expect((await readAll(path, 'windows-1252')).text).toBe('a;b\n1;Négociation\n');
  });

  it('decodeBytes works on any byte source', async () => {
    const decoded = await decodeBytes(asyncOf([encodeCp1251('ID;Имя\n')]), 'mem', 'auto');
    expect(decoded.encoding).toBe('windows-1251');
    expect((await collect(decoded.chunks)).join('')).toBe('ID;Имя\n');
  });
});
