// Reading the stage history in a thread of its own while the main thread reads the deals: the two
// files are independent, and on a big export they are the two longest phases of funnel, zombies,
// report and doctor. The thread runs the same reader (readHistoryAs) and hands the events back as
// columns (model/event-table.ts); diagnostics, counts and errors come back unchanged, so the result is
// the one the main thread would have read (compared in test/io/history-thread.test.ts).
import { ConfigError, InputError, UsageError } from '../model/errors.js';
import type { EventTable } from '../model/event-table.js';
import type { ReadHistoryOptions } from './read-history.js';
import { readProgress, type ReadTableResult } from './read-table.js';
import { HISTORY_WORKER, takeThread } from './warm-threads.js';

/** What the thread needs: the reading options, with the preset by name (objects with RegExps stay home). */
export interface HistoryJob {
  options: Omit<ReadHistoryOptions, 'preset'>;
  presetName: string | undefined;
  progress: boolean;
  /**
   * Group the events into each deal's entries too (`EventTable.grouped`), for a command that works
   * on the table (funnel): done here while the main thread still reads the deals.
   */
  group?: boolean;
}

export type HistoryMessage =
  | { kind: 'progress'; file: string; rows: number; done: boolean }
  | { kind: 'done'; packed: EventTable; result: Omit<ReadTableResult<unknown>, 'records'> }
  | ({ kind: 'error' } & ThreadError);

/** An error thrown in a reading thread, as it is posted back. */
export interface ThreadError {
  name: string;
  message: string;
  stack?: string;
}

/**
 * Files smaller than this are read in the main thread: starting a thread and handing the events
 * over costs more than it saves. `DEALPULSE_THREAD_MIN_BYTES` changes it (tests use 0).
 */
export function threadMinBytes(): number {
  const env = process.env['DEALPULSE_THREAD_MIN_BYTES'];
  const n = env === undefined || env.trim() === '' ? NaN : Number(env);
  return Number.isFinite(n) && n >= 0 ? n : 16 * 1024 * 1024;
}

/**
 * Whether this build can start the reading thread: the thread's code is the compiled
 * `history-thread-worker.js` next to this file (run from TypeScript sources, as in unit tests, the
 * history is read in the main thread).
 */
export function threadAvailable(): boolean {
  return !import.meta.url.endsWith('.ts');
}

/** What the thread read: the counts and diagnostics of the reader, and the events as a table. */
export interface ThreadHistory {
  read: Omit<ReadTableResult<unknown>, 'records'>;
  table: EventTable;
}

export interface HistoryThread {
  result: Promise<ThreadHistory>;
  /** Stop the thread (the main thread failed first); the result is then ignored. */
  cancel(): void;
}

export function readHistoryInThread(job: HistoryJob): HistoryThread {
  const { worker } = takeThread(HISTORY_WORKER, job);
  const result = new Promise<ThreadHistory>((resolve, reject) => {
    let settled = false;
    const settle = (then: () => void) => {
      if (settled) return;
      settled = true;
      then();
    };
    worker.on('message', (m: HistoryMessage) => {
      if (m.kind === 'progress') readProgress.listener?.(m.file, m.rows, m.done);
      else if (m.kind === 'done') settle(() => resolve({ read: m.result, table: m.packed }));
      else settle(() => reject(errorFrom(m, job.options.display)));
    });
    worker.on('error', (err) => settle(() => reject(err)));
    worker.on('exit', (code) => settle(() => reject(new Error(`the thread reading ${job.options.display} stopped without a result (exit code ${code})`))));
  });
  // The result is awaited only after the deals are read; a history that fails sooner must wait for
  // that (and lose to an error of the deals file, as in the main thread), not end the process as an
  // unhandled rejection.
  result.catch(() => undefined);
  return {
    result,
    cancel: () => void worker.terminate(),
  };
}

/** The thread's error as the main thread would have thrown it: same class (exit code), same message. */
export function errorFrom(m: ThreadError, file: string): Error {
  if (m.name === 'InputError') return new InputError(m.message);
  if (m.name === 'ConfigError') return new ConfigError(m.message);
  if (m.name === 'UsageError') return new UsageError(m.message);
  const err = new Error(`reading ${file}: ${m.message}`);
  if (m.stack !== undefined) err.stack = `${err.message}\n(in the reading thread) ${m.stack}`;
  return err;
}
