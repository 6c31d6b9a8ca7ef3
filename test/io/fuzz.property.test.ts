// Fuzzing the reader and the config loader (issue "bad input"): random CSV bytes (quotes,
// delimiters, line breaks, BOMs, invalid UTF-8, cp1251 letters) and random config text. Whatever
// comes in, dealpulse must end with data or with one of its own errors — never a crash, never a
// hang — and every row read must be either used or reported.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfigText, type Config } from '../../src/config/load-config.js';
import { loadDataset } from '../../src/io/load-dataset.js';
import { DealpulseError } from '../../src/model/errors.js';

const dir = mkdtempSync(path.join(tmpdir(), 'dealpulse-fuzz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Pieces real exports are made of, plus the bytes that break naive readers.
const PIECES: Uint8Array[] = [
  ',', ';', '\t', '|', '"', '""', '\n', '\r\n', '\r', ' ', 'D1', 'D2', 'Ivanova', 'Иванова',
  '2025-03-01 10:00', '01.03.2025', '1 250,50', '(500)', '=SUM(A1)', 'не закрыта', 'Won', '',
].map((s) => new TextEncoder().encode(s));
const RAW_BYTES = [[0xef, 0xbb, 0xbf], [0xff, 0xfe], [0xc8, 0xe2, 0xe0], [0x98], [0x00], [0xc3], [0xa0]].map((b) => Uint8Array.from(b));

const DELIMITERS = [',', ';', '\t', '|'] as const;

/** A file whose header matches its delimiter (or, now and then, a broken header) and a random body. */
const csvCase = fc
  .tuple(
    fc.constantFrom(...DELIMITERS),
    fc.constantFrom('', '\ufeff'),
    fc.integer({ min: 1, max: 10 }).map((n) => n === 1),
    fc.array(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...PIECES) }, { weight: 1, arbitrary: fc.constantFrom(...RAW_BYTES) }), { maxLength: 120 }),
    fc.constantFrom('auto', 'auto', 'auto', 'auto', 'auto', 'utf-8', 'windows-1251', 'utf-16le'),
    fc.boolean(),
  )
  .map(([d, bom, brokenHeader, parts, encoding, sniff]) => {
    const header = brokenHeader ? 'id,manager' : ['id', 'manager', 'created_at', 'amount'].join(d);
    const bytes = Buffer.concat([Buffer.from(`${bom}${header}\n`), ...parts.map((p) => Buffer.from(p))]);
    return { bytes, encoding, delimiter: sniff ? 'auto' : d === '\t' ? 'tab' : d };
  });

function configFor(file: string, encoding: string, delimiter: string): Config {
  const text = `timezone: Europe/Moscow\ncurrency: RUB\ndata:\n  deals:\n    path: ${JSON.stringify(file)}\n    encoding: ${encoding}\n    delimiter: ${JSON.stringify(delimiter)}\n`;
  return { ...parseConfigText(text, 'kpi.yaml'), configPath: path.join(dir, 'kpi.yaml'), sha256: '' };
}

describe('reader fuzzing', () => {
  it('ends with data or a dealpulse error, and accounts for every row', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(csvCase, async ({ bytes, encoding, delimiter }) => {
          const file = `f${n++}.csv`;
          writeFileSync(path.join(dir, file), bytes);
          const started = Date.now();
          try {
            const data = await loadDataset(configFor(file, encoding, delimiter), { cwd: dir, asOf: new Date('2026-01-01T00:00:00Z') });
            const stats = data.files[0]!;
            expect(stats.rowsRead).toBe(stats.rowsUsed + stats.rowsSkipped);
            expect(data.deals.length).toBe(stats.rowsUsed);
            expect(data.diagnostics.filter((d) => d.action === 'skipped').length).toBe(stats.rowsSkipped);
          } catch (err) {
            if (!(err instanceof DealpulseError)) throw err;
            expect(err.message).toMatch(new RegExp(`${file}|kpi\\.yaml`));
          }
          expect(Date.now() - started).toBeLessThan(2000);
      }),
      { numRuns: 300 },
    );
  });
});

describe('config fuzzing', () => {
  const yamlPieces = ['timezone: UTC', 'data:', '  deals:', '    path: d.csv', 'commission:', '  plans:', '- a', '&a [1]', '*a', '!tag x', '%YAML 1.1', '---', '{', '}', '[', ']', 'key: "unterminated', '\t', ':', 'x: 1', 'x: 1'];
  it('parses or refuses with a ConfigError, never anything else', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom(...yamlPieces), fc.string({ maxLength: 12 })), { maxLength: 30 }), (parts) => {
        const text = parts.join('\n');
        const started = Date.now();
        try {
          parseConfigText(text, 'kpi.yaml');
        } catch (err) {
          if (!(err instanceof DealpulseError)) throw err;
          expect(err.message.startsWith('kpi.yaml')).toBe(true);
        }
        expect(Date.now() - started).toBeLessThan(2000);
      }),
      { numRuns: 500 },
    );
  });
});
