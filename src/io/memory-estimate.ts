// dealpulse keeps the records of an export in memory (the metrics look at all of them), so a big
// export can outgrow Node's heap, and Node then aborts with its own "heap out of memory" trace. When
// the files are big enough for that to be likely, the user is told first — with the fix — so the
// abort, if it comes, is explained. The factors are heap bytes per byte of CSV measured on the bench
// data (docs/PERFORMANCE.md): about 1.6 for deals kept as a table's columns (model/deal-table.ts;
// the counting commands' a little less), under 1.3 for funnel's deals (an upper bound), none for
// conversion's counting as it reads; 2.4 for a stage event kept as an object, 0.6 in an event
// table; rounded up.
import { getHeapStatistics } from 'node:v8';

/** How the deals are kept: whole, without what counting does not need, as funnel's columns, or not at all. */
export type DealsKept = 'whole' | 'counting' | 'columns' | 'none';

export interface InputSizes {
  dealsBytes: number;
  historyBytes: number;
  deals: DealsKept;
  /** funnel: the events kept as a table (model/event-table.ts), not as objects. */
  eventTable?: boolean;
}

const DEAL_FACTOR: Record<DealsKept, number> = { whole: 2, counting: 2, columns: 2, none: 0 };

const GIB = 1024 ** 3;

/** Heap bytes the records of files of these sizes are likely to take. */
export function estimatedHeapBytes(sizes: InputSizes): number {
  return sizes.dealsBytes * DEAL_FACTOR[sizes.deals] + sizes.historyBytes * (sizes.eventTable ? 1 : 3);
}

/** A warning when the estimate comes near the heap limit, else undefined. */
export function memoryWarning(sizes: InputSizes, heapLimit = getHeapStatistics().heap_size_limit): string | undefined {
  const needed = estimatedHeapBytes(sizes);
  if (needed < 0.8 * heapLimit) return undefined;
  const gib = (n: number) => `${(n / GIB).toFixed(1)} GB`;
  const suggestion = Math.ceil((needed * 1.5) / 1024 ** 2 / 1024) * 1024;
  return (
    `the files are big (${gib(sizes.dealsBytes + sizes.historyBytes)}): their records will take about ${gib(needed)} of memory, ` +
    `and Node's heap limit is ${gib(heapLimit)}; if dealpulse stops with "heap out of memory", run it with a bigger heap: ` +
    `NODE_OPTIONS=--max-old-space-size=${suggestion} dealpulse …`
  );
}
