// How bin/dealpulse.js loads the program: the bundle's `main.cjs` (scripts/bundle.mjs), compiled
// with a V8 code cache made when it was built. Without one, V8 compiles the program's 1.2 MB at
// every start and each function again the first time it runs — config, counting, rendering: ≈ 0.05 s
// of every run, short or long, in a tool that cron jobs start again and again. With the cache those
// functions come compiled (docs/PERFORMANCE.md, "Ninth round").
//
// The cache is only ever compiled code of this very program: it is used when it was made from the
// same `main.cjs` (its SHA-256 heads the cache file), and V8 itself refuses one made by another V8
// or with other flags. Absent, stale or refused, the program is compiled as before: slower, the
// same results. Node's own loader has no code cache for ES modules on Node 20, hence a CommonJS
// bundle run through `vm.Script`.
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

/** Bytes of the SHA-256 of `main.cjs` at the head of the cache file. */
const HASH_BYTES = 32;

/** How the cache was taken (`DEALPULSE_DEBUG=cache` says it on stderr; tests check it). */
export type CacheUse = 'used' | 'refused by V8' | 'made from another build' | 'absent';

/**
 * Loads the program, with its code cache when one fits. `cache: false` compiles it without (how the
 * cache itself is made).
 */
export function loadProgram(options: { cache?: boolean } = {}): { program: Program; script: Script; cache: CacheUse; hash: Buffer } {
  const code = readFileSync(PROGRAM_FILE);
  const hash = createHash('sha256').update(code).digest();
  let cachedData: Buffer | undefined;
  let cache: CacheUse = 'absent';
  if (options.cache !== false) {
    const stored = readCache();
    if (stored !== undefined && stored.length > HASH_BYTES) {
      if (stored.subarray(0, HASH_BYTES).equals(hash)) cachedData = stored.subarray(HASH_BYTES);
      else cache = 'made from another build';
    }
  }
  // The CommonJS wrapper, as Node's own loader adds it: the same text when the cache is made and
  // when it is used. V8 checks a source against its cache by the length alone — a program edited
  // to the same length would run the old code — hence the hash above (tested).
  const source = `(function (exports, require, module, __filename, __dirname) {${code.toString('utf8')}\n})`;
  const script = new Script(source, { filename: PROGRAM_FILE, ...(cachedData !== undefined ? { cachedData } : {}) });
  if (cachedData !== undefined) cache = script.cachedDataRejected === true ? 'refused by V8' : 'used';
  const module = { exports: {} as Program };
  const wrapper = script.runInThisContext() as (exports: object, require: NodeJS.Require, module: object, filename: string, dir: string) => void;
  wrapper(module.exports, createRequire(PROGRAM_FILE), module, PROGRAM_FILE, dirname(PROGRAM_FILE));
  if (process.env['DEALPULSE_DEBUG']?.split(',').includes('cache')) process.stderr.write(`dealpulse debug: code cache ${cache}\n`);
  return { program: module.exports, script, cache, hash };
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
 * compiled code is written, headed by the hash of the program it belongs to. The runs' output goes
 * wherever stdout and stderr go (the bundler sends them nowhere).
 */
export async function writeProgramCache(runs: readonly (readonly string[])[]): Promise<void> {
  const { program, script, hash } = loadProgram({ cache: false });
  for (const args of runs) {
    const code = await program.main(['node', 'dealpulse', ...args]);
    if (code !== 0) throw new Error(`making the code cache: dealpulse ${args.join(' ')} exited with ${code}`);
  }
  const data = script.createCachedData();
  writeFileSync(CACHE_FILE, Buffer.concat([hash, data]));
}
