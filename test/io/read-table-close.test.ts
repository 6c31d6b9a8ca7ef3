// A file that cannot be read (a required column missing) has been opened and its first chunks read
// before its columns are mapped: it must be closed before the error is said. A run that reads many
// files (a test suite, `init` trying exports) would otherwise keep a descriptor open per such file.
import { existsSync, readdirSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { openCsv } from '../../src/io/csv/csv-file.js';
import { loadDataset } from '../../src/io/load-dataset.js';
import { makeTmp } from './csv/helpers.js';

const tmp = makeTmp('read-table-close');
afterAll(() => tmp.cleanup());

const openDescriptors = () => readdirSync('/proc/self/fd').length;

describe('a file whose columns do not fit', () => {
  it.skipIf(!existsSync('/proc/self/fd'))('is closed when its read stops', async () => {
    // Longer than the two blocks a reader reads ahead (3.3 MB), so that it is inside the file when
    // the read stops; few reads, so that no garbage collection closes a forgotten descriptor.
    tmp.write('deals.csv', `id,manager,amount\n${'1,Anna,100\n'.repeat(300_000)}`);
    const config = await loadConfig(tmp.write('kpi.yaml', 'timezone: Europe/Moscow\ndata:\n  deals: { path: deals.csv }\n'), tmp.dir);
    const before = openDescriptors();
    for (let i = 0; i < 5; i++) {
      await expect(loadDataset(config, { cwd: tmp.dir, asOf: new Date('2026-01-01') })).rejects.toThrow(/created_at/);
    }
    expect(openDescriptors()).toBeLessThanOrEqual(before + 1);
  });

  it.skipIf(!existsSync('/proc/self/fd'))('and a small file is closed once read, even when its reader is dropped', async () => {
    const path = tmp.write('small.csv', 'id,manager,created_at\n1,Anna,2025-03-01\n');
    const before = openDescriptors();
    for (let i = 0; i < 5; i++) expect((await openCsv(path)).header).toEqual(['id', 'manager', 'created_at']);
    expect(openDescriptors()).toBeLessThanOrEqual(before + 1);
  });
});
