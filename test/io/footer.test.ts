// Report footers (Salesforce: `Grand Totals (N records)`, the confidentiality and copyright lines,
// the blank lines before them) are ignored and counted as footer lines — but only at the end of the
// file: a footer-looking row with data after it is a bad row like any other.
import { afterAll, describe, expect, it } from 'vitest';
import { presets } from '../../src/io/presets/index.js';
import type { FilePreset } from '../../src/io/presets/preset.js';
import { readTable } from '../../src/io/read-table.js';
import { makeTmp } from './csv/helpers.js';

const tmp = makeTmp('footer');
afterAll(() => tmp.cleanup());

const salesforce = presets['salesforce']!.deals;
const HEADER = '"Opportunity Owner","Opportunity Name","Opportunity ID","Stage","Amount","Created Date"';
const row = (n: number) => `"Alice Smith","Deal ${n}","OPP${n}","Prospecting","10,000","3/${n}/2025"`;
const FOOTER = ['', '""', '"Grand Totals (3 records)"', '', '"Confidential Information - Do Not Distribute"', '"Copyright (c) 2000-2025 salesforce.com, inc. All rights reserved."'];

async function readLines(lines: string[], preset: FilePreset = salesforce, explicit: Record<string, string> = {}) {
  const p = tmp.write(`f${Math.random().toString(36).slice(2)}.csv`, `${lines.join('\n')}\n`);
  return readTable(
    { path: p, display: 'report.csv', encoding: 'auto', delimiter: 'auto', explicit, preset, required: ['id'] },
    (r) => r.required('id'),
  );
}

describe('report footers', () => {
  it('at the end of the file: ignored, counted as footer lines, not rows', async () => {
    const r = await readLines([HEADER, row(1), row(2), row(3), ...FOOTER]);
    expect(r.records).toEqual(['OPP1', 'OPP2', 'OPP3']);
    expect(r.stats).toMatchObject({ rowsRead: 3, rowsUsed: 3, rowsSkipped: 0, blankLines: 0, footerLines: 6 });
    expect(r.diagnostics).toEqual([]);
    expect(r.stats.notes).toEqual([
      'report.csv: lines 5–10 are the report\'s footer ("Grand Totals (3 records)", "Confidential Information - Do Not Distribute", "Copyright (c) 2000-2025 salesforce.com, inc. All rights reserved."): ignored, not data',
    ]);
  });

  it('a Grand Totals row that carries the total amount is still the footer', async () => {
    const r = await readLines([HEADER, row(1), '"Grand Totals (1 record)","","","","10,000",""']);
    expect(r.stats).toMatchObject({ rowsRead: 1, footerLines: 1 });
  });

  it('in the middle of the file: a bad row, with data rows after it still read', async () => {
    const r = await readLines([HEADER, row(1), '"Grand Totals (1 records)"', row(2), ...FOOTER]);
    expect(r.records).toEqual(['OPP1', 'OPP2']);
    expect(r.stats).toMatchObject({ rowsRead: 3, rowsUsed: 2, rowsSkipped: 1, footerLines: 6 });
    expect(r.diagnostics).toEqual([
      {
        file: 'report.csv',
        line: 3,
        reason: '"Grand Totals (1 records)" looks like a report footer, but data rows follow it: a footer belongs at the end of the file',
        action: 'skipped',
      },
    ]);
  });

  it('blank lines between data rows stay blank lines; trailing blanks without a footer too', async () => {
    const r = await readLines([HEADER, row(1), '', row(2), '', '']);
    expect(r.stats).toMatchObject({ rowsRead: 5, rowsUsed: 2, rowsSkipped: 3, blankLines: 3, footerLines: 0 });
  });

  it('a preset without footer patterns reads the same lines as bad rows', async () => {
    const r = await readLines([HEADER, row(1), ...FOOTER], presets['generic']!.deals, { id: 'Opportunity ID' });
    expect(r.stats.footerLines).toBe(0);
    expect(r.diagnostics.map((d) => d.reason)).toContain('expected 6 fields, found 1');
  });
});
