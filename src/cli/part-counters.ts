// Counters that the reading threads of read-deals-in-parts.ts run on their parts of a deals file.
// A thread makes its counter from plain data (this module is loaded there by URL, `countPart` called
// with the plan's args), counts its deals as they stood at --as-of — as `readDataInto` does in the
// main thread — and hands back the counts, which the main thread's counter then takes in.
import { dealAsOf, emptyCut, type AsOfCut } from '../metrics/as-of.js';
import { conversionCounter, type ConversionCounts, type ConversionOptions } from '../metrics/conversion.js';
import type { PartSink } from '../io/read-deals-in-parts.js';

/** The counters a thread can make, by name, from their options. */
const counters = {
  conversion: (options: ConversionOptions) => conversionCounter(options),
};

export type PartCounterName = keyof typeof counters;

export interface PartCountArgs {
  counter: PartCounterName;
  options: unknown;
  /** --as-of in epoch ms. */
  limit: number;
}

/** What a thread's counter hands back: its counts and what the --as-of view left out. */
export interface PartCountState {
  counts: ConversionCounts;
  cut: AsOfCut;
}

export function countPart(args: PartCountArgs): PartSink {
  const counter = counters[args.counter](args.options as ConversionOptions);
  const cut = emptyCut();
  return {
    add(deal) {
      const seen = dealAsOf(deal, args.limit, cut);
      if (seen !== undefined) counter.add(seen);
    },
    state: (): PartCountState => ({ counts: counter.state(), cut }),
  };
}

/** Where `countPart` lives, for the threads. */
export const PART_COUNTERS_MODULE = import.meta.url;
