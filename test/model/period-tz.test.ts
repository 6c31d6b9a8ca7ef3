// Periods must not depend on the machine's zone: run period.test.ts again in child processes whose
// host TZ is UTC, one with a +12:45/+13:45 offset and DST (Pacific/Chatham), and one west of UTC
// with DST (America/Los_Angeles). The child run names period.test.ts only, so it never comes back
// here; the environment flag is a second guard should someone widen that filter.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CHILD_FLAG = 'DEALPULSE_PERIOD_TZ_CHILD';
const HOST_ZONES = ['UTC', 'Pacific/Chatham', 'America/Los_Angeles'];

describe.skipIf(process.env[CHILD_FLAG] === '1')('period.test.ts under other host time zones', () => {
  it.each(HOST_ZONES)('passes with TZ=%s', (zone) => {
    const env = { ...process.env, TZ: zone, [CHILD_FLAG]: '1', NO_COLOR: '1', FORCE_COLOR: '0' };

    // The host zone must really change in the child, or this test proves nothing: local
    // midnight of 1 Jan 2025 differs from UTC by the zone's winter offset.
    const script = 'process.stdout.write(String(new Date(2025, 0, 1).getTimezoneOffset()))';
    const probe = spawnSync(process.execPath, ['-e', script], { env, encoding: 'utf8' });
    expect(probe.stdout).toBe(String({ UTC: 0, 'Pacific/Chatham': -825, 'America/Los_Angeles': 480 }[zone]));

    const run = spawnSync('npx', ['vitest', 'run', 'test/model/period.test.ts'], {
      cwd: ROOT,
      env,
      encoding: 'utf8',
      timeout: 240_000,
    });
    const output = `${run.stdout}\n${run.stderr}`;
    expect(run.error, output).toBeUndefined();
    expect(run.status, output).toBe(0);
    expect(output).toMatch(/Test Files\s+1 passed/);
  }, 300_000);
});
