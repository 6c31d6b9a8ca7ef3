// A command that only counts (conversion, funnel) reads the deals file with `countingOnly`: margins,
// expected close dates and activity dates are checked without being made into values
// (cells.ts checkAmount / checkInstant / checkLocalDate). Every row must still be kept or skipped
// exactly as a whole read keeps or skips it, for the same reason, with the same warnings — and a
// cell that cannot be read leaves the deal kept, the cell empty, in both.
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { loadDataset, type Dataset } from '../../src/io/load-dataset.js';
import { carefully } from '../support/careful.js';
import { makeTmp } from './csv/helpers.js';

const tmp = makeTmp('counting-only');
afterAll(() => tmp.cleanup());

const AS_OF = new Date('2026-01-01T00:00:00Z');

// Margin, expected close and last activity in plain forms, other readable forms, words for "no
// date" and unreadable text; each bad cell alone on its row.
const DEALS = [
  'id,manager,stage,amount,margin,created_at,closed_at,expected_close_at,last_activity_at',
  '1,Anna,Won,100,40,2025-03-01 10:00,2025-03-05 12:00,2025-03-10,2025-03-05 12:00',
  '2,Anna,Talks,100,"1 234,5",2025-03-01,,2025-03-10T09:00:00+03:00,2025-03-05T12:00:00Z',
  '3,Boris,Talks,100,40,2025-03-01,,не указана,-',
  '4,Boris,Talks,100,forty,2025-03-01,,2025-03-10,2025-03-05',
  '5,Boris,Talks,100,40,2025-03-01,,2025-02-30,2025-03-05',
  '6,Boris,Talks,100,40,2025-03-01,,2025-03-10,2025-13-05 10:00',
  '8,Anna,Lost,100,-5,2025-03-01,2025-03-02,2025-03-10 09:30,2025-03-04 24:00',
  '9,Anna,Won,100,,2025-03-01,2025-03-02,"2025-03-10",n/a',
].join('\n');

async function read(countingOnly: boolean, deals = DEALS): Promise<Dataset> {
  tmp.write('deals.csv', `${deals}\n`);
  const config = tmp.write('kpi.yaml', 'timezone: Europe/Moscow\ncurrency: RUB\ndata:\n  deals: { path: deals.csv }\npipelines:\n  default: { stages: [Talks], won: [Won], lost: [Lost] }\n');
  return loadDataset(await loadConfig(config, tmp.dir), { cwd: tmp.dir, asOf: AS_OF, countingOnly });
}

describe('a counting read checks the cells it does not keep as a whole read does', () => {
  it('keeps and skips the same rows, for the same reasons, fast paths on and off', async () => {
    // Rows with a quote are read as records, the others as plain lines: both ways are covered.
    for (const way of [(f: () => Promise<Dataset>) => f(), carefully]) {
      const counting = await way(() => read(true));
      const whole = await way(() => read(false));
      expect(counting.diagnostics).toEqual(whole.diagnostics);
      expect(counting.files).toEqual(whole.files);
      expect(counting.deals.map((d) => [d.id, d.status, d.amount?.toString(), d.closedAt?.getTime()])).toEqual(
        whole.deals.map((d) => [d.id, d.status, d.amount?.toString(), d.closedAt?.getTime()]),
      );
    }
    const whole = await read(false);
    expect(whole.diagnostics.filter((d) => d.action === 'skipped')).toEqual([]);
    expect(whole.diagnostics.filter((d) => d.code === 'unreadable-cell').map((d) => [d.line, d.field])).toEqual(UNREADABLE);
    expect(whole.deals.map((d) => d.id)).toEqual(['1', '2', '3', '4', '5', '6', '8', '9']);
    // Left empty: deal 4's margin, 5's expected close date, 6's and 8's last activity (and 8's
    // negative margin is a margin, kept as it is).
    const deal = (id: string) => whole.deals.find((d) => d.id === id)!;
    expect([deal('4').margin, deal('5').expectedCloseAt, deal('6').lastActivityAt, deal('8').lastActivityAt]).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('keeps alike a deal whose margin is in another currency: counted, its amounts left out, said on its line', async () => {
    const deals = `${DEALS}\n7,Anna,Lost,100,40 USD,2025-03-01,2025-03-02,,`;
    const counting = await read(true, deals);
    const whole = await read(false, deals);
    for (const data of [counting, whole]) {
      const deal = data.deals.find((d) => d.id === '7')!;
      expect([deal.amount, deal.foreignCurrency]).toEqual([undefined, 'USD']);
      expect(data.diagnostics).toContainEqual(expect.objectContaining({ line: 10, action: 'kept', reason: expect.stringContaining('the amount is in USD') }));
    }
    expect(counting.diagnostics).toEqual(whole.diagnostics);
  });
});

// line, field of the cells left empty: margin "forty", 30 February, month 13, 24:00.
const UNREADABLE = [
  [5, 'margin'],
  [6, 'expected_close_at'],
  [7, 'last_activity_at'],
  [8, 'last_activity_at'],
];
