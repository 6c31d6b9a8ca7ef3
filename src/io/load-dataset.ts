// Reads every file a command needs, as the config describes them, into one Dataset: records,
// per-file counts and all row diagnostics. Paths in the config are relative to the config file;
// `--deals/--history/--payments` override them (relative to the working directory).
import { statSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config/load-config.js';
import type { Diagnostic } from '../model/diagnostic.js';
import { InputError } from '../model/errors.js';
import type { CountedDeal, Deal, Payment, StageEvent } from '../model/records.js';
import { presetFor } from './presets/index.js';
import type { Preset } from './presets/preset.js';
import { DealsOutOfOrder, readDeals, type FreeLabel, type ReadDealsOptions, type ReadDealsResult } from './read-deals.js';
import { readHistory } from './read-history.js';
import { eventsOf, packEvents, type EventTable } from '../model/event-table.js';
import { readPayments } from './read-payments.js';
import type { FileStats } from '../model/diagnostic.js';
import { readProgress, type ReadTableResult } from './read-table.js';
import { readHistoryInThread, threadAvailable, threadMinBytes } from './history-thread.js';
import { memoryWarning, type DealsKept } from './memory-estimate.js';
import { byteTextFor, partsFor, readDealsInParts, streamInto, type PartSinkPlan } from './read-deals-in-parts.js';
import { PartBoundary } from './csv/tokenizer.js';
import { displayPath } from '../model/display-path.js';

/** What a read says besides its records: per-file counts, diagnostics, notes, the as-of cut. */
export interface DatasetSummary {
  files: FileStats[];
  diagnostics: Diagnostic[];
  /** Facts about the reading worth showing (column choices of a preset…). */
  notes: string[];
  /** What the --as-of view left out (set by the CLI when it applies the view). */
  asOfCut?: import('../model/as-of.js').AsOfCut;
}

export interface Dataset extends DatasetSummary {
  deals: Deal[];
  /**
   * The stage events as a table, instead of `events`, for a command that asked for it
   * (`LoadOptions.eventTable`).
   */
  eventTable?: EventTable;
  /** Absent when the config has no history file (and no --history). */
  events?: StageEvent[];
  payments?: Payment[];
}

/** Takes deals one by one; `reset` forgets them all (the read starts over). */
export interface DealSink {
  add(deal: Deal): void;
  /** Streamed, the deals come as counted views when the sink has this (`ReadDealsOptions.onCounted`). */
  addCounted?(deal: CountedDeal): void;
  reset(): void;
  /** What it keeps of them, for the memory estimate (memory-estimate.ts); nothing when absent. */
  keeps?: 'nothing' | 'columns';
  /**
   * The sink counts, in any order, and can run in reading threads too: a big deals file is then
   * read in parts side by side (read-deals-in-parts.ts).
   */
  parts?: PartSinkPlan;
}

export interface LoadOptions {
  cwd: string;
  asOf: Date;
  overrides?: { deals?: string; history?: string; payments?: string };
  /** Which optional files the command reads. */
  history?: boolean;
  payments?: boolean;
  /**
   * The command works on the events' table (funnel): give `eventTable`, not `events`. A history
   * read in the thread then never becomes five million objects.
   */
  eventTable?: boolean;
  /**
   * Hand the deals to this sink instead of keeping them (`Dataset.deals` stays empty): memory for
   * the records the command makes of them only (`readDealsInto`).
   */
  dealSink?: DealSink;
  /** The command only counts deals: see ReadDealsOptions.countingOnly. */
  countingOnly?: boolean;
  /** With countingOnly: the free labels the command uses (ReadDealsOptions.countingLabels). */
  countingLabels?: readonly FreeLabel[];
  /** Told before reading when the files are likely to outgrow the heap (memory-estimate.ts). */
  onMemoryWarning?: (text: string) => void;
  /** The heap limit the warning compares with; Node's own when absent (tests set it). */
  heapLimit?: number;
}

export async function loadDataset(config: Config, options: LoadOptions): Promise<Dataset> {
  const dealsFile = config.data.deals;
  const dealsAt = locate(config, options, dealsFile.path, options.overrides?.deals);
  const historyFile = config.data.history;
  const dealsPreset = presetNamed(dealsFile.preset).deals;
  // The wide form (HubSpot's per-stage columns on the deals file) is the history when no history
  // file is configured or given.
  const wideHistory = options.history === true && !historyFile && options.overrides?.history === undefined && dealsPreset.wideHistory !== undefined;
  // History and payments are read alike: the config's file section, or an override path that
  // borrows the deals file's reading settings (encoding, delimiter, date format, preset).
  const secondary = <K extends 'history' | 'payments'>(kind: K) => {
    const override = options.overrides?.[kind];
    const configured = config.data[kind];
    if (!options[kind] || (!configured && override === undefined)) return undefined;
    const file = configured ?? { ...dealsFile, path: override!, columns: {} };
    const at = locate(config, options, file.path, override);
    return {
      path: at.absolute,
      display: at.display,
      file,
      preset: presetNamed(file.preset)[kind] ?? { columns: {} },
      presetName: file.preset,
      timezone: config.timezone,
      currency: config.currency,
    };
  };
  const historyInput = secondary('history');
  // Said once, before reading: for the way the deals will be kept — again, when a deal sink has to
  // take the deals of a whole read after all (`readDealsInto`), unless it was said already.
  let warned = false;
  const warnFor = (deals: DealsKept) => {
    const warning = memoryWarning(
      {
        dealsBytes: fileSize(dealsAt.absolute),
        historyBytes: historyInput === undefined ? 0 : fileSize(historyInput.path),
        deals,
        eventTable: options.eventTable === true,
      },
      options.heapLimit,
    );
    if (warning === undefined || warned) return;
    warned = true;
    options.onMemoryWarning?.(warning);
  };
  const wholeRead: DealsKept = options.countingOnly ? 'counting' : 'whole';
  warnFor(options.dealSink === undefined ? wholeRead : options.dealSink.keeps === 'columns' ? 'columns' : 'none');
  // A big history is read in a thread of its own meanwhile (history-thread.ts).
  const historyThread =
    historyInput !== undefined && threadAvailable() && fileSize(historyInput.path) >= threadMinBytes()
      ? readHistoryInThread({
          options: { path: historyInput.path, display: historyInput.display, file: historyInput.file, timezone: historyInput.timezone, currency: historyInput.currency },
          presetName: historyInput.presetName,
          progress: readProgress.listener !== undefined,
          group: options.eventTable === true,
        })
      : undefined;
  let deals: ReadDealsResult;
  try {
    const read = { ...dealsReadOptions(config, options), wideHistory };
    deals =
      options.dealSink === undefined
        ? await readDeals(read)
        : await readDealsInto(read, dealsFile.preset, options.dealSink, () => warnFor(wholeRead), historyThread === undefined ? 0 : 1);
  } catch (err) {
    historyThread?.cancel();
    throw err;
  }
  const dataset: Dataset = {
    deals: deals.records,
    files: [deals.stats],
    diagnostics: [...deals.diagnostics],
    notes: [...deals.stats.notes],
  };
  if (deals.events) {
    if (options.eventTable) dataset.eventTable = packEvents(deals.events);
    else dataset.events = deals.events;
  }

  const absorb = (result: Omit<ReadTableResult<unknown>, 'records'>) => {
    dataset.files.push(result.stats);
    dataset.diagnostics.push(...result.diagnostics);
    dataset.notes.push(...result.stats.notes);
  };
  if (historyInput) {
    // The thread's events come as a table, the main thread's as objects; each command gets the form
    // it asked for.
    if (historyThread) {
      const { read, table } = await historyThread.result;
      absorb(read);
      if (options.eventTable) dataset.eventTable = table;
      else dataset.events = eventsOf(table);
    } else {
      const read = await readHistory(historyInput);
      absorb(read);
      if (options.eventTable) dataset.eventTable = packEvents(read.records);
      else dataset.events = read.records;
    }
  }
  const paymentsInput = secondary('payments');
  if (paymentsInput) {
    const payments = await readPayments(paymentsInput);
    dataset.payments = payments.records;
    absorb(payments);
  }
  return dataset;
}

/**
 * Switch for tests: off, a `dealSink` is always handed the deals of a whole read, so that the
 * streamed and the whole read can be compared on the same files (test/cli/count-deals.test.ts).
 */
export const dealStreaming = { enabled: true };

/**
 * The deals handed to `sink` as they are read, none kept (the result's `records` is empty). That
 * needs deal ids in strict order (`DealsOutOfOrder`: a repeated id's last row must win, which a
 * stream cannot honour once the earlier row is handed over), a file that can be read twice (not a
 * pipe: the fallback reads it again) and no wide history on the same rows; otherwise, or from the
 * first id out of order on, the sink is reset and handed the deals of a whole read. A big file is
 * read in parts side by side when the sink can be (`DealSink.parts`), on the cores that `busy` other
 * reading threads leave.
 */
async function readDealsInto(read: ReadDealsOptions, presetName: string | undefined, sink: DealSink, beforeWholeRead: () => void, busy: number): Promise<ReadDealsResult> {
  if (dealStreaming.enabled && !read.wideHistory && isRegularFile(read.path)) {
    try {
      const size = fileSize(read.path);
      const count = sink.parts === undefined ? 1 : partsFor(size, busy);
      const parted = count > 1 ? await readDealsInParts(read, presetName, sink, sink.parts!, size, count) : undefined;
      if (parted !== undefined) return parted;
      try {
        return await readDeals({ ...read, bytes: byteTextFor(read.path), ...streamInto(sink) });
      } catch (err) {
        if (!(err instanceof PartBoundary)) throw err;
        // What byte text cannot settle (a byte that is not UTF-8, a field over the size limit in
        // bytes) is read again as text, which says what is wrong, where.
        readProgress.listener?.(read.display, 0, true);
        sink.reset();
      }
      return await readDeals({ ...read, ...streamInto(sink) });
    } catch (err) {
      if (!(err instanceof DealsOutOfOrder)) throw err;
      readProgress.listener?.(read.display, 0, true); // the line of the first pass is cleared
      sink.reset();
    }
  }
  beforeWholeRead();
  const whole = await readDeals(read);
  for (const deal of whole.records) sink.add(deal);
  return { ...whole, records: [] };
}

function isRegularFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false; // the whole read says why it cannot be read
  }
}

/** How the deals file is read, from the config and the command's options. */
function dealsReadOptions(config: Config, options: LoadOptions): ReadDealsOptions {
  const dealsFile = config.data.deals;
  const at = locate(config, options, dealsFile.path, options.overrides?.deals);
  const pipelines = Object.values(config.pipelines);
  return {
    path: at.absolute,
    display: at.display,
    file: dealsFile,
    preset: presetNamed(dealsFile.preset).deals,
    ...(options.countingOnly ? { countingOnly: true } : {}),
    ...(options.countingOnly && options.countingLabels !== undefined ? { countingLabels: options.countingLabels } : {}),
    timezone: config.timezone,
    currency: config.currency,
    pipelineWon: pipelines.flatMap((p) => p.won),
    pipelineLost: pipelines.flatMap((p) => p.lost),
    booleanFields: new Set(Object.values(config.commission?.plans ?? {}).flatMap((p) => p.require)),
    ...(config.margin_rate ? { marginRate: config.margin_rate } : {}),
    asOf: options.asOf,
  };
}

/** Paths in the config are relative to the config file, overrides to the working directory. */
function locate(config: Config, options: LoadOptions, fromConfig: string | undefined, override: string | undefined) {
  const absolute = override !== undefined ? path.resolve(options.cwd, override) : path.resolve(path.dirname(config.configPath), fromConfig!);
  return { absolute, display: displayPath(options.cwd, absolute) };
}

function presetNamed(name: string | undefined): Preset {
  const p = presetFor(name);
  if (!p) throw new InputError(`preset "${name}" is not available in this version of dealpulse`);
  return p;
}

/** Bytes of a file, 0 when it cannot be read (the reader then says why, in the main thread). */
function fileSize(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}
