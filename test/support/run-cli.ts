// Runs the built CLI (bin/dealpulse.js → dist/bundle/) as a user would: a child process, no colour,
// a fixed time zone for the host (the config's zone must make it irrelevant).
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = path.join(ROOT, 'bin', 'dealpulse.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The reading ways every CLI run of a suite takes, from `DEALPULSE_TEST_WAY` (`.ci/run` runs the
 * golden and bad-input tests again each way): `careful` (the fast paths off) or `parts` (every file
 * read in four parts, the history in its thread). The output must be the same every way.
 */
const WAYS: Record<string, Record<string, string>> = {
  careful: { DEALPULSE_FAST_PATHS: 'off' },
  parts: { DEALPULSE_READ_PARTS: '4', DEALPULSE_THREAD_MIN_BYTES: '0' },
};

function wayOfSuite(): Record<string, string> {
  const way = process.env['DEALPULSE_TEST_WAY'];
  if (way === undefined || way === '') return {};
  const env = WAYS[way];
  if (env === undefined) throw new Error(`DEALPULSE_TEST_WAY=${way}: expected one of ${Object.keys(WAYS).join(', ')}`);
  return env;
}

/**
 * Where and with what environment the CLI runs: no colour, a fixed host zone, only PATH besides (and
 * the suite's reading way; a test's own settings win).
 */
function childOptions(options: { cwd?: string; env?: Record<string, string> }) {
  return { cwd: options.cwd ?? ROOT, env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', TZ: 'America/Los_Angeles', ...wayOfSuite(), ...options.env } };
}

/**
 * `bin`: another copy of the built CLI's executable (a test of how it loads); `nodeOptions`: options
 * for node itself, before the executable.
 */
export function runCli(
  args: readonly string[],
  options: { cwd?: string; env?: Record<string, string>; input?: string; bin?: string; nodeOptions?: readonly string[] } = {},
): CliResult {
  const r = spawnSync(process.execPath, [...(options.nodeOptions ?? []), options.bin ?? BIN, ...args], {
    ...childOptions(options),
    encoding: 'utf8',
    input: options.input ?? '',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error) throw r.error;
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/**
 * `runCli` without blocking the test's thread: for tests that run the CLI many times, since a
 * thread blocked for long misses the test runner's own messages (a timeout on a busy machine).
 */
export function runCliAsync(args: readonly string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { ...childOptions(options), stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
  });
}
