// A file that ends exactly at line 1,048,576 — a spreadsheet's last row — was probably cut by a
// re-save in Excel: it is read, and the user is warned that rows may be missing.
import { mkdtempSync, rmSync, writeFileSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';

const LIMIT = 1_048_576;
const dir = mkdtempSync(path.join(tmpdir(), 'dealpulse-excel-limit-'));

beforeAll(async () => {
  writeFileSync(path.join(dir, 'kpi.yaml'), 'timezone: UTC\ncurrency: RUB\ndata:\n  deals:\n    path: deals.csv\n');
  const out = createWriteStream(path.join(dir, 'deals.csv'));
  out.write('id,manager,created_at\n');
  let chunk = '';
  for (let i = 1; i < LIMIT; i++) {
    chunk += `D${i},M${i % 7},2025-03-01\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("a file cut at a spreadsheet's row limit", () => {
  it('is read in full and warned about', () => {
    const r = runCli(['doctor', '--format', 'json'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { summary: { rows_read: number; rows_used: number }; warnings: Array<{ line: number; reason: string; action: string }> };
    expect(out.summary.rows_read).toBe(LIMIT - 1);
    expect(out.summary.rows_used).toBe(LIMIT - 1);
    expect(out.warnings).toContainEqual(expect.objectContaining({ line: LIMIT, action: 'kept' }));
    expect(out.warnings.find((w) => w.line === LIMIT)?.reason).toContain('may have been truncated by a spreadsheet');
  }, 60_000);
});
