// How bin/dealpulse.js loads the program: the bundle's `main.cjs` (scripts/bundle.mjs), compiled
// with a V8 code cache made when it was built. Without one, V8 compiles the program's 1.2 MB at
// every start and each function again the first time it runs — config, counting, rendering: ≈ 0.05 s
// of every run, short or long, in a tool that cron jobs start again and again. With the cache those
// functions come compiled (docs/PERFORMANCE.md, "Ninth round").
//
// The cache is only ever compiled code of this very program, where it was built: its file is headed
// by a SHA-256 of the program's text, its path and the cache itself, and is used only when that
// matches — V8 alone would take the cache of another program of the same length (it compares
// lengths), would run a damaged one (Node 20's V8 does not check its checksum) and keeps the path
// the cache was made at for stack traces. V8 itself refuses a cache made by another V8 or with other
// options (a run with `NODE_OPTIONS=--max-old-space-size=…` is one). Absent, stale or refused, the
// program is compiled as before: slower, the same results. Node's own loader has no code cache for
// ES modules on Node 20, hence a CommonJS bundle run through `vm.Script`.
//
// This module is the bundle's `load.js` entry: it imports nothing of dealpulse's own.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';

/** What the program exports (src/cli/main.ts). */
export interface Program {
  main(argv: string[]): Promise<number>;
}

/** The program and the code cache beside it (dist/bundle/). */
export const PROGRAM_FILE = fileURLToPath(new URL('./main.cjs', import.meta.url));
export const CACHE_FILE = `${PROGRAM_FILE}.cache`;

/** Bytes of the SHA-256 at the head of the cache file (`seal`). */
const HASH_BYTES = 32;

/**
 * How the cache was taken (`DEALPULSE_DEBUG=cache` says it on stderr; tests and the build check
 * it). `stale`: made from another `main.cjs`, at another path, or damaged.
 */
export type CacheUse = 'used' | 'refused by V8' | 'stale' | 'absent';

/** What heads the cache file: the hash of the program's text, its path and the V8 cache. */
function seal(source: string, filename: string, data: Uint8Array): Buffer {
  return createHash('sha256').update(source).update('\0').update(filename).update('\0').update(data).digest();
}

/**
 * Loads the program, with its code cache when one fits. `cache: false` compiles it without (how the
 * cache itself is made).
 */
export function loadProgram(options: { cache?: boolean } = {}): { program: Program; script: Script; cache: CacheUse; source: string } {
  // The CommonJS wrapper, as Node's own loader adds it, strict as the ES modules it was bundled
  // from (esbuild's own "use strict" comes after the bundle's banner, where it does nothing); on
  // the program's first line, so that stack traces keep its line numbers.
  const source = `(function (exports, require, module, __filename, __dirname) {'use strict';${readFileSync(PROGRAM_FILE, 'utf8')}\n})`;
  let cachedData: Buffer | undefined;
  let cache: CacheUse = 'absent';
  if (options.cache !== false) {
    const stored = readCache();
    if (stored !== undefined) {
      const data = stored.subarray(HASH_BYTES);
      if (stored.length > HASH_BYTES && stored.subarray(0, HASH_BYTES).equals(seal(source, PROGRAM_FILE, data))) cachedData = data;
      else cache = 'stale';
    }
  }
  const script = new Script(source, { filename: PROGRAM_FILE, ...(cachedData !== undefined ? { cachedData } : {}) });
  if (cachedData !== undefined) cache = script.cachedDataRejected === true ? 'refused by V8' : 'used';
  const module = { exports: {} as Program };
  const wrapper = script.runInThisContext() as (exports: object, require: NodeJS.Require, module: object, filename: string, dir: string) => void;
  wrapper(module.exports, createRequire(PROGRAM_FILE), module, PROGRAM_FILE, dirname(PROGRAM_FILE));
  if (process.env['DEALPULSE_DEBUG']?.split(',').includes('cache')) process.stderr.write(`dealpulse debug: code cache ${cache}\n`);
  return { program: module.exports, script, cache, source };
}

function readCache(): Buffer | undefined {
  try {
    return readFileSync(CACHE_FILE);
  } catch {
    return undefined;
  }
}

/**
 * Makes the code cache (scripts/bundle.mjs, after bundling): the program is run on each of `runs`
 * (argv without `node` and the script), so that the functions a run needs are compiled, and V8's
 * compiled code is written, headed by its `seal`. The runs' output goes wherever stdout and stderr
 * go (the bundler sends them nowhere).
 */
export async function writeProgramCache(runs: readonly (readonly string[])[]): Promise<void> {
  const { program, script, source } = loadProgram({ cache: false });
  for (const args of runs) {
    const code = await program.main(['node', 'dealpulse', ...args]);
    if (code !== 0) throw new Error(`making the code cache: dealpulse ${args.join(' ')} exited with ${code}`);
  }
  const data = script.createCachedData();
  writeFileSync(CACHE_FILE, Buffer.concat([seal(source, PROGRAM_FILE, data), data]));
}
