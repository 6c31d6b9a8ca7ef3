// Reads every file a command needs, as the config describes them, into one Dataset: records,
// per-file counts and all row diagnostics. Paths in the config are relative to the config file;
// `--deals/--history/--payments` override them (relative to the working directory).
import { statSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config/load-config.js';
import type { Diagnostic } from '../model/diagnostic.js';
import { InputError } from '../model/errors.js';
import type { Deal, Payment, StageEvent } from '../model/records.js';
import { presetFor } from './presets/index.js';
import type { Preset } from './presets/preset.js';
import { DealsOutOfOrder, readDeals, type ReadDealsOptions } from './read-deals.js';
import { readHistory } from './read-history.js';
import { eventsOf, packEvents, type EventTable } from '../model/event-table.js';
import { readPayments } from './read-payments.js';
import { readProgress, type FileStats, type ReadTableResult } from './read-table.js';
import { readHistoryInThread, threadAvailable, threadMinBytes } from './history-thread.js';
import { memoryWarning } from './memory-estimate.js';

/** What a read says besides its records: per-file counts, diagnostics, notes, the as-of cut. */
export interface DatasetSummary {
  files: FileStats[];
  diagnostics: Diagnostic[];
  /** Facts about the reading worth showing (column choices of a preset…). */
  notes: string[];
  /** What the --as-of view left out (set by the CLI when it applies the view). */
  asOfCut?: import('../metrics/as-of.js').AsOfCut;
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
  /** The command only counts deals: see ReadDealsOptions.countingOnly. */
  countingOnly?: boolean;
  /** Told before reading when the files are likely to outgrow the heap (memory-estimate.ts). */
  onMemoryWarning?: (text: string) => void;
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
  const warning = memoryWarning({
    dealsBytes: fileSize(dealsAt.absolute),
    historyBytes: historyInput === undefined ? 0 : fileSize(historyInput.path),
    countingOnly: options.countingOnly === true,
    eventTable: options.eventTable === true,
  });
  if (warning !== undefined) options.onMemoryWarning?.(warning);
  // A big history is read in a thread of its own meanwhile (history-thread.ts).
  const historyThread =
    historyInput !== undefined && threadAvailable() && fileSize(historyInput.path) >= threadMinBytes()
      ? readHistoryInThread({
          options: { path: historyInput.path, display: historyInput.display, file: historyInput.file, timezone: historyInput.timezone, currency: historyInput.currency },
          presetName: historyInput.presetName,
          progress: readProgress.listener !== undefined,
        })
      : undefined;
  let deals: Awaited<ReturnType<typeof readDeals>>;
  try {
    deals = await readDeals({ ...dealsReadOptions(config, options), wideHistory });
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
 * Hands the deals file's deals to `onDeal` one by one as they are read and keeps none of them:
 * memory stays bounded whatever the size of the file. Only the deals file is read. Returns what
 * `loadDataset` would, without the records — or undefined when the deal ids are not in strict order
 * (`DealsOutOfOrder`): repeated ids are then possible, and their last row must win, so the caller
 * reads the file whole instead (`loadDataset`), after forgetting what it was handed.
 */
export async function streamDeals(config: Config, options: LoadOptions, onDeal: (deal: Deal) => void): Promise<DatasetSummary | undefined> {
  const read = dealsReadOptions(config, options);
  // Only a regular file can be read a second time: a pipe (`--deals <(…)`, /dev/stdin, a FIFO) is
  // read whole at once.
  if (!isRegularFile(read.path)) return undefined;
  try {
    const result = await readDeals({ ...read, onDeal });
    return { files: [result.stats], diagnostics: [...result.diagnostics], notes: [...result.stats.notes] };
  } catch (err) {
    if (!(err instanceof DealsOutOfOrder)) throw err;
    readProgress.listener?.(read.display, 0, true); // the line of the first pass is cleared
    return undefined;
  }
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
  return { absolute, display: path.relative(options.cwd, absolute) || absolute };
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
