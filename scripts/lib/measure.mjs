// Runs one benchmark job as a child process and measures it: wall time here around spawn → exit,
// peak RSS and CPU seconds from the kernel (GNU time) or from the child itself (a preloaded module).
// Shared by scripts/bench.mjs and scripts/bench-big-deals.mjs.
import { spawn, spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export function gnuTimeWorks() {
  if (process.platform !== 'linux' || !existsSync('/usr/bin/time')) return false;
  const dir = mkdtempSync(join(os.tmpdir(), 'bench-time-'));
  try {
    const r = spawnSync('/usr/bin/time', ['-v', '-o', join(dir, 't'), 'true'], { stdio: 'ignore' });
    return r.status === 0 && /Maximum resident set size/.test(readFileSync(join(dir, 't'), 'utf8'));
  } catch {
    return false;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const PRELOAD =
  'data:text/javascript,' +
  encodeURIComponent(
    "import { writeFileSync } from 'node:fs'; process.on('exit', () => { try { const u = process.resourceUsage(); writeFileSync(process.env.BENCH_RSS_FILE, JSON.stringify({ kb: u.maxRSS, cpu: (u.userCPUTime + u.systemCPUTime) / 1e6 })); } catch {} });",
  );

/**
 * Runs `cmd args` and resolves { seconds, rssMB, cpu, code, stderr } (cpu = user + system seconds
 * of the child: less sensitive than wall time to other work on the machine). `node: true` marks a
 * node program (so that the preload method can measure it). stdin from `stdinFile` when given.
 */
export function measure({ cmd, args, node, env = {}, stdinFile, rssMode, workDir }) {
  return new Promise((resolvePromise) => {
    const statsFile = join(workDir, `rss-${process.pid}-${Math.random().toString(36).slice(2)}`);
    let file = cmd;
    let argv = args;
    const childEnv = { ...process.env, ...env };
    if (rssMode === 'time') {
      file = '/usr/bin/time';
      argv = ['-v', '-o', statsFile, cmd, ...args];
    } else if (node) {
      argv = ['--import', PRELOAD, ...args];
      childEnv.BENCH_RSS_FILE = statsFile;
    }
    const stdin = stdinFile ? ['pipe', 'ignore', 'pipe'] : ['ignore', 'ignore', 'pipe'];
    const start = process.hrtime.bigint();
    const child = spawn(file, argv, { env: childEnv, stdio: stdin, cwd: ROOT });
    if (stdinFile) createReadStream(stdinFile).pipe(child.stdin);
    let stderr = '';
    child.stderr.on('data', (d) => {
      if (stderr.length < 20_000) stderr += d;
    });
    let settled = false;
    child.on('error', (err) => {
      if (settled) return;
      settled = true;
      resolvePromise({ seconds: Number(process.hrtime.bigint() - start) / 1e9, rssMB: null, cpu: null, code: -1, stderr: String(err.message) });
    });
    child.on('close', (code) => {
      if (settled) return;
      settled = true;
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      let rssMB = null;
      let cpu = null;
      try {
        const text = readFileSync(statsFile, 'utf8');
        let kb;
        if (rssMode === 'time') {
          kb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(text)?.[1]);
          cpu = Number(/User time \(seconds\): ([\d.]+)/.exec(text)?.[1]) + Number(/System time \(seconds\): ([\d.]+)/.exec(text)?.[1]);
        } else {
          const stats = JSON.parse(text);
          kb = stats.kb;
          cpu = stats.cpu;
        }
        if (kb > 0) rssMB = kb / 1024;
        if (!Number.isFinite(cpu)) cpu = null;
        rmSync(statsFile, { force: true });
      } catch {
        // not measured (sqlite3 without GNU time)
      }
      resolvePromise({ seconds, rssMB, cpu, code, stderr });
    });
  });
}
