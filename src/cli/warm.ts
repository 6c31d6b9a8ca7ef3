// The bundle's `warm.js` entry, loaded by bin/dealpulse.js before the program: the reading threads a
// command will want, started with the process (io/warm-threads.ts says why). It must stay small and
// import only io/warm-threads.ts.
import { availableParallelism } from 'node:os';
import { DEALS_PART_WORKER, HISTORY_WORKER, scavengeInOneThread, warmThread } from '../io/warm-threads.js';

/**
 * The threads worth warming for a run of `argv`: conversion reads a big deals file in parts, funnel
 * its stage history in a thread (load-dataset.ts). Not on one core (no thread is started there),
 * nor when `DEALPULSE_READ_PARTS=1` asks for the deals in one piece.
 */
export function warmThreadsFor(argv: readonly string[]): void {
  if (availableParallelism() < 2) return;
  const command = argv[2];
  const deals = command === 'conversion' && process.env['DEALPULSE_READ_PARTS']?.trim() !== '1';
  if (deals) warmThread(DEALS_PART_WORKER);
  if (command === 'funnel') warmThread(HISTORY_WORKER);
  if (deals || command === 'funnel') scavengeInOneThread();
}
