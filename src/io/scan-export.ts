// One pass over an export for `dealpulse init`: the dialect (encoding, delimiter), the column
// mapping a preset gives, and the facts a starter config needs — sample dates and amounts, stages
// per pipeline in order of first appearance with the status of the deals in them, managers,
// currencies, and the raw stage entries of a history (wide or separate file). Nothing is parsed
// for good here: dates wait until their format is guessed from the samples.
import type Big from 'big.js';
import { openCsv } from './csv/csv-file.js';
import { makeStatusReader } from './deal-status.js';
import { mapColumns } from './map-columns.js';
import type { FilePreset, Preset } from './presets/preset.js';
import { findWideHistoryColumns, type WideColumn } from './read-wide-history.js';
import { parseAmount } from './values/number.js';
import { isMissingDate } from './values/date.js';
import { decimalHintFor } from './cells.js';
import { columnsByName, headerWords, HISTORY_FIELD_NAMES, PAYMENT_FIELD_NAMES } from './presets/synonyms.js';
import { DEAL_FIELDS } from '../config/schema.js';
import type { DealStatus } from '../model/records.js';

/** Enough samples to see every date shape an export uses, few enough to keep init instant. */
const MAX_SAMPLES = 400;
/** History rows kept for the stage-order vote. */
const MAX_HISTORY_ROWS = 200_000;

export interface FileDialect {
  /** How messages name the file. */
  file: string;
  encoding: string;
  delimiter: string;
  header: string[];
}

export interface StageSeen {
  pipeline: string;
  stage: string;
  deals: Record<DealStatus, number>;
  /**
   * What the export's own order hint column says of the stage (`StageSortOrder`, `Probability`…:
   * `DealsScan.orderHint`), its values on the stage's rows; empty without one.
   */
  hints: number[];
}

export interface RawEntry {
  dealId: string;
  stage: string;
  /** The time as written; parsed once the format is known. */
  time: string;
}

export interface DealsScan extends FileDialect {
  /** Canonical (and preset-only) field → header, as the preset maps them. */
  mapped: Map<string, string>;
  /** Headers that appear more than once, with the 1-based columns: `init` must not map them explicitly. */
  duplicates: Map<string, number[]>;
  notes: string[];
  missingRequired: string[];
  /** Distinct deal ids (a deal on several product rows counts once). */
  rows: number;
  dateSamples: string[];
  amountSamples: string[];
  amounts: Big[];
  stages: StageSeen[];
  pipelines: string[];
  managers: string[];
  currencies: Map<string, number>;
  status: Record<DealStatus, number>;
  /** Status per deal (the last row of a repeated id wins, as in the reader). */
  dealPipeline: Map<string, string>;
  wideColumns: WideColumn[];
  wideEntries: RawEntry[];
  /** The header of a column that orders the stages (a sort order, a probability), if the export has one. */
  orderHint?: string;
}

/**
 * Columns CRMs write beside a deal's stage that order the stages: a sort order, then a probability
 * (a pipeline's stages rise in probability). Compared as header words (presets/synonyms.ts).
 */
const ORDER_HINTS = ['stage sort order', 'sort order', 'stage order', 'probability', 'probability %', 'win probability', 'вероятность'];

/** Fields the reader cannot do without (a file without ids numbers its deals by line). */
const REQUIRED = ['manager', 'created_at'];
const DATE_FIELDS = ['created_at', 'closed_at', 'expected_close_at', 'last_activity_at', 'stage_changed_at', 'modified_at', 'won_time', 'lost_time'];

function pushSample(list: string[], value: string | undefined, missing?: ReadonlySet<string>): void {
  if (value === undefined || list.length >= MAX_SAMPLES) return;
  // "No date" words (`не закрыта`) are not dates of another format.
  if (isMissingDate(value) || missing?.has(value.trim().toLowerCase())) return;
  list.push(value);
}

const cell = (fields: readonly string[], i: number | undefined) => {
  if (i === undefined) return undefined;
  const t = fields[i]?.trim();
  return t === undefined || t === '' ? undefined : t;
};

function duplicatesOf(header: readonly string[]): Map<string, number[]> {
  const at = new Map<string, number[]>();
  header.forEach((h, i) => {
    const key = h.trim();
    at.set(key, [...(at.get(key) ?? []), i + 1]);
  });
  return new Map([...at].filter(([, cols]) => cols.length > 1));
}

/**
 * `explicit`: columns the user named (`init --map field=header`), over the preset's. Fields that
 * neither finds are looked for by the names spreadsheets and other CRMs give them
 * (presets/synonyms.ts), each such choice said in the notes.
 */
export async function scanDeals(path: string, display: string, preset: Preset, explicit: Readonly<Record<string, string>> = {}): Promise<DealsScan> {
  const csv = await openCsv(path, { displayName: display });
  const filePreset = preset.deals;
  const mapping = mapColumns({ file: display, header: csv.header, explicit, preset: filePreset, required: [] });
  const unmapped = new Set<string>(DEAL_FIELDS.filter((f) => !mapping.fields.has(f)));
  for (const [field, column] of columnsByName(csv.header, unmapped, new Set(mapping.fields.values()))) {
    mapping.fields.set(field, column);
    mapping.notes.push(`${display}: "${csv.header[column]!.trim()}" read as ${field} (by its name)`);
  }
  const index = (field: string) => mapping.fields.get(field);
  const mapped = new Map([...mapping.fields].map(([f, i]) => [f, csv.header[i]!]));
  const statusOf = makeStatusReader(filePreset, { won: [], lost: [] });
  const hasStatus = mapping.fields.has('status');
  const decimalHint = decimalHintFor(csv.delimiter, filePreset.decimal);
  const wideColumns = filePreset.wideHistory ? findWideHistoryColumns(csv.header, filePreset.wideHistory) : [];
  const footer = filePreset.footer ?? [];
  const missing = new Set((filePreset.missingDates ?? []).map((w) => w.trim().toLowerCase()));
  const statusById = new Map<string, DealStatus>();

  const scan: DealsScan = {
    file: display,
    encoding: csv.encoding,
    delimiter: csv.delimiter,
    header: csv.header,
    mapped,
    duplicates: duplicatesOf(csv.header),
    notes: mapping.notes,
    missingRequired: REQUIRED.filter((f) => !mapping.fields.has(f)),
    rows: 0,
    dateSamples: [],
    amountSamples: [],
    amounts: [],
    stages: [],
    pipelines: [],
    managers: [],
    currencies: new Map(),
    status: { open: 0, won: 0, lost: 0 },
    dealPipeline: new Map(),
    wideColumns,
    wideEntries: [],
  };
  const stageAt = new Map<string, StageSeen>();
  const hintColumn = ORDER_HINTS.map((name) => csv.header.findIndex((h) => headerWords(h) === name)).find((i) => i !== -1);
  if (hintColumn !== undefined) scan.orderHint = csv.header[hintColumn]!.trim();
  const managers = new Set<string>();
  const pipelines = new Set<string>();

  for await (const record of csv.records()) {
    if (record.fields.length === 0 || (record.problems && record.problems.length > 0)) continue;
    const f = record.fields;
    const first = f.find((x) => x.trim() !== '')?.trim();
    if (first !== undefined && footer.some((re) => re.test(first))) continue;
    // Without an id column every row is a deal of its own (the reader numbers them by line).
    const id = index('id') === undefined ? `line ${record.line}` : cell(f, index('id'));
    if (id === undefined) continue;
    const pipeline = cell(f, index('pipeline')) ?? 'default';
    const stage = cell(f, index('stage'));
    const verdict = statusOf(
      { ...(hasStatus ? { status: cell(f, index('status')) } : {}), stage, flag: (field) => cell(f, index(field)) },
      hasStatus,
    );
    statusById.set(id, verdict.status);
    scan.dealPipeline.set(id, pipeline);
    pipelines.add(pipeline);
    const manager = cell(f, index('manager'));
    if (manager !== undefined) managers.add(manager);
    if (stage !== undefined) {
      const key = `${pipeline}\u0000${stage}`;
      let seen = stageAt.get(key);
      if (!seen) {
        seen = { pipeline, stage, deals: { open: 0, won: 0, lost: 0 }, hints: [] };
        stageAt.set(key, seen);
      }
      seen.deals[verdict.status]++;
      const hint = hintColumn === undefined ? undefined : cell(f, hintColumn);
      if (hint !== undefined && seen.hints.length < MAX_SAMPLES) {
        const n = Number(hint.replace('%', '').replace(',', '.').trim());
        if (Number.isFinite(n)) seen.hints.push(n);
      }
    }
    for (const field of DATE_FIELDS) pushSample(scan.dateSamples, cell(f, index(field)), missing);
    const amountText = cell(f, index('amount'));
    pushSample(scan.amountSamples, amountText);
    if (amountText !== undefined) {
      const a = parseAmount(amountText, { decimalHint });
      if (a.ok) scan.amounts.push(a.value.value);
    }
    const currency = cell(f, index('currency'));
    if (currency !== undefined) scan.currencies.set(currency, (scan.currencies.get(currency) ?? 0) + 1);
    for (const column of wideColumns) {
      const text = cell(f, column.index);
      if (text === undefined) continue;
      pushSample(scan.dateSamples, text, missing);
      if (scan.wideEntries.length < MAX_HISTORY_ROWS) scan.wideEntries.push({ dealId: id, stage: column.stage, time: text });
    }
  }
  scan.rows = statusById.size;
  for (const status of statusById.values()) scan.status[status]++;
  scan.stages = [...stageAt.values()];
  scan.pipelines = [...pipelines];
  scan.managers = [...managers];
  return scan;
}

export interface SideFileScan extends FileDialect {
  /** The preset whose header names fit (the CRM's, else generic). */
  preset: string;
  /** Field → header. */
  mapped: Map<string, string>;
  notes: string[];
  /** History only: `entries` (stage + entered_at) or `changes` (to_stage + changed_at). */
  form?: 'entries' | 'changes';
  /** History only: the entries, in file order (capped). */
  entries: RawEntry[];
  dateSamples: string[];
  amountSamples: string[];
  /** What could not be mapped: the file is left out of the config (commented) with this reason. */
  problem?: string;
}

/**
 * A history or payments file: the first preset (the CRM's, then generic) whose names find the
 * fields the file needs.
 */
export async function scanSideFile(path: string, display: string, kind: 'history' | 'payments', candidates: ReadonlyArray<{ name: string; preset: FilePreset }>): Promise<SideFileScan> {
  const csv = await openCsv(path, { displayName: display });
  const dialect: FileDialect = { file: display, encoding: csv.encoding, delimiter: csv.delimiter, header: csv.header };
  let chosen: { name: string; preset: FilePreset; fields: Map<string, number>; notes: string[]; form?: 'entries' | 'changes' } | undefined;
  for (const c of candidates) {
    const m = mapColumns({ file: display, header: csv.header, explicit: {}, preset: c.preset, required: [] });
    const has = (f: string) => m.fields.has(f);
    if (kind === 'history') {
      const form = has('to_stage') && has('changed_at') ? 'changes' : has('stage') && has('entered_at') ? 'entries' : undefined;
      if (has('deal_id') && form) {
        chosen = { name: c.name, preset: c.preset, fields: m.fields, notes: m.notes, form };
        break;
      }
    } else if (has('deal_id') && has('paid_at') && has('amount')) {
      chosen = { name: c.name, preset: c.preset, fields: m.fields, notes: m.notes };
      break;
    }
  }
  if (!chosen) {
    // No preset's names: the names other exports give these fields (presets/synonyms.ts).
    const fields = kind === 'history' ? ['deal_id', 'stage', 'entered_at'] : ['deal_id', 'paid_at', 'amount'];
    const byName = columnsByName(csv.header, new Set([...fields, ...(kind === 'payments' ? ['currency'] : [])]), new Set(), kind === 'history' ? HISTORY_FIELD_NAMES : PAYMENT_FIELD_NAMES);
    if (fields.every((f) => byName.has(f))) {
      const generic = candidates[candidates.length - 1]!;
      chosen = {
        name: generic.name,
        preset: generic.preset,
        fields: byName,
        notes: [...byName].map(([field, i]) => `${display}: "${csv.header[i]!.trim()}" read as ${field} (by its name)`),
        ...(kind === 'history' ? { form: 'entries' as const } : {}),
      };
    }
  }
  const result: SideFileScan = { ...dialect, preset: chosen?.name ?? 'generic', mapped: new Map(), notes: [], entries: [], dateSamples: [], amountSamples: [] };
  if (!chosen) {
    await csv.close();
    result.problem =
      kind === 'history'
        ? 'no known header names for deal_id with stage + entered_at (entries) or to_stage + changed_at (changes)'
        : 'no known header names for deal_id, paid_at and amount';
    return result;
  }
  result.mapped = new Map([...chosen.fields].map(([f, i]) => [f, csv.header[i]!]));
  result.notes = chosen.notes;
  if (chosen.form) result.form = chosen.form;
  const at = (f: string) => chosen!.fields.get(f);
  const stageField = chosen.form === 'changes' ? 'to_stage' : 'stage';
  const timeField = kind === 'payments' ? 'paid_at' : chosen.form === 'changes' ? 'changed_at' : 'entered_at';
  const separator = chosen.preset.stagePipelineSeparator;
  for await (const record of csv.records()) {
    if (record.fields.length === 0 || (record.problems && record.problems.length > 0)) continue;
    const f = record.fields;
    const dealId = cell(f, at('deal_id'));
    const time = cell(f, at(timeField));
    pushSample(result.dateSamples, time);
    if (kind === 'payments') {
      pushSample(result.amountSamples, cell(f, at('amount')));
      continue;
    }
    let stage = cell(f, at(stageField));
    const cut = separator === undefined || stage === undefined ? -1 : stage.indexOf(separator);
    if (cut > 0 && stage !== undefined && separator !== undefined) stage = stage.slice(cut + separator.length).trim();
    if (dealId !== undefined && stage !== undefined && time !== undefined && result.entries.length < MAX_HISTORY_ROWS) {
      result.entries.push({ dealId, stage, time });
    }
  }
  return result;
}

/** The median of amounts (for a starter zombie band), or undefined. */
export function medianAmount(amounts: readonly Big[]): Big | undefined {
  if (amounts.length === 0) return undefined;
  const sorted = [...amounts].sort((a, b) => a.cmp(b));
  return sorted[Math.floor((sorted.length - 1) / 2)];
}
