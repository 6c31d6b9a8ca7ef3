// The words database dumps and spreadsheets write for "no value" (`\N`, `NULL`, `#N/A`, `N/A`) are
// missing cells in every field, never values, read alike the fast and the careful way (issue 24,
// item 6: `\N` as an expected close date lost 99 % of a vTiger dump).
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { loadDataset } from '../../src/io/load-dataset.js';
import { cell } from '../../src/io/read-table.js';
import { carefully } from '../support/careful.js';
import { makeTmp } from './csv/helpers.js';

const tmp = makeTmp('null-words');
afterAll(() => tmp.cleanup());

describe('null words', () => {
  it('are missing cells, in any case, trimmed; other short texts are values', () => {
    for (const w of ['\\N', '\\n', 'NULL', 'null', 'Null', '#N/A', 'N/A', 'n/a', ' NULL ']) expect(cell(w), w).toBeUndefined();
    for (const w of ['N', 'No', 'NA', 'Nick', '#1', '\\', 'nul', 'NULLS']) expect(cell(w), w).toBe(w);
  });

  it('leave the deals they stand in read, the same every way', async () => {
    tmp.write(
      'deals.csv',
      [
        'id,manager,stage,amount,created_at,closed_at,expected_close_at,source',
        '1,Anna,Won,100,2025-03-01 10:00,2025-03-05 12:00,\\N,NULL',
        '2,NULL,Talks,#N/A,2025-03-02 10:00,\\N,2025-04-01,web',
        '3,Boris,Talks,N/A,2025-03-03 10:00,NULL,#N/A,\\N',
      ].join('\n') + '\n',
    );
    const config = tmp.write('kpi.yaml', 'timezone: UTC\ncurrency: RUB\ndata:\n  deals: { path: deals.csv }\npipelines:\n  default: { stages: [Talks], won: [Won], lost: [] }\n');
    const read = async (countingOnly: boolean) => loadDataset(await loadConfig(config, tmp.dir), { cwd: tmp.dir, asOf: new Date('2025-12-31T00:00:00Z'), countingOnly });
    const ways = [await read(false), await read(true), await carefully(() => read(false)), await carefully(() => read(true))];
    const shown = (d: (typeof ways)[number]) => ({ deals: d.deals.map((x) => [x.id, x.manager, x.status, x.amount?.toString(), x.closedAt?.toISOString(), x.source]), diagnostics: d.diagnostics, files: d.files });
    for (const w of ways.slice(1)) expect(shown(w)).toEqual(shown(ways[0]!));
    const whole = ways[0]!;
    expect(whole.files[0]).toMatchObject({ rowsRead: 3, rowsUsed: 3, rowsSkipped: 0 });
    expect(whole.deals.map((d) => [d.id, d.manager, d.amount?.toString(), d.expectedCloseAt, d.source])).toEqual([
      ['1', 'Anna', '100', undefined, undefined],
      ['2', '(none)', undefined, '2025-04-01', 'web'],
      ['3', 'Boris', undefined, undefined, undefined],
    ]);
  });
});
