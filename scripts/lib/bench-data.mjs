// The benchmark's data sets: bench-data/<shape>/<size>/, generated once per shape and size by
// scripts/generate-bench.mjs (seeded; the shapes other than `bench` are bench's deals re-written by
// scripts/lib/shapes.mjs), and again when a generator's version changes. Shared by scripts/bench.mjs
// and bench-big-deals.mjs.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { currentShapeMeta, shapeFiles } from './shapes.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const GENERATOR = join(ROOT, 'scripts', 'generate-bench.mjs');
const log = (m = '') => process.stderr.write(`${m}\n`);

/**
 * The data set of `size` (`200k`, `1m`…) in `shape`, generated first when missing or stale:
 * { dir, meta, kpi, files } (files: shapes.mjs `shapeFiles`). The generator runs as a child process,
 * so that its memory (a shuffle holds a whole file) is not the bench's.
 */
export async function ensureData(size, shape = 'bench') {
  const { currentMeta, defaultDir, parseSize } = await import(pathToFileURL(GENERATOR).href);
  const deals = parseSize(size);
  const dir = defaultDir(size, shape);
  const current = () => {
    const bench = currentMeta(defaultDir(size), deals);
    if (!bench) return undefined;
    return shape === 'bench' ? bench : currentShapeMeta(dir, shape, bench);
  };
  let meta = current();
  if (!meta) {
    log(`bench: generating the ${shape} ${size} data set (once; bench-data/ is git-ignored)…`);
    const r = spawnSync(process.execPath, [GENERATOR, '--size', size, '--shape', shape, '--force'], { stdio: ['ignore', 'inherit', 'inherit'], cwd: ROOT });
    if (r.status !== 0) throw new Error(`generating ${shape} ${size} failed`);
    meta = current();
    if (!meta) throw new Error(`generating ${shape} ${size}: the data set is still not complete`);
  }
  const files = shapeFiles(shape, dir);
  return { dir, meta, kpi: files.kpi, files, shape };
}
