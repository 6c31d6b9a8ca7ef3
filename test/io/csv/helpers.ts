// Shared bits for the CSV reader tests: a hand-written Windows-1251 encoder (so the tests do not
// lean on the decoder they check), temporary files, and chunk feeders.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CsvTokenizer, type CsvRecord } from '../../../src/io/csv/tokenizer.js';

const CP1251_EXTRA: Record<string, number> = {
  '\u00a0': 0xa0,
  Ё: 0xa8,
  ё: 0xb8,
  '№': 0xb9,
  '«': 0xab,
  '»': 0xbb,
  '—': 0x97,
  '–': 0x96,
  '“': 0x93,
  '”': 0x94,
  '€': 0x88,
};

/** Windows-1251 bytes of `text` (ASCII, А–я, Ё ё and a little typography). */
export function encodeCp1251(text: string): Buffer {
  const out: number[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x80) out.push(cp);
    else if (cp >= 0x0410 && cp <= 0x044f) out.push(cp - 0x0410 + 0xc0);
    else if (CP1251_EXTRA[ch] !== undefined) out.push(CP1251_EXTRA[ch]);
    else throw new Error(`no cp1251 byte for ${ch}`);
  }
  return Buffer.from(out);
}

/** A temporary folder with `write(name, data)`; call `cleanup()` in afterAll/afterEach. */
export function makeTmp(prefix: string): { dir: string; write(name: string, data: string | Uint8Array): string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), `dealpulse-${prefix}-`));
  return {
    dir,
    write(name, data) {
      const path = join(dir, name);
      writeFileSync(path, data);
      return path;
    },
    cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Tokenize text delivered in the given pieces (synchronously, through the public core). */
export function tokenizePieces(pieces: readonly string[], delimiter = ',', file = 'test.csv'): CsvRecord[] {
  const t = new CsvTokenizer({ delimiter, file });
  const out: CsvRecord[] = [];
  for (const p of pieces) out.push(...t.push(p));
  out.push(...t.end());
  return out;
}

/** `text` cut at the given indices. */
export function splitAt(text: string, cuts: readonly number[]): string[] {
  const pieces: string[] = [];
  let from = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    pieces.push(text.slice(from, cut));
    from = cut;
  }
  pieces.push(text.slice(from));
  return pieces;
}

export async function* asyncOf<T>(items: Iterable<T>): AsyncGenerator<T> {
  for (const item of items) yield item;
}

export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}
