// The bad-input catalogue: each folder under cases/ is one kind of bad input with its config,
// its files and, in case.json, the commands to run and what a user must see (exit code and the
// message naming file:line). Files were written by hand (cp1251 ones converted with iconv).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';

interface CaseRun {
  args: string[];
  code: number;
  stderr_includes?: string[];
  stdout_includes?: string[];
  stdout_excludes?: string[];
}

const casesDir = path.join(path.dirname(new URL(import.meta.url).pathname), 'cases');

describe('bad input catalogue', () => {
  for (const name of readdirSync(casesDir).sort()) {
    const dir = path.join(casesDir, name);
    const spec = JSON.parse(readFileSync(path.join(dir, 'case.json'), 'utf8')) as { about: string; runs: CaseRun[] };
    spec.runs.forEach((run, i) => {
      it(`${name} #${i + 1}: ${spec.about}`, () => {
        const r = runCli(run.args, { cwd: dir });
        for (const text of run.stderr_includes ?? []) expect(r.stderr).toContain(text);
        for (const text of run.stdout_includes ?? []) expect(r.stdout).toContain(text);
        for (const text of run.stdout_excludes ?? []) expect(r.stdout).not.toContain(text);
        // Nothing lost: wherever a JSON report says what it read, read = used + skipped, per file.
        if (run.args.includes('json') && r.stdout.startsWith('{')) {
          const input = (JSON.parse(r.stdout) as { summary?: { input?: { files: Array<Record<string, number>> } } }).summary?.input;
          for (const f of input?.files ?? []) expect(f['rows_read']).toBe(f['rows_used']! + f['rows_skipped']!);
        }
        // No stack traces for data problems: they are the file's fault, not a bug.
        expect(r.stderr).not.toMatch(/\n\s+at /);
        expect(r.code, `stderr: ${r.stderr}`).toBe(run.code);
      });
    });
  }
});
