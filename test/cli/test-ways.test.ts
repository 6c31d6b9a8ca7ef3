// `.ci/run` runs the golden and bad-input tests again with every file read in four parts
// (DEALPULSE_TEST_WAY=parts, test/support/run-cli.ts): this checks that the way reaches the CLI, so
// that the second run is not the first one again.
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';

describe('the suite\'s reading way', () => {
  it.runIf(process.env['DEALPULSE_TEST_WAY'] === 'parts')('reads the deals in four parts', () => {
    const r = runCli(['conversion', '--config', 'kpi.example.yaml', '--as-of', '2026-03-31T23:59', '--period', '2025-Q1', '--format', 'csv'], { env: { DEALPULSE_DEBUG: 'parts' } });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/deals\.csv: 4 parts/);
  });
});
