// A big stage history is read in a thread of its own (src/io/history-thread.ts). The thread must be
// invisible: the built CLI gives the same exit code, report and warnings whether the history is read
// in the main thread or in the reading thread (`DEALPULSE_THREAD_MIN_BYTES=0` sends every history
// there). Checked on the demo export, on a history with bad rows, and on fatal errors.
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../support/run-cli.js';
import { encodeCp1251, makeTmp } from './csv/helpers.js';

const IN_THREAD = { DEALPULSE_THREAD_MIN_BYTES: '0' };
const IN_MAIN = { DEALPULSE_THREAD_MIN_BYTES: '1e15' };

function both(args: string[], cwd?: string): { thread: CliResult; main: CliResult } {
  const options = cwd === undefined ? {} : { cwd };
  return { thread: runCli(args, { ...options, env: IN_THREAD }), main: runCli(args, { ...options, env: IN_MAIN }) };
}

/** `funnel` on `config` fails in both threads alike: exit 1, `message` on stderr, same output. */
function expectSameFailure(config: string, message: string, extra: string[] = []): void {
  const { thread, main } = both(['funnel', '--config', config, ...extra, '--as-of', '2025-03-31'], tmp.dir);
  expect(main.code).toBe(1);
  expect(main.stderr).toContain(message);
  expect(thread).toEqual(main);
}

const tmp = makeTmp('history-thread');

/** A config over files in the temporary folder: `deals` and `history` are the YAML of each entry. */
function writeConfig(name: string, deals: string, history: string): void {
  tmp.write(
    name,
    `timezone: Europe/Moscow\ndata:\n  deals: { ${deals} }\n  history: { ${history} }\n` +
      'pipelines:\n  default: { stages: [Первичный контакт, Переговоры], won: [Успех], lost: [Отказ] }\n',
  );
}
afterAll(() => tmp.cleanup());

const DEMO = ['--config', 'kpi.example.yaml', '--as-of', '2026-03-27T18:00'];

describe('the history reading thread', () => {
  it.each([
    ['funnel', ['funnel', ...DEMO, '--format', 'json']],
    ['doctor', ['doctor', ...DEMO, '--format', 'json']],
    ['zombies', ['zombies', ...DEMO, '--format', 'csv']],
    ['report', ['report', ...DEMO, '--period', 'this-week', '--format', 'json']],
  ])('gives the same %s on the demo export', (_name, args) => {
    const { thread, main } = both(args);
    expect(main.code).toBe(0);
    expect(thread).toEqual(main);
    expect(main.stdout.length).toBeGreaterThan(1000);
  });

  it('reports bad history rows alike (cp1251, `;`, skipped rows, an unknown deal)', () => {
    tmp.write('deals.csv', encodeCp1251('id;manager;stage;created_at\n1;Иванова;Переговоры;2025-03-01 10:00\n2;Петров;Успех;2025-03-02 10:00\n'));
    tmp.write(
      'history.csv',
      encodeCp1251(
        'deal_id;stage;entered_at\n1;Первичный контакт;2025-03-01 10:00\n1;Переговоры;2025-03-03 12:00\n2;Первичный контакт;31.03.2025\n' +
          '2;Успех;2025-03-05 10:00\n;Переговоры;2025-03-06 10:00\n3;Переговоры;2025-03-07 10:00\n1;;2025-03-08 10:00\n',
      ),
    );
    writeConfig('kpi.yaml', 'path: deals.csv', 'path: history.csv');
    const { thread, main } = both(['funnel', '--config', 'kpi.yaml', '--as-of', '2025-03-31', '--format', 'json'], tmp.dir);
    expect(main.code).toBe(0);
    expect(thread).toEqual(main);
    const summary = JSON.parse(main.stdout).summary;
    expect(summary.input.files[1]).toEqual({ file: 'history.csv', rows_read: 7, rows_used: 4, rows_skipped: 3 });
  });

  it('stops with the same error when the history is unusable', () => {
    tmp.write('two-digit.csv', 'deal_id,stage,entered_at\n1,Первичный контакт,01.03.25 10:00\n');
    writeConfig('bad.yaml', 'path: deals.csv', 'path: two-digit.csv, date_format: "dd.MM.yyyy HH:mm"');
    expectSameFailure('bad.yaml', 'two-digit.csv:2');
    expectSameFailure('bad.yaml', 'nowhere.csv', ['--history', path.join(tmp.dir, 'nowhere.csv')]);
  });

  it('waits for the deals when the history fails first, and reports the error the main thread would', () => {
    // Enough deals to be read long after the thread has refused the history's header.
    const rows = Array.from({ length: 60_000 }, (_, i) => `${i + 1};Иванова;Переговоры;2025-03-01 10:00`);
    tmp.write('many-deals.csv', `id;manager;stage;created_at\n${rows.join('\n')}\n`);
    tmp.write('formless.csv', 'deal_id,stage\n1,Переговоры\n');
    writeConfig('formless.yaml', 'path: many-deals.csv', 'path: formless.csv');
    expectSameFailure('formless.yaml', 'formless.csv:1: cannot tell the form of this stage history');

    // Both files bad: the deals file's error is the one reported, in either thread.
    tmp.write('many-bad-deals.csv', `id;manager;stage;created_at\n${rows.join('\n')}\n60001;Иванова;Переговоры;25-03-01 10:00\n`);
    writeConfig('both-bad.yaml', 'path: many-bad-deals.csv, date_format: "yyyy-MM-dd HH:mm"', 'path: formless.csv');
    expectSameFailure('both-bad.yaml', 'many-bad-deals.csv:60002');
  });

  it('stops the thread when the deals file fails first, and exits with its error', () => {
    tmp.write('no-manager.csv', 'id;stage;created_at\n1;Переговоры;2025-03-01 10:00\n');
    writeConfig('no-manager.yaml', 'path: no-manager.csv', 'path: history.csv');
    // A thread left running would keep the process alive: spawnSync would not return.
    expectSameFailure('no-manager.yaml', 'manager');
  });
});
