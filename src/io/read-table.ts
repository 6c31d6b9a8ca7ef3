// The loop every reader shares: open a CSV, map its columns, turn each record into a typed record
// or a diagnostic. A row is never lost silently: it is used, or skipped with a reason and its line.
// Counts are kept so that `rows read = rows used + rows skipped` can be shown and checked.
import type { Diagnostic, FileStats } from '../model/diagnostic.js';
import { InputError } from '../model/errors.js';
import { isRun, openCsv, openCsvPart, type CleanRun, type CsvFile, type CsvHead, type CsvRecord } from './csv/csv-file.js';
import { fastPath } from './values/fast-path.js';
import { PartBoundary, type CellText } from './csv/tokenizer.js';
import { mapColumns, type ColumnMapping } from './map-columns.js';
import type { FilePreset } from './presets/preset.js';

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

/** How the reason of a cell left empty ends (`RowView.unreadable`). */
export const UNREADABLE_KEPT = ' (the cell is left empty)';

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

/**
 * What `build` sees of one record: cells by canonical field, trimmed, empty → undefined. The record
 * is its fields, or a plain line of text with the places of its fields (`resetLine`): then a cell
 * is cut from the text only when it is asked for.
 */
export class RowView {
  line = 0;
  private fieldsOfRecord: string[] | undefined = [];
  private lineText = '';
  private bounds: Int32Array = new Int32Array(0);
  readonly kept: Diagnostic[] = [];

  constructor(
    readonly file: string,
    readonly header: readonly string[],
    readonly mapping: ColumnMapping,
    /**
     * Fields whose unreadable cell makes the row bad; with `keepUnreadable`, any other field's is
     * left empty and the row kept (`unreadable`).
     */
    private readonly requiredFields: readonly string[] = [],
    private readonly keepUnreadable = false,
  ) {}

  reset(line: number, fields: string[]): void {
    this.line = line;
    this.fieldsOfRecord = fields;
    this.kept.length = 0;
  }

  /** A plain line: field i is `text.slice(bounds[2i], bounds[2i + 1])` (`plainFields`). */
  resetLine(line: number, text: string, bounds: Int32Array): void {
    this.line = line;
    this.fieldsOfRecord = undefined;
    this.lineText = text;
    this.bounds = bounds;
    this.kept.length = 0;
  }

  /** Field `i` as it is in the file, undefined past the last one. */
  private raw(i: number): string | undefined {
    if (this.fieldsOfRecord !== undefined) return this.fieldsOfRecord[i];
    return 2 * i < this.bounds.length ? this.lineText.slice(this.bounds[2 * i]!, this.bounds[2 * i + 1]!) : undefined;
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
    return i === undefined ? undefined : cell(this.raw(i));
  }

  /** The trimmed cell of a column by its 0-based index (columns no field maps, e.g. wide history). */
  cellAt(index: number): string | undefined {
    return cell(this.raw(index));
  }

  customText(name: string): string | undefined {
    const i = this.mapping.custom.get(name);
    return i === undefined ? undefined : cell(this.raw(i));
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
   * A cell that cannot be read. Only a required field makes the row bad (skipped); where the reader
   * keeps unreadable cells (deals: `keepUnreadable`), another field's cell is left empty and the row
   * kept with a warning — an unreadable expected close date must not lose a deal.
   */
  unreadable(field: string, reason: string, value?: string): undefined {
    if (!this.keepUnreadable || this.requiredFields.includes(field)) this.fail(field, reason, value);
    const d: Diagnostic = { file: this.file, line: this.line, field, reason: `${reason}${UNREADABLE_KEPT}`, action: 'kept', code: 'unreadable-cell' };
    const column = this.columnOf(field);
    if (column !== undefined) d.column = column;
    if (value !== undefined) d.value = value;
    this.kept.push(d);
    return undefined;
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

export function cell(raw: string | undefined): string | undefined {
  if (raw === undefined || raw.length === 0) return undefined;
  // Most cells begin and end with a printable ASCII character: nothing to trim (every cell of
  // every row passes here). Anything else — spaces, NBSP, a BOM, Cyrillic — takes trim().
  const first = raw.charCodeAt(0);
  const last = raw.charCodeAt(raw.length - 1);
  if (first > 0x20 && first < 0x7f && last > 0x20 && last < 0x7f) return raw.length <= 4 && isNullWord(raw) ? undefined : raw;
  const t = raw.trim();
  return t === '' || (t.length <= 4 && isNullWord(t)) ? undefined : t;
}

/**
 * The words database dumps and spreadsheets write for "no value": MySQL's `\N`, `NULL`, Excel's
 * `#N/A`, `N/A` — a missing cell, never a value (a manager named NULL, an expected close date `\N`).
 */
const NULL_WORDS = new Set(['\\n', 'null', '#n/a', 'n/a']);

function isNullWord(text: string): boolean {
  const c = text.charCodeAt(0);
  // Only these first characters start one (most cells: one comparison).
  return (c === 0x5c || c === 0x4e || c === 0x6e || c === 0x23) && NULL_WORDS.has(text.toLowerCase());
}

/**
 * `cell` of the field `text.slice(start, end)` of a plain line (`plainFields`); on byte text
 * (`FastRowInfo.cellText`) decoded first, then trimmed — a byte of a Cyrillic letter may be the
 * byte of a no-break space, which trimming would take off.
 */
export function cellIn(text: string, start: number, end: number, cellText?: CellText): string | undefined {
  const raw = text.slice(start, end);
  return cell(cellText === undefined ? raw : cellText(raw));
}

/**
 * The cells of a plain line (`FastRow`) that repeat on every line — stages, managers, pipelines —
 * as `cell` would give them, passed through `intern` as a reader's `build` passes them (default:
 * `detach`, so that a kept value never holds on to its chunk of text). A text seen before is
 * recognised in place, by the cell's own characters, without cutting (and later hashing) a new
 * string for each line. Up to `limit` texts of up to `MAX_LENGTH` characters are kept. On byte text
 * (`FastRowInfo.cellText`) the characters recognised are the cell's bytes, and its value is made of
 * them once.
 */
export class RepeatedCells {
  private static readonly MAX_LENGTH = 256;
  /**
   * The cells kept, as they are in the text, in an open-addressed table by a hash of a few of their
   * characters (`slotOf`): a cell is compared with the texts of its slot and the next ones until an
   * empty slot, about one comparison a cell, where a list by length compared a cell with every
   * manager's name as long as it (50 managers, 18 of them with 8 letters, in the bench file).
   */
  private readonly raws: (string | undefined)[] = new Array<string | undefined>(SLOTS).fill(undefined);
  /** Their values, in the same slots. */
  private readonly values: (string | undefined)[] = new Array<string | undefined>(SLOTS).fill(undefined);
  private kept = 0;
  private readonly intern: (text: string | undefined) => string | undefined;
  private readonly cellText: CellText | undefined;
  private readonly limit: number;

  constructor(options: { intern?: (text: string | undefined) => string | undefined; cellText?: CellText | undefined; limit?: number } = {}) {
    this.intern = options.intern ?? detach;
    this.cellText = options.cellText;
    // The table is never full: a probe always ends at an empty slot.
    this.limit = Math.min(options.limit ?? 64, SLOTS / 2);
  }

  /** `intern(cell(text.slice(start, end)))` (the slice through `cellText` on byte text). */
  at(text: string, start: number, end: number): string | undefined {
    const length = end - start;
    const short = length > 0 && length <= RepeatedCells.MAX_LENGTH;
    let slot = short ? slotOf(text, start, length) : 0;
    if (short) {
      for (let raw = this.raws[slot]; raw !== undefined; raw = this.raws[slot]) {
        if (raw.length === length && text.startsWith(raw, start)) return this.values[slot];
        slot = (slot + 1) & (SLOTS - 1);
      }
    }
    const value = this.intern(cellIn(text, start, end, this.cellText));
    if (short && value !== undefined && this.kept < this.limit) {
      this.kept++;
      // The cell as it is in the text, kept apart from its chunk, as values are (`detach`). `slot`
      // is the empty one its probe ended at.
      const raw = text.slice(start, end);
      this.raws[slot] = raw === value ? value : detach(raw);
      this.values[slot] = value;
    }
    return value;
  }
}

/** Slots of a `RepeatedCells` table: a power of two, twice its most texts. */
const SLOTS = 256;

/** Where a cell of `length` ≥ 1 at `start` starts its probe: its length, first, middle and last characters. */
function slotOf(text: string, start: number, length: number): number {
  const h = length * 31 + text.charCodeAt(start) * 7 + text.charCodeAt(start + (length >> 1)) * 3 + text.charCodeAt(start + length - 1);
  return (h ^ (h >>> 8)) & (SLOTS - 1);
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
  /** An unreadable cell of a field not `required` is left empty, the row kept with a warning (`RowView.unreadable`). */
  keepUnreadable?: boolean;
  /** Kept here so that `build` can see the delimiter (it hints how numbers are written). */
  onOpen?: (info: { delimiter: string; header: readonly string[]; mapping: ColumnMapping }) => void;
  /** Read one part of the file only (read-deals-in-parts.ts). */
  part?: TablePart;
  /**
   * Read plain lines as byte text (csv/decode.ts `byteStream`) when the fast paths are on and the
   * file is UTF-8 or Windows-1251: the fast row then reads its text cells through `cellText`
   * (`FastRowInfo`). What byte text cannot settle (a byte that is not UTF-8, a field over the size
   * limit in bytes) throws `PartBoundary`: the caller reads the file again without.
   */
  bytes?: boolean;
  /**
   * The reader's fast way to read plain lines straight from the text (`FastRows`); asked for once the
   * columns are mapped. Not used while the fast paths are off (tests compare both ways), nor for
   * a file whose preset knows report footers (a footer-looking line must be held back first).
   */
  fastRows?: (info: FastRowInfo) => FastRow<unknown> | undefined;
}

/** What a reader's fast row is made for: the file's lines as cut, and how their text is held. */
export interface FastRowInfo {
  delimiter: string;
  width: number;
  trailingDelimiter: boolean;
  mapping: ColumnMapping;
  /**
   * Set when the lines are byte text (`TablePart.bytes`): a cell kept as text is
   * `cellText(text.slice(start, end))`; numbers and dates are ASCII, read in place as ever.
   */
  cellText?: CellText;
}

/**
 * The fields of a plain line (`FastRow`) as it is cut into them: field i is
 * `text.slice(bounds[2i], bounds[2i + 1])`. False when the line does not have the header's number of
 * fields (with a trailing delimiter: one more, empty), which the careful way reports.
 */
export function plainFields(text: string, start: number, end: number, delimiter: string, width: number, trailingDelimiter: boolean, bounds: Int32Array): boolean {
  let at = start;
  for (let i = 0; i < width; i++) {
    let next = text.indexOf(delimiter, at);
    if (next === -1 || next > end) next = end;
    else if (i === width - 1) {
      // One delimiter more than the header has: only a trailing one with nothing after it.
      if (!trailingDelimiter || next + delimiter.length !== end) return false;
    }
    if (next === end && i < width - 1) return false;
    bounds[2 * i] = at;
    bounds[2 * i + 1] = next;
    at = next + delimiter.length;
  }
  return true;
}

/**
 * How the lines of plain-line runs were read, since the process started (tests check with it that
 * the fast ways were taken): by a reader's fast row, by `build` on the line's text, as records;
 * and `cells`: the records among them (quoted lines) that the fast row read (`FastRow.cells`).
 */
export const plainLines = { fast: 0, line: 0, record: 0, cells: 0 };

/** What a fast row gives back when the line is not one it reads: the careful way reads it. */
export const CAREFUL: unique symbol = Symbol('careful');

/**
 * What a fast row gives back when it handed the line's record to its own sink (a counting read's,
 * read-deals-fast.ts): the line is used, and nothing more is made of it here.
 */
export const HANDED: unique symbol = Symbol('handed');

/**
 * Reads the data line `text.slice(start, end)` (no line break; physical line `line`; no quote, so
 * its fields are the text between delimiters): the record `build` would make of it, or CAREFUL
 * for anything it does not read exactly as the careful way would — a missing or padded cell, a
 * field count that does not fit the header, a value in another form, any problem to report.
 */
export interface FastRow<T> {
  (text: string, start: number, end: number, line: number): T | typeof CAREFUL | typeof HANDED;
  /**
   * The same for a record the tokenizer made where plain lines come as runs — a line with a quoted
   * cell (a title with the delimiter in it…) — with the header's number of fields and no problem:
   * read from its cells, unquoted (on byte text still byte text, `CsvRecord.raw`), by the same
   * rules as a plain line's. Undefined: such records go the careful way.
   */
  cells?: (cells: readonly string[], line: number) => T | typeof CAREFUL | typeof HANDED;
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
  /** A part that ends before the file (`TablePart.end`): the physical line where the next part starts. */
  nextLine?: number;
}

/**
 * Reads a whole file through `build`. `build` returns a record, or throws RowProblem (skipped);
 * calls to `row.warn` keep the row with a diagnostic. With `sink`, each record is handed to it as it
 * is read and none is kept (`records` stays empty): a file of any size in bounded memory.
 */
export async function readTable<T>(options: ReadTableOptions, build: (row: RowView) => T, sink?: (record: T) => void): Promise<ReadTableResult<T>> {
  const part = options.part;
  const footer = options.preset.footer ?? [];
  // Plain lines come as runs of text (read without a record each) unless the fast paths are off
  // or the preset knows footers (a footer-looking line must be held back, as a record).
  const cleanRuns = fastPath.enabled && footer.length === 0;
  const csv = await openTable(options, part, cleanRuns);
  const first = part === undefined || part.start === 0;
  const width = csv.header.length;
  let mapping: ColumnMapping;
  let fastRow: FastRow<T> | undefined;
  try {
    mapping = mapColumns({
      file: options.display,
      header: csv.header,
      explicit: options.explicit,
      ...(options.custom ? { custom: options.custom } : {}),
      preset: options.preset,
      required: options.required,
    });
    options.onOpen?.({ delimiter: csv.delimiter, header: csv.header, mapping });
    fastRow = cleanRuns
      ? (options.fastRows?.({
          delimiter: csv.delimiter,
          width,
          trailingDelimiter: csv.trailingDelimiter,
          mapping,
          ...(csv.cellText !== undefined ? { cellText: csv.cellText } : {}),
        }) as FastRow<T> | undefined)
      : undefined;
  } catch (err) {
    // A file whose columns do not fit (a required one missing…) is open, its first chunks read:
    // closed before the error is said, or its descriptor would stay open.
    await csv.close();
    throw err;
  }
  const fastCells = fastRow?.cells;
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
  const row = new RowView(options.display, csv.header, mapping, options.required, options.keepUnreadable === true);
  // A plain line of one field could be blank (spaces only), which only a record tells.
  const bounds = width >= 2 ? new Int32Array(2 * width) : undefined;
  const skip = (line: number, reason: string, extra: Partial<Diagnostic> = {}) => {
    stats.rowsSkipped++;
    diagnostics.push({ file: options.display, line, reason, action: 'skipped', ...extra });
  };

  /** A row used: kept or handed to the sink (or already handed over by the fast row), and counted. */
  const use = (built: T | typeof HANDED) => {
    if (built !== HANDED) {
      if (sink === undefined) records.push(built);
      else sink(built);
    }
    stats.rowsUsed++;
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
    // A quoted line among plain ones: the fast row reads its cells when it reads them as build would.
    const cells = record.fields.length !== width ? undefined : csv.cellText === undefined ? record.fields : record.raw;
    if (fastCells !== undefined && cells !== undefined) {
      const built = fastCells(cells, record.line);
      if (built !== CAREFUL) {
        use(built);
        plainLines.cells++;
        return;
      }
    }
    row.reset(record.line, record.fields);
    buildRow(record.line);
  };

  /** `build` on the row in `row`: used, or skipped with the reason it gave. */
  const buildRow = (line: number) => {
    try {
      use(build(row));
      diagnostics.push(...row.kept);
    } catch (err) {
      if (!(err instanceof RowProblem)) throw err;
      const extra: Partial<Diagnostic> = {};
      if (err.field !== undefined) extra.field = err.field;
      if (err.column !== undefined) extra.column = err.column;
      if (err.value !== undefined) extra.value = err.value;
      skip(line, err.reason, extra);
    }
  };

  /**
   * The lines of a run of plain lines, line by line in file order: the reader's fast row, else
   * `build` on the line's text, else its record. Runs come only from a file without footers
   * (nothing is held back).
   */
  const processRun = (run: CleanRun) => {
    const { text } = run;
    let asRecords: CsvRecord[] | undefined;
    let fast = 0;
    let onLine = 0;
    for (let k = 0, at = run.start; k < run.count; k++) {
      const lineBreak = text.indexOf('\n', at);
      const line = run.line + k;
      const end = lineBreak > at && text.charCodeAt(lineBreak - 1) === 0x0d ? lineBreak - 1 : lineBreak;
      const built = fastRow === undefined ? CAREFUL : fastRow(text, at, end, line);
      if (built !== CAREFUL) {
        stats.rowsRead++;
        stats.lastLine = line;
        use(built);
        fast++;
      } else if (bounds !== undefined && plainFields(text, at, end, csv.delimiter, width, csv.trailingDelimiter, bounds)) {
        // The careful way on the line's text: `build` as for its record, the cells cut on demand.
        onLine++;
        stats.rowsRead++;
        stats.lastLine = line;
        if (csv.cellText === undefined) row.resetLine(line, text, bounds);
        else {
          // Byte text: the line decoded, its fields cut again — the same in number, since the
          // delimiters are ASCII bytes, which no decoded character is made of.
          const lineText = csv.cellText(text.slice(at, end));
          if (!plainFields(lineText, 0, lineText.length, csv.delimiter, width, csv.trailingDelimiter, bounds)) {
            throw new Error(`${options.display}:${line}: the decoded line has other fields than its bytes`);
          }
          row.resetLine(line, lineText, bounds);
        }
        buildRow(line);
      } else {
        // Not the header's number of fields (or one field): its record says so, as ever.
        asRecords ??= csv.recordsOf(run);
        process(asRecords[k]!);
      }
      at = lineBreak + 1;
    }
    plainLines.fast += fast;
    plainLines.line += onLine;
    plainLines.record += run.count - fast - onLine;
  };

  // A footer is only a footer at the end of the file: footer-looking and blank records are held
  // back until a data record (then they are ordinary rows again) or the end of the file.
  const footerLike = (record: CsvRecord): string | undefined => {
    if (footer.length === 0) return undefined;
    const first = record.fields.find((f) => f.trim() !== '')?.trim();
    return first !== undefined && footer.some((re) => re.test(first)) ? first : undefined;
  };
  const held: CsvRecord[] = [];
  let sinceProgress = 0;
  for await (const batch of csv.batches()) {
    for (const record of batch) {
      if (isRun(record)) {
        sinceProgress += record.count;
        if (sinceProgress >= PROGRESS_EVERY) {
          sinceProgress = 0;
          readProgress.listener?.(options.display, stats.rowsRead, false);
        }
        processRun(record);
        continue;
      }
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
    const nextLine = csv.nextLine();
    return { records, diagnostics, stats, mapping, ...(nextLine !== undefined ? { nextLine } : {}) };
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

async function openTable(options: ReadTableOptions, part: TablePart | undefined, cleanRuns: boolean): Promise<CsvFile> {
  if (part !== undefined && part.start > 0) return openCsvPart(options.path, part.head, { ...part, cleanRuns, bytes: options.bytes === true });
  const csv = await openCsv(options.path, {
    displayName: options.display,
    encoding: options.encoding as never,
    delimiter: options.delimiter as never,
    cleanRuns,
    bytes: options.bytes === true,
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
