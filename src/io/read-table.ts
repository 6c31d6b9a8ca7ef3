// The loop every reader shares: open a CSV, map its columns, turn each record into a typed record
// or a diagnostic. A row is never lost silently: it is used, or skipped with a reason and its line.
// Counts are kept so that `rows read = rows used + rows skipped` can be shown and checked.
import type { Diagnostic } from '../model/diagnostic.js';
import { InputError } from '../model/errors.js';
import { openCsv, openCsvPart, type CsvFile, type CsvHead, type CsvRecord } from './csv/csv-file.js';
import { PartBoundary } from './csv/tokenizer.js';
import { mapColumns, type ColumnMapping } from './map-columns.js';
import type { FilePreset } from './presets/preset.js';

export interface FileStats {
  /** The file as named in messages. */
  file: string;
  encoding: string;
  delimiter: string;
  /** Data records in the file (blank lines included), header excluded. */
  rowsRead: number;
  rowsUsed: number;
  rowsSkipped: number;
  blankLines: number;
  /**
   * Lines of a report footer after the data (Salesforce `Grand Totals (N records)`, confidentiality
   * and copyright lines, the blank lines before them): ignored, and not counted in `rowsRead`.
   */
  footerLines: number;
  /** Physical line of the last record, for "the file may have been truncated" checks. */
  lastLine: number;
  notes: string[];
}

/**
 * Progress of long reads. The CLI installs a listener only when stderr is a terminal (SPEC §5:
 * nothing but the report on stdout, no progress noise in cron logs); readers stay silent otherwise.
 */
export const readProgress: { listener?: (file: string, rows: number, done: boolean) => void } = {};
const PROGRESS_EVERY = 1 << 16;

/**
 * One string per distinct text. Cells are fresh strings on every row; values that repeat (managers,
 * stages, deal ids in a history) are kept once, which saves memory on big files and makes later map
 * lookups cheaper (a string remembers its hash).
 */
export function interner(): <T extends string | undefined>(text: T) => T {
  const known = new Map<string, string>();
  return <T extends string | undefined>(text: T): T => {
    if (text === undefined) return text;
    const found = known.get(text);
    if (found !== undefined) return found as T;
    const kept = detach(text);
    known.set(kept, kept);
    return kept as T;
  };
}

/**
 * A copy of a cell's text that does not hold on to the file. Cells are cut from chunks of decoded
 * text (`DEFAULT_HIGH_WATER_MARK` bytes of file each), and V8 keeps a substring of 13 or more characters as a slice that refers
 * to its whole chunk: kept for the whole run (a title, an id), every such value would keep its chunk
 * alive — the whole file, twice over for Cyrillic text. Joining forces a flat copy of the value alone.
 */
export function detach<T extends string | undefined>(text: T): T {
  if (text === undefined || text.length < 13) return text;
  return (' ' + text).slice(1) as T;
}

/** Thrown by cell readers inside `build`: the row is skipped with this reason. */
export class RowProblem extends Error {
  constructor(
    readonly reason: string,
    readonly field?: string,
    readonly column?: string,
    readonly value?: string,
  ) {
    super(reason);
  }
}

/** What `build` sees of one record: cells by canonical field, trimmed, empty → undefined. */
export class RowView {
  line = 0;
  private fieldsOfRecord: string[] = [];
  readonly kept: Diagnostic[] = [];

  constructor(
    readonly file: string,
    readonly header: readonly string[],
    readonly mapping: ColumnMapping,
  ) {}

  reset(line: number, fields: string[]): void {
    this.line = line;
    this.fieldsOfRecord = fields;
    this.kept.length = 0;
  }

  has(field: string): boolean {
    return this.mapping.fields.has(field);
  }

  /** Header of the column a field is read from. */
  columnOf(field: string): string | undefined {
    const i = this.mapping.fields.get(field) ?? this.mapping.custom.get(field);
    return i === undefined ? undefined : this.header[i];
  }

  text(field: string): string | undefined {
    const i = this.mapping.fields.get(field);
    return i === undefined ? undefined : cell(this.fieldsOfRecord[i]);
  }

  /** The trimmed cell of a column by its 0-based index (columns no field maps, e.g. wide history). */
  cellAt(index: number): string | undefined {
    return cell(this.fieldsOfRecord[index]);
  }

  customText(name: string): string | undefined {
    const i = this.mapping.custom.get(name);
    return i === undefined ? undefined : cell(this.fieldsOfRecord[i]);
  }

  /** A required text cell: missing makes the row bad. */
  required(field: string): string {
    const v = this.text(field);
    if (v === undefined) throw new RowProblem('is empty, but it is required', field, this.columnOf(field));
    return v;
  }

  /** Turn a failed cell parse into a skipped row. */
  fail(field: string, reason: string, value?: string): never {
    throw new RowProblem(reason, field, this.columnOf(field), value);
  }

  /**
   * A problem that is not this row's alone (an amount in another currency, a date form refused on
   * purpose): the run stops with file:line, because skipping row after row would hide the fix.
   */
  fatal(field: string, reason: string): never {
    throw new InputError(`${this.file}:${this.line}: field "${field}": ${reason}`);
  }

  /** A doubtful but usable row: keep it, and say why. */
  warn(reason: string, field?: string): void {
    const d: Diagnostic = { file: this.file, line: this.line, reason, action: 'kept' };
    if (field !== undefined) {
      d.field = field;
      const column = this.columnOf(field);
      if (column !== undefined) d.column = column;
    }
    this.kept.push(d);
  }
}

function cell(raw: string | undefined): string | undefined {
  if (raw === undefined || raw.length === 0) return undefined;
  // Most cells begin and end with a printable ASCII character: nothing to trim (every cell of
  // every row passes here). Anything else — spaces, NBSP, a BOM, Cyrillic — takes trim().
  const first = raw.charCodeAt(0);
  const last = raw.charCodeAt(raw.length - 1);
  if (first > 0x20 && first < 0x7f && last > 0x20 && last < 0x7f) return raw;
  const t = raw.trim();
  return t === '' ? undefined : t;
}

export interface ReadTableOptions {
  path: string;
  /** How the file is named in messages (relative to the working directory). */
  display: string;
  encoding: string;
  delimiter: string;
  explicit: Readonly<Record<string, string | undefined>>;
  custom?: Readonly<Record<string, string>>;
  preset: FilePreset;
  required: readonly string[];
  /** Kept here so that `build` can see the delimiter (it hints how numbers are written). */
  onOpen?: (info: { delimiter: string; header: readonly string[]; mapping: ColumnMapping }) => void;
  /** Read one part of the file only (read-deals-in-parts.ts). */
  part?: TablePart;
}

/**
 * A byte range of the file (csv/file-parts.ts) and what the top of the file said (`head`, from
 * opening it whole). The first part (`start` 0) reads the header and must find the same head;
 * a later one starts at physical line `line` with no header. The mapping's notes and warnings are
 * the first part's alone. A part that ends before the file does must end on a record boundary,
 * and must not end on lines that could be a report footer (whether they are depends on what
 * follows): `PartBoundary` otherwise.
 */
export interface TablePart {
  start: number;
  end?: number;
  line: number;
  head: CsvHead;
}

export interface ReadTableResult<T> {
  records: T[];
  diagnostics: Diagnostic[];
  stats: FileStats;
  mapping: ColumnMapping;
}

/**
 * Reads a whole file through `build`. `build` returns a record, or throws RowProblem (skipped);
 * calls to `row.warn` keep the row with a diagnostic. With `sink`, each record is handed to it as it
 * is read and none is kept (`records` stays empty): a file of any size in bounded memory.
 */
export async function readTable<T>(options: ReadTableOptions, build: (row: RowView) => T, sink?: (record: T) => void): Promise<ReadTableResult<T>> {
  const part = options.part;
  const csv = await openTable(options, part);
  const first = part === undefined || part.start === 0;
  const mapping = mapColumns({
    file: options.display,
    header: csv.header,
    explicit: options.explicit,
    ...(options.custom ? { custom: options.custom } : {}),
    preset: options.preset,
    required: options.required,
  });
  options.onOpen?.({ delimiter: csv.delimiter, header: csv.header, mapping });
  const stats: FileStats = {
    file: options.display,
    encoding: csv.encoding,
    delimiter: csv.delimiter,
    rowsRead: 0,
    rowsUsed: 0,
    rowsSkipped: 0,
    blankLines: 0,
    footerLines: 0,
    lastLine: 1,
    notes: first ? [...mapping.notes] : [],
  };
  const records: T[] = [];
  // Column choices the user did not make (a preset picking the first of two same-named columns)
  // are warnings, not just notes: they must show up wherever the numbers do.
  const diagnostics: Diagnostic[] = (first ? mapping.notes : [])
    .filter((note) => note.includes(' appears in '))
    .map((note) => ({ file: options.display, line: 1, reason: note.startsWith(`${options.display}: `) ? note.slice(options.display.length + 2) : note, action: 'kept' as const }));
  const row = new RowView(options.display, csv.header, mapping);
  const skip = (line: number, reason: string, extra: Partial<Diagnostic> = {}) => {
    stats.rowsSkipped++;
    diagnostics.push({ file: options.display, line, reason, action: 'skipped', ...extra });
  };

  const process = (record: CsvRecord) => {
    stats.rowsRead++;
    stats.lastLine = record.line;
    if (record.fields.length === 0 || (record.fields.length === 1 && record.fields[0]!.trim() === '')) {
      stats.blankLines++;
      skip(record.line, 'blank line');
      return;
    }
    const footerText = footerLike(record);
    if (footerText !== undefined) {
      skip(record.line, `"${footerText}" looks like a report footer, but data rows follow it: a footer belongs at the end of the file`);
      return;
    }
    if (record.problems && record.problems.length > 0) {
      skip(record.line, record.problems.join('; '));
      return;
    }
    row.reset(record.line, record.fields);
    try {
      const built = build(row);
      if (sink === undefined) records.push(built);
      else sink(built);
      stats.rowsUsed++;
      diagnostics.push(...row.kept);
    } catch (err) {
      if (!(err instanceof RowProblem)) throw err;
      const extra: Partial<Diagnostic> = {};
      if (err.field !== undefined) extra.field = err.field;
      if (err.column !== undefined) extra.column = err.column;
      if (err.value !== undefined) extra.value = err.value;
      skip(record.line, err.reason, extra);
    }
  };

  // A footer is only a footer at the end of the file: footer-looking and blank records are held
  // back until a data record (then they are ordinary rows again) or the end of the file.
  const footer = options.preset.footer ?? [];
  const footerLike = (record: CsvRecord): string | undefined => {
    if (footer.length === 0) return undefined;
    const first = record.fields.find((f) => f.trim() !== '')?.trim();
    return first !== undefined && footer.some((re) => re.test(first)) ? first : undefined;
  };
  const held: CsvRecord[] = [];
  let sinceProgress = 0;
  for await (const batch of csv.batches()) {
    for (const record of batch) {
      if (++sinceProgress === PROGRESS_EVERY) {
        sinceProgress = 0;
        readProgress.listener?.(options.display, stats.rowsRead + held.length, false);
      }
      if (footer.length > 0 && (isBlankRecord(record) || footerLike(record) !== undefined)) {
        held.push(record);
        continue;
      }
      if (held.length > 0) for (const r of held.splice(0)) process(r);
      process(record);
    }
  }
  if (part?.end !== undefined) {
    if (held.length > 0) throw new PartBoundary('a part ends on lines that may be a footer');
    return { records, diagnostics, stats, mapping };
  }
  const footerTexts = held.flatMap((r) => footerLike(r) ?? []);
  if (footerTexts.length > 0) {
    stats.footerLines = held.length;
    const first = held[0]!.line;
    const last = held[held.length - 1]!.line;
    stats.notes.push(
      `${options.display}: line${first === last ? ` ${first}` : `s ${first}–${last}`} ${first === last ? 'is' : 'are'} the report's footer (${footerTexts.map((t) => `"${t}"`).join(', ')}): ignored, not data`,
    );
  } else {
    for (const r of held) process(r);
  }
  // A part does not know the file's last line: the parts' reader checks it (read-deals-in-parts.ts).
  const cut = part === undefined ? spreadsheetCut(options.display, stats.lastLine) : undefined;
  if (cut !== undefined) diagnostics.push(cut);
  readProgress.listener?.(options.display, stats.rowsRead, true);
  return { records, diagnostics, stats, mapping };
}

async function openTable(options: ReadTableOptions, part: TablePart | undefined): Promise<CsvFile> {
  if (part !== undefined && part.start > 0) return openCsvPart(options.path, part.head, part);
  const csv = await openCsv(options.path, {
    displayName: options.display,
    encoding: options.encoding as never,
    delimiter: options.delimiter as never,
    ...(part?.end !== undefined ? { end: part.end } : {}),
  });
  // The first part saw less of the file than the whole read did (the trailing-delimiter sample):
  // it must have come to the same conclusions, or the parts would not be read alike.
  if (part !== undefined && !sameHead(csv, part.head)) {
    await csv.close();
    throw new PartBoundary('the first part reads differently from the whole file (encoding, delimiter or header)');
  }
  return csv;
}

function sameHead(a: CsvHead, b: CsvHead): boolean {
  return (
    a.encoding === b.encoding &&
    a.delimiter === b.delimiter &&
    a.trailingDelimiter === b.trailingDelimiter &&
    a.rawHeader.length === b.rawHeader.length &&
    a.rawHeader.every((name, i) => name === b.rawHeader[i])
  );
}

function isBlankRecord(record: CsvRecord): boolean {
  return record.fields.every((f) => f.trim() === '');
}

/** Rows in an Excel sheet: a file that ends exactly there was probably cut by a re-save. */
const EXCEL_ROW_LIMIT = 1_048_576;

/** The warning for a file whose last record is on a spreadsheet's last row, if it is. */
export function spreadsheetCut(display: string, lastLine: number): Diagnostic | undefined {
  if (lastLine !== EXCEL_ROW_LIMIT) return undefined;
  return {
    file: display,
    line: lastLine,
    reason: `the file ends exactly at line ${EXCEL_ROW_LIMIT.toLocaleString('en')}, a spreadsheet's row limit: it may have been truncated by a spreadsheet; export it from the CRM again`,
    action: 'kept',
  };
}
