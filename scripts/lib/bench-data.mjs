// The benchmark's data sets: generated once per size by scripts/generate-bench.mjs (seeded), and
// again when the generator's version changes. Shared by scripts/bench.mjs and bench-big-deals.mjs.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const GENERATOR = join(ROOT, 'scripts', 'generate-bench.mjs');
const log = (m = '') => process.stderr.write(`${m}\n`);

/** The data set of `size` (`100k`, `1m`…), generated first when missing or stale: { dir, meta, kpi }. */
export async function ensureData(size) {
  const { currentMeta, defaultDir, parseSize } = await import(pathToFileURL(GENERATOR).href);
  const dir = defaultDir(size);
  let meta = currentMeta(dir, parseSize(size));
  if (!meta) {
    log(`bench: generating the ${size} data set (once; bench-data/ is git-ignored)…`);
    const r = spawnSync(process.execPath, [GENERATOR, '--size', size, '--force'], { stdio: ['ignore', 'inherit', 'inherit'], cwd: ROOT });
    if (r.status !== 0) throw new Error(`generating ${size} failed`);
    meta = currentMeta(dir, parseSize(size));
  }
  return { dir, meta, kpi: join(dir, 'kpi.yaml') };
}
