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
import { readDeals } from './read-deals.js';
import { readHistory } from './read-history.js';
import { readPayments } from './read-payments.js';
import { readProgress, type FileStats, type ReadTableResult } from './read-table.js';
import { readHistoryInThread, threadAvailable, threadMinBytes } from './history-thread.js';
import { memoryWarning } from './memory-estimate.js';

export interface Dataset {
  deals: Deal[];
  /** Absent when the config has no history file (and no --history). */
  events?: StageEvent[];
  payments?: Payment[];
  files: FileStats[];
  diagnostics: Diagnostic[];
  /** Facts about the reading worth showing (column choices of a preset…). */
  notes: string[];
  /** What the --as-of view left out (set by the CLI when it applies the view). */
  asOfCut?: import('../metrics/as-of.js').AsOfCut;
}

export interface LoadOptions {
  cwd: string;
  asOf: Date;
  overrides?: { deals?: string; history?: string; payments?: string };
  /** Which optional files the command reads. */
  history?: boolean;
  payments?: boolean;
  /** The command only counts deals: see ReadDealsOptions.countingOnly. */
  countingOnly?: boolean;
  /** Told before reading when the files are likely to outgrow the heap (memory-estimate.ts). */
  onMemoryWarning?: (text: string) => void;
}

export async function loadDataset(config: Config, options: LoadOptions): Promise<Dataset> {
  const configDir = path.dirname(config.configPath);
  const locate = (fromConfig: string | undefined, override: string | undefined) => {
    const absolute = override !== undefined ? path.resolve(options.cwd, override) : path.resolve(configDir, fromConfig!);
    return { absolute, display: path.relative(options.cwd, absolute) || absolute };
  };
  const preset = (name: string | undefined): Preset => {
    const p = presetFor(name);
    if (!p) throw new InputError(`preset "${name}" is not available in this version of dealpulse`);
    return p;
  };
  const pipelines = Object.values(config.pipelines);
  const booleanFields = new Set(Object.values(config.commission?.plans ?? {}).flatMap((p) => p.require));

  const dealsFile = config.data.deals;
  const dealsAt = locate(dealsFile.path, options.overrides?.deals);
  const historyFile = config.data.history;
  const dealsPreset = preset(dealsFile.preset).deals;
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
    const at = locate(file.path, override);
    return {
      path: at.absolute,
      display: at.display,
      file,
      preset: preset(file.preset)[kind] ?? { columns: {} },
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
    deals = await readDeals({
      path: dealsAt.absolute,
      display: dealsAt.display,
      file: dealsFile,
      preset: dealsPreset,
      wideHistory,
      ...(options.countingOnly ? { countingOnly: true } : {}),
      timezone: config.timezone,
      currency: config.currency,
      pipelineWon: pipelines.flatMap((p) => p.won),
      pipelineLost: pipelines.flatMap((p) => p.lost),
      booleanFields,
      ...(config.margin_rate ? { marginRate: config.margin_rate } : {}),
      asOf: options.asOf,
    });
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
  if (deals.events) dataset.events = deals.events;

  const absorb = (result: ReadTableResult<unknown>) => {
    dataset.files.push(result.stats);
    dataset.diagnostics.push(...result.diagnostics);
    dataset.notes.push(...result.stats.notes);
  };
  if (historyInput) {
    const history = historyThread ? await historyThread.result : await readHistory(historyInput);
    dataset.events = history.records;
    absorb(history);
  }
  const paymentsInput = secondary('payments');
  if (paymentsInput) {
    const payments = await readPayments(paymentsInput);
    dataset.payments = payments.records;
    absorb(payments);
  }
  return dataset;
}

/** Bytes of a file, 0 when it cannot be read (the reader then says why, in the main thread). */
function fileSize(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}
