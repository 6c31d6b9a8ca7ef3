// The program's own exit codes and messages (SPEC §3): help is not an error, no command is bad usage,
// an unknown flag points at --help, a closed pipe is quiet.
import { existsSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT, runCli } from '../support/run-cli.js';

describe('dealpulse (the program)', () => {
  it('--help exits 0 and lists every command', () => {
    const r = runCli(['--help']);
    expect(r.code).toBe(0);
    for (const c of ['conversion', 'funnel', 'zombies', 'commission', 'report', 'doctor', 'init']) expect(r.stdout).toContain(c);
  });

  it('no command at all is bad usage (exit 2)', () => {
    expect(runCli([]).code).toBe(2);
  });

  it('an unknown flag is bad usage and points at the command help', () => {
    const r = runCli(['zombies', '--bogus']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown option '--bogus'");
    expect(r.stderr).toContain('(run dealpulse zombies --help for usage)');
  });

  it('init refuses a file that is not a deals export instead of writing a config that reads nothing', () => {
    const r = runCli(['init', 'README.md', '--out', '/tmp/dealpulse-init-refused.yaml', '--force']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("README.md: none of its 1 column looks like a deal's id, manager, dates, stage or amount; is it the deals export?");
    const empty = runCli(['init', 'fixtures/small/kpi.yaml', '--out', '/tmp/dealpulse-init-refused.yaml', '--force']);
    expect(empty.code).toBe(1);
    expect(existsSync('/tmp/dealpulse-init-refused.yaml')).toBe(false);
  });

  it('help piped into a reader that stops early does not crash', async () => {
    const child = spawn(process.execPath, [BIN, 'commission', '--help'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).not.toMatch(/Error|at /);
    expect(code).toBe(0);
  });
});
