// The reading thread of history-thread.ts: reads one stage-history file with the same reader as the
// main thread and posts the events back as columns, with the diagnostics and counts.
import { stat } from 'node:fs/promises';
import { parentPort } from 'node:worker_threads';
import { estimateLines } from './csv/file-parts.js';
import { groupEntries } from '../model/entry-groups.js';
import { EventColumnsBuilder } from '../model/event-table.js';
import type { HistoryJob, HistoryMessage } from './history-thread.js';
import { presetFor } from './presets/index.js';
import { readHistoryAs } from './read-history.js';
import { readProgress } from './read-table.js';
import { jobOfThread } from './warm-threads.js';

const job = await jobOfThread<HistoryJob>();
const port = parentPort!;
const post = (m: HistoryMessage, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);

if (job.progress) readProgress.listener = (file, rows, done) => post({ kind: 'progress', file, rows, done });
try {
  // As load-dataset.ts does for the main thread (the name was checked there).
  const preset = presetFor(job.presetName)?.history ?? { columns: {} };
  // Sized from the file (2 % spare): the columns are not copied through a doubling. A file that
  // cannot be read is the reader's to report, with its own message.
  const expected = await stat(job.options.path)
    .then(({ size }) => estimateLines(job.options.path, size))
    .catch(() => 0);
  const columns = new EventColumnsBuilder(expected * 1.02);
  // The columns are the store: nothing is handed on (no list of an entry per row).
  const read = await readHistoryAs(
    { ...job.options, preset },
    (dealId, stage, enteredMs, line, pipeline) => columns.add(dealId, stage, enteredMs, line, pipeline),
    () => undefined,
  );
  const { packed, transfer } = columns.pack(job.options.display);
  if (job.group) {
    const grouped = groupEntries(packed);
    packed.grouped = grouped;
    transfer.push(...[grouped.deals, grouped.start, grouped.entries, grouped.events].map((a) => a.buffer as ArrayBuffer));
  }
  post({ kind: 'done', packed, result: { diagnostics: read.diagnostics, stats: read.stats, mapping: read.mapping } }, transfer);
} catch (err) {
  const e = err instanceof Error ? err : new Error(String(err));
  post({ kind: 'error', name: e.constructor.name, message: e.message, ...(e.stack !== undefined ? { stack: e.stack } : {}) });
}
