#!/usr/bin/env node
// Runs dealpulse on real CRM exports that nobody on the project wrote (../shared/real-exports/, when
// the folder exists: CI has it; `npm test` never needs it). Their data is not ours: nothing of it is
// copied into the repository; configs and outputs go to a temporary folder.
//
// For each export: `init` (with the history file beside it, when there is one), then — when init
// wrote a config — `doctor`, `conversion`, `zombies` and (with a history) `funnel`. What a user must
// never see is a crash: an internal error (exit 70) or a stack trace fails the check. A refusal
// with a message (exit 1 or 2) is reported in the table, not failed: making every file work is
// issue 24's (exports from the wild), and this table is its progress.
//
//   node scripts/check-real-exports.mjs [DIR]     (default ../shared/real-exports)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DEALPULSE = join(ROOT, 'bin', 'dealpulse.js');
const DIR = resolve(process.argv[2] ?? join(ROOT, '..', 'shared', 'real-exports'));
const AS_OF = '2026-12-01';

if (!existsSync(DIR)) {
  console.log(`check-real-exports: ${DIR} does not exist; nothing to check`);
  process.exit(0);
}

/** Files that are not a deals export (a data dictionary, a stage history read beside its deals). */
const NOT_DEALS = /dictionary|history/i;

function run(args, cwd) {
  const r = spawnSync(process.execPath, [DEALPULSE, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 120_000, maxBuffer: 512 * 1024 * 1024 });
  return { code: r.status ?? -1, stderr: r.stderr ?? '', stdout: r.stdout ?? '' };
}

/** A crash: an internal error, a signal, a JavaScript stack on stderr. */
function crashed(r) {
  return r.code === 70 || r.code === -1 || /\n\s+at .+\(.+:\d+:\d+\)/.test(r.stderr);
}

/** The error a refusal ends with (its last line, the one `dealpulse:` starts). */
const lastLine = (text) => text.split('\n').filter((l) => l.trim() !== '').at(-1)?.slice(0, 160) ?? '';

const rows = [];
let crashes = 0;
const tmp = mkdtempSync(join(os.tmpdir(), 'dealpulse-real-'));
try {
  for (const folder of readdirSync(DIR, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort()) {
    const files = readdirSync(join(DIR, folder)).filter((f) => f.toLowerCase().endsWith('.csv'));
    const history = files.find((f) => /history/i.test(f));
    for (const file of files.filter((f) => !NOT_DEALS.test(f))) {
      const name = `${folder}/${file}`;
      const config = join(tmp, `${folder}-${file}.yaml`);
      const init = run(['init', join(DIR, folder, file), ...(history ? ['--history', join(DIR, folder, history)] : []), '--out', config, '--force'], tmp);
      const outcome = { export: name, init: init.code };
      if (crashed(init)) {
        crashes++;
        console.error(`CRASH ${name}: init\n${init.stderr}`);
      }
      if (existsSync(config)) {
        const commands = [['doctor'], ['conversion', '--from', '2015-01-01', '--to', '2026-11-30', '--every', 'year'], ['zombies'], ...(history ? [['funnel']] : [])];
        for (const command of commands) {
          const r = run([...command, '--config', config, '--as-of', AS_OF, '--format', 'json', '--quiet'], tmp);
          outcome[command[0]] = r.code;
          if (crashed(r)) {
            crashes++;
            console.error(`CRASH ${name}: ${command.join(' ')}\n${r.stderr}`);
          }
          if (command[0] === 'doctor' && r.code <= 1) {
            try {
              const json = JSON.parse(r.stdout);
              outcome.rows = (json.rows ?? []).map((f) => `${f.rows_used}/${f.rows_read}`).join(' ');
            } catch {
              outcome.rows = '';
            }
          }
        }
      } else outcome.why = lastLine(init.stderr);
      rows.push(outcome);
    }
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

console.log('export | init | doctor | conversion | zombies | funnel | rows used/read | why not');
for (const r of rows) {
  const cell = (v) => (v === undefined ? '–' : String(v));
  console.log([r.export, r.init, r.doctor, r.conversion, r.zombies, r.funnel, r.rows, r.why].map(cell).join(' | '));
}
console.log(`check-real-exports: ${rows.length} exports, ${crashes} crash${crashes === 1 ? '' : 'es'}`);
process.exit(crashes > 0 ? 1 : 0);
