// The program with its code cache (src/cli/load-program.ts, made by scripts/bundle.mjs): the built
// CLI uses the cache it was built with; a cache of another program — even one of the same length,
// which V8 alone would take — or one V8 refuses, or none, gives the same output, compiled anew.
// Each case runs a copy of the built bin/ and dist/bundle/ (made by `npm test`'s build).
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../support/run-cli.js';
import { makeTmp } from '../io/csv/helpers.js';

const tmp = makeTmp('load-program');
afterAll(() => tmp.cleanup());

/** A copy of the built CLI in a folder of its own. */
function copyOfCli(name: string): { root: string; program: string; cache: string } {
  const root = path.join(tmp.dir, name);
  cpSync(path.join(ROOT, 'bin'), path.join(root, 'bin'), { recursive: true });
  cpSync(path.join(ROOT, 'dist', 'bundle'), path.join(root, 'dist', 'bundle'), { recursive: true });
  const program = path.join(root, 'dist', 'bundle', 'main.cjs');
  return { root, program, cache: `${program}.cache` };
}

const demo = ['conversion', '--config', 'kpi.example.yaml', '--as-of', '2026-03-27T18:00', '--period', '2025', '--every', 'month', '--by', 'manager', '--format', 'csv'];

function run(root: string, args: readonly string[]): { code: number; stdout: string; cache: string | undefined } {
  const r = spawnSync(process.execPath, [path.join(root, 'bin', 'dealpulse.js'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', TZ: 'America/Los_Angeles', DEALPULSE_DEBUG: 'cache' },
  });
  const cache = /dealpulse debug: code cache (.*)/.exec(r.stderr)?.[1];
  return { code: r.status ?? -1, stdout: r.stdout, cache };
}

describe('the code cache', () => {
  const built = run(ROOT, demo);

  it('is used by the built CLI', () => {
    expect(built.code).toBe(0);
    expect(built.cache).toBe('used');
    expect(built.stdout).toContain('period,period_start');
  });

  it('of another program is not used, even at the same length', () => {
    const cli = copyOfCli('other');
    // The same length, another program: V8 would take the cache (it checks the length only) and
    // run the old code, which says 0.1.0.
    const code = readFileSync(cli.program, 'utf8');
    expect(code).toContain('.version("0.1.0")');
    writeFileSync(cli.program, code.replace('.version("0.1.0")', '.version("9.9.9")'));
    const r = run(cli.root, ['--version']);
    expect(r.cache).toBe('made from another build');
    expect(r.stdout.trim()).toBe('9.9.9');
  });

  it('refused by V8 or absent: the program is compiled, the output the same', () => {
    const refused = copyOfCli('refused');
    const stored = readFileSync(refused.cache);
    // The right program's hash, then bytes that are not a V8 cache.
    writeFileSync(refused.cache, Buffer.concat([stored.subarray(0, 32), Buffer.alloc(4096, 7)]));
    const r = run(refused.root, demo);
    expect(r.cache).toBe('refused by V8');
    expect(r).toMatchObject({ code: 0, stdout: built.stdout });

    const absent = copyOfCli('absent');
    rmSync(absent.cache);
    const a = run(absent.root, demo);
    expect(a.cache).toBe('absent');
    expect(a).toMatchObject({ code: 0, stdout: built.stdout });
  });
});
