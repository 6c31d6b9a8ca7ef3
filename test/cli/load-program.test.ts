// The program with its code cache (src/cli/load-program.ts, made by scripts/bundle.mjs): the built
// CLI uses the cache it was built with; a cache of another program — even one of the same length,
// which V8 alone would take —, one made at another path, a damaged one, one V8 refuses, or none:
// the same output, the program compiled anew. Each case runs a copy of the built bin/ and
// dist/bundle/ (made by `npm test`'s build).
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, runCli, type CliResult } from '../support/run-cli.js';
import { makeTmp } from '../io/csv/helpers.js';

const tmp = makeTmp('load-program');
afterAll(() => tmp.cleanup());

const demo = ['conversion', '--config', 'kpi.example.yaml', '--as-of', '2026-03-27T18:00', '--period', '2025', '--every', 'month', '--by', 'manager', '--format', 'csv'];

interface Copy {
  root: string;
  program: string;
  cache: string;
}

/** A copy of the built CLI in a folder of its own; with `cache`, a code cache made for it there. */
function copyOfCli(name: string, options: { cache?: boolean } = {}): Copy {
  const root = path.join(tmp.dir, name);
  cpSync(path.join(ROOT, 'bin'), path.join(root, 'bin'), { recursive: true });
  cpSync(path.join(ROOT, 'dist', 'bundle'), path.join(root, 'dist', 'bundle'), { recursive: true });
  const program = path.join(root, 'dist', 'bundle', 'main.cjs');
  if (options.cache === true) {
    const loader = pathToFileURL(path.join(root, 'dist', 'bundle', 'load.js')).href;
    const made = spawnSync(process.execPath, ['--input-type=module', '-e', `const { writeProgramCache } = await import(${JSON.stringify(loader)}); await writeProgramCache([${JSON.stringify(demo)}]);`], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(made.status, made.stderr).toBe(0);
  }
  return { root, program, cache: `${program}.cache` };
}

/** The CLI of the copy at `root`, with what it said of its code cache. */
function run(root: string, args: readonly string[], nodeOptions: readonly string[] = []): CliResult & { cache: string | undefined } {
  const r = runCli(args, { bin: path.join(root, 'bin', 'dealpulse.js'), nodeOptions, env: { DEALPULSE_DEBUG: 'cache' } });
  return { ...r, cache: /dealpulse debug: code cache (.*)/.exec(r.stderr)?.[1] };
}

describe('the code cache', () => {
  const built = run(ROOT, demo);

  it('is used by the built CLI', () => {
    expect(built.code).toBe(0);
    expect(built.cache).toBe('used');
    expect(built.stdout).toContain('period,period_start');
  });

  it('made for its own copy is used there', () => {
    const copy = copyOfCli('own', { cache: true });
    expect(run(copy.root, demo)).toMatchObject({ code: 0, cache: 'used', stdout: built.stdout });
  });

  it('of another program is not used, even at the same length', () => {
    const copy = copyOfCli('other', { cache: true });
    // The same length, another program: V8 would take the cache (it compares lengths) and run the
    // old code, which says 0.1.0.
    const code = readFileSync(copy.program, 'utf8');
    expect(code).toContain('.version("0.1.0")');
    writeFileSync(copy.program, code.replace('.version("0.1.0")', '.version("9.9.9")'));
    const r = run(copy.root, ['--version']);
    expect(r.cache).toBe('stale');
    expect(r.stdout.trim()).toBe('9.9.9');
  });

  it('made at another path is not used (V8 would name that path in stack traces)', () => {
    const first = copyOfCli('first', { cache: true });
    const moved = path.join(tmp.dir, 'moved');
    cpSync(first.root, moved, { recursive: true });
    expect(run(first.root, demo).cache).toBe('used');
    expect(run(moved, demo)).toMatchObject({ code: 0, cache: 'stale', stdout: built.stdout });
  });

  it('damaged, refused by V8 or absent: the program is compiled, the output the same', () => {
    const damaged = copyOfCli('damaged', { cache: true });
    const stored = readFileSync(damaged.cache);
    // A byte of V8's data flipped: V8 of Node 20 would run it (or stop with a fatal error).
    stored[72] = stored[72]! ^ 0xff;
    writeFileSync(damaged.cache, stored);
    expect(run(damaged.root, demo)).toMatchObject({ code: 0, cache: 'stale', stdout: built.stdout });
    writeFileSync(damaged.cache, stored.subarray(0, 20));
    expect(run(damaged.root, demo)).toMatchObject({ code: 0, cache: 'stale', stdout: built.stdout });

    // Another V8 option than the cache was made with: V8 refuses it.
    const refused = copyOfCli('refused', { cache: true });
    expect(run(refused.root, demo, ['--max-old-space-size=3000'])).toMatchObject({ code: 0, cache: 'refused by V8', stdout: built.stdout });

    const absent = copyOfCli('absent');
    rmSync(absent.cache);
    expect(run(absent.root, demo)).toMatchObject({ code: 0, cache: 'absent', stdout: built.stdout });
  });

  it('runs the program in strict mode, as the ES modules it was bundled from', () => {
    const copy = copyOfCli('strict');
    rmSync(copy.cache);
    writeFileSync(copy.program, 'exports.main = async () => { process.stdout.write(String((function () { return this === undefined; })())); return 0; };\n');
    expect(run(copy.root, [])).toMatchObject({ code: 0, cache: 'absent', stdout: 'true' });
  });
});
