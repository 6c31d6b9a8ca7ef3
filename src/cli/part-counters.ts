// Counters that the reading threads of read-deals-in-parts.ts run on their parts of a deals file.
// A thread makes its counter from plain data (this module is loaded there by URL, `countPart` called
// with the plan's args), counts its deals as they stood at --as-of — as `readDataInto` does in the
// main thread — and hands back the counts, which the main thread's counter then takes in.
import { emptyCut, takeAsOf, type AsOfCut, type DealTaker } from '../model/as-of.js';
import { conversionCounter, type ConversionOptions } from '../metrics/conversion.js';
import { FunnelDeals } from '../metrics/funnel.js';
import type { PartSink } from '../io/read-deals-in-parts.js';

/** A counter a thread runs: deals (or their counted views) in, counts (or columns) out. */
interface PartCounter extends DealTaker {
  state(): unknown;
}

/** The counters a thread can make, by name, from their options. */
const counters = {
  conversion: (options: ConversionOptions) => conversionCounter(options),
  // Funnel keeps what it reads of its deals as columns; the main thread appends a part's in file order.
  funnel: (options: { by: string[] }) => new FunnelDeals(options.by),
} satisfies Record<string, (options: never) => PartCounter>;

export type PartCounterName = keyof typeof counters;

export interface PartCountArgs {
  counter: PartCounterName;
  options: unknown;
  /** --as-of in epoch ms. */
  limit: number;
}

/** What a thread's counter hands back: its counts and what the --as-of view left out. */
export interface PartCountState {
  /** The counter's `state()`. */
  counts: unknown;
  cut: AsOfCut;
}

export function countPart(args: PartCountArgs): PartSink {
  const counter: PartCounter = counters[args.counter](args.options as never);
  const cut = emptyCut();
  return {
    ...takeAsOf(counter, args.limit, cut),
    state: (): PartCountState => ({ counts: counter.state(), cut }),
  };
}

/**
 * Where `countPart` lives, for the threads: this module's file in dist/, and in the bundle the entry
 * of that name beside the chunk that holds this line (scripts/bundle.mjs), not the chunk itself.
 */
export const PART_COUNTERS_MODULE = new URL('./part-counters.js', import.meta.url).href;
