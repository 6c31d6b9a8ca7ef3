// The thread of read-deals-in-parts.ts: reads one part of a deals file with the same reader as the
// main thread into the command's part sink, and posts back what the sink made of it, with the
// part's diagnostics and counts.
import { parentPort } from 'node:worker_threads';
import { Big } from '../model/money.js';
import { lineAt } from './csv/file-parts.js';
import { PartBoundary } from './csv/tokenizer.js';
import { presetFor } from './presets/index.js';
import { DealsOutOfOrder, readDeals } from './read-deals.js';
import { boundsOf, streamInto, type DealsPartJob, type DealsPartMessage, type PartSink } from './read-deals-in-parts.js';
import { readProgress } from './read-table.js';
import { jobOfThread } from './warm-threads.js';

const job = await jobOfThread<DealsPartJob>();
const port = parentPort!;
const post = (m: DealsPartMessage) => port.postMessage(m);

if (job.progress) readProgress.listener = (_file, rows) => post({ kind: 'progress', rows });
try {
  const made = ((await import(job.sink.module)) as Record<string, (args: unknown) => PartSink>)[job.sink.name];
  if (made === undefined) throw new Error(`${job.sink.module} has no part sink "${job.sink.name}"`);
  const sink = made(job.sink.args);
  // As load-dataset.ts does for the main thread (the name was checked there).
  const preset = presetFor(job.presetName)!.deals;
  const { marginRate, ...read } = job.read;
  const result = await readDeals({
    ...read,
    preset,
    ...(marginRate !== undefined ? { marginRate: new Big(marginRate) } : {}),
    part: { ...job.range, line: job.relative ? 1 : lineAt(read.path, job.range.start), head: job.head },
    ...streamInto(sink),
  });
  post({
    kind: 'done',
    read: {
      diagnostics: result.diagnostics,
      stats: result.stats,
      closedAtFallbacks: result.closedAtFallbacks,
      ...boundsOf(result),
      state: sink.state(),
    },
  });
} catch (err) {
  if (err instanceof DealsOutOfOrder) post({ kind: 'out of order', line: err.line });
  else if (err instanceof PartBoundary) post({ kind: 'boundary', why: err.message });
  else {
    const e = err instanceof Error ? err : new Error(String(err));
    post({ kind: 'error', name: e.constructor.name, message: e.message, ...(e.stack !== undefined ? { stack: e.stack } : {}) });
  }
}
