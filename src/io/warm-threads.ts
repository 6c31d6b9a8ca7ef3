// Reading threads started before their job is known. A thread costs ≈ 70 ms before it reads a byte
// (a V8 isolate, then its code compiled), and a command knows what to read only after its config
// (0.15–0.2 s into the run): a thread started with the process is ready by then, and the job is posted
// to it. On the 1m bench file the thread that reads the second half of the deals is the last to
// finish, so each ms of its start was a ms of the run (docs/PERFORMANCE.md, "Eighth round").
//
// Which threads a command warms is the CLI's to say (cli/warm.ts, the bundle's `warm.js` entry, which
// bin/dealpulse.js loads before the program): this module must stay small and import nothing of
// dealpulse's own. The program has a copy of it too; the warm
// threads are kept where both copies find them (`WARM_KEY`).
import { availableParallelism } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { parentPort, Worker, workerData } from 'node:worker_threads';

/** The reading threads' code, beside this module in dist/ and in the bundle alike (scripts/bundle.mjs). */
export const DEALS_PART_WORKER = new URL('./deals-part-worker.js', import.meta.url);
export const HISTORY_WORKER = new URL('./history-thread-worker.js', import.meta.url);

interface Warm {
  worker: Worker;
  /** It failed or stopped before it was handed a job: a new thread does the job instead. */
  gone: boolean;
}

// One map of warm threads per process: this module is in two bundles, `warm.js`, which bin/dealpulse.js
// loads first and which starts the threads, and the program (`main.cjs`, cli/load-program.ts), which
// takes them.
const WARM_KEY = Symbol.for('dealpulse.warmThreads');
const shared = globalThis as { [WARM_KEY]?: Map<string, Warm> };
const warm = (shared[WARM_KEY] ??= new Map<string, Warm>());

/**
 * Starts a thread on `url` that waits for its job (`takeThread`). It does not keep the process alive
 * while it waits: a run that needs no thread (a small file) ends as if it had never been started.
 */
export function warmThread(url: URL): Worker {
  const known = warm.get(url.href);
  if (known !== undefined) return known.worker;
  const entry: Warm = { worker: new Worker(url), gone: false };
  // Listened to from the start: an 'error' event nobody listens to would end the process.
  entry.worker.on('error', () => (entry.gone = true));
  entry.worker.on('exit', () => (entry.gone = true));
  entry.worker.unref();
  warm.set(url.href, entry);
  return entry.worker;
}

/**
 * Young-generation collections without helper threads, where the reading threads take every core
 * (up to four cores: a read uses as many threads, read-deals-in-parts.ts `partsFor`). V8 scavenges
 * with helper threads, which there only wait for a core that a reading thread holds: on the 1m
 * bench file a thread's scavenges took ≈ 70 ms with helpers, ≈ 45 ms without, and the run ≈ 25 ms
 * less (alternating runs, docs/PERFORMANCE.md "Ninth round"). A flag V8 reads at each scavenge, set
 * before the threads start allocating; it changes when memory is reclaimed, never what is computed.
 */
export function scavengeInOneThread(): void {
  if (availableParallelism() <= 4) setFlagsFromString('--no-parallel-scavenge');
}

/**
 * A thread running `url` on `job`: the warm one when there is one (the job is posted to it), else a
 * new one (the job is its `workerData`). The thread's code takes its job either way
 * (`jobOfThread`). `warm` says which it was (`DEALPULSE_DEBUG=parts` tells).
 */
export function takeThread(url: URL, job: unknown): { worker: Worker; warm: boolean } {
  const entry = warm.get(url.href);
  warm.delete(url.href);
  if (entry !== undefined && !entry.gone) {
    entry.worker.ref();
    entry.worker.postMessage(job);
    return { worker: entry.worker, warm: true };
  }
  return { worker: new Worker(url, { workerData: job }), warm: false };
}

/** In a reading thread: its job, its `workerData` or — in a warm thread — the first message it is sent. */
export function jobOfThread<T>(): Promise<T> {
  if (workerData !== undefined) return Promise.resolve(workerData as T);
  // While a warm thread waits, the main thread loads the program and its config, whose first time
  // zone check loads ICU's time-zone data: 12–16 ms, once for the process and all its threads. The
  // thread loads it meanwhile (an ICU lock makes a check that comes first wait for it, not load it
  // twice), so that the main thread finds it there and hands out the job that much earlier.
  new Intl.DateTimeFormat('en', { timeZone: 'UTC' }).format(0);
  return new Promise((resolve) => parentPort!.once('message', resolve));
}
