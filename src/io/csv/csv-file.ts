// Opening a CRM export as a stream of CSV records: detect the encoding and the delimiter, read the
// header (line 1), spot Bitrix24's trailing `;`, then hand out records that still know their
// physical line. Rows that do not fit the header are yielded with a problem, never dropped here:
// the caller decides (skip + warn, or fail in --strict). Memory stays bounded by one chunk plus one
// record, whatever the file size.

import { InputError } from '../../model/errors.js';
import {
  decodeFile,
  decodeFilePart,
  DEFAULT_HIGH_WATER_MARK,
  DEFAULT_SNIFF_BYTES,
  type CsvEncoding,
  type DecodedText,
  type ResolvedEncoding,
} from './decode.js';
import { DELIMITERS, detectTrailingDelimiter, findHeaderLineEnd, sniffDelimiter, type Delimiter } from './sniff.js';
import { isRun, PartBoundary, readRecordBatches, recordsOfRun, type CellText, type CleanRun, type CsvItem, type CsvRecord } from './tokenizer.js';

export type { CleanRun, CsvItem, CsvRecord } from './tokenizer.js';
export { isRun } from './tokenizer.js';
export type { CsvEncoding, ResolvedEncoding } from './decode.js';
export type { Delimiter } from './sniff.js';

export interface OpenCsvOptions {
  /** What messages call the file (default: `path`). */
  displayName?: string;
  encoding?: CsvEncoding;
  delimiter?: 'auto' | Delimiter;
  /** Bytes of file per decoded chunk (`DEFAULT_HIGH_WATER_MARK`); tests use tiny values to force chunk boundaries. */
  highWaterMark?: number;
  /** Bytes inspected by encoding `auto`, at least (default `DEFAULT_SNIFF_BYTES`, 96 KiB). */
  sniffBytes?: number;
  /** Limits that stop a broken quote from eating memory (characters; defaults 1 MiB and 16 MiB). */
  maxFieldSize?: number;
  maxRecordSize?: number;
  /**
   * Stop at this byte (exclusive), which must end a record: the first part of a file read in parts
   * (file-parts.ts). Reading a part that ends inside a record throws `PartBoundary`.
   */
  end?: number;
  /**
   * `batches()` may hold runs of plain data lines (`CleanRun`) instead of their records, for a
   * reader that takes such lines straight from the text (read-table.ts); `records()` never does.
   */
  cleanRuns?: boolean;
  /**
   * With `cleanRuns`, in UTF-8 and Windows-1251: the runs are byte text (csv/decode.ts
   * `byteStream`), for a reader that decodes the fields it keeps (`cellText`). Records come as text.
   */
  bytes?: boolean;
}

/** What the top of a file says about all of it: what a later part of the file is read with. */
export interface CsvHead {
  /** The display name used in messages. */
  file: string;
  /** The encoding used (detected when `auto`). */
  encoding: ResolvedEncoding;
  /** How the encoding was chosen (error messages say so). */
  detectedBy: DecodedText['detectedBy'];
  delimiter: Delimiter;
  /** Column names, trimmed of surrounding whitespace (and of a stray BOM); duplicates are kept. */
  header: string[];
  /** Column names exactly as in the file. */
  rawHeader: string[];
  /** Every line ends with one extra delimiter (Bitrix24); that empty last field is dropped. */
  trailingDelimiter: boolean;
}

export interface CsvFile extends CsvHead {
  /** Whether the file started with a byte-order mark. */
  bom: boolean;
  headerLine: 1;
  /**
   * The data records after the header, in file order; call once. Blank lines come as
   * `fields: []` (count them as skipped blank lines); a row whose field count differs from the
   * header's has the problem `expected N fields, found M`.
   */
  records(): AsyncGenerator<CsvRecord, void, undefined>;
  /**
   * The same records in batches (one per decoded chunk, never empty); call once, instead of
   * `records()`. Big files have millions of records: a batch is one await, a record would be one each.
   * Opened with `cleanRuns`, a batch may hold runs of plain lines in place of their records.
   */
  batches(): AsyncGenerator<CsvItem[], void, undefined>;
  /** The records of a run of plain lines, as `records()` would give them (fitted to the header). */
  recordsOf(run: CleanRun): CsvRecord[];
  /**
   * Set when the runs' text is byte text (`bytes`): a field cut from a run's text is
   * `cellText(raw)`. Records are text either way.
   */
  cellText?: CellText;
  /**
   * A part that ends before the file (`end`), read to its end: the physical line where the next
   * part starts. Undefined before then, and for a read to the end of the file.
   */
  nextLine(): number | undefined;
  /** Release the file without reading further (not needed after `records()` ran to the end). */
  close(): Promise<void>;
}

/** How much text may precede the header's line break before we sniff on what we have. */
const HEADER_SCAN_LIMIT = 1024 * 1024;
/** Data rows looked at to confirm a trailing delimiter. */
const TRAILING_SAMPLE = 20;

export async function openCsv(path: string, opts: OpenCsvOptions = {}): Promise<CsvFile> {
  const file = opts.displayName ?? path;
  if (opts.delimiter !== undefined && opts.delimiter !== 'auto' && !DELIMITERS.includes(opts.delimiter)) {
    throw new InputError(
      `${file}: unsupported delimiter ${JSON.stringify(opts.delimiter)}; use auto, ",", ";", "|" or a tab`,
    );
  }
  const decoded = await decodeFile(path, file, opts.encoding ?? 'auto', {
    highWaterMark: opts.highWaterMark ?? DEFAULT_HIGH_WATER_MARK,
    sniffBytes: opts.sniffBytes ?? DEFAULT_SNIFF_BYTES,
    ...(opts.end !== undefined ? { end: opts.end } : {}),
    bytes: opts.cleanRuns === true && opts.bytes === true,
  });
  const cellText = decoded.cellText;
  const lines: { next?: number } = {};
  let recs: AsyncGenerator<CsvItem[], void, undefined> | undefined;
  const close = async (): Promise<void> => {
    await recs?.return(undefined);
    await decoded.close();
  };
  try {
    // Peek at text until the first physical line is complete, to sniff the delimiter from it.
    const peeked: string[] = [];
    let headText = '';
    let lineEnd = -1;
    for (;;) {
      const r = await decoded.chunks.next();
      if (r.done) break;
      peeked.push(r.value);
      headText += r.value;
      if (/[\r\n]/.test(r.value)) lineEnd = findHeaderLineEnd(headText);
      if (lineEnd >= 0 || headText.length >= HEADER_SCAN_LIMIT) break;
    }
    // The limit counts characters: in byte text, a line that long is left to the careful read.
    if (lineEnd < 0 && cellText !== undefined && headText.length >= HEADER_SCAN_LIMIT) throw new PartBoundary('a first line over the scan limit in bytes');
    const headerLine = lineEnd >= 0 ? headText.slice(0, lineEnd) : headText.slice(0, HEADER_SCAN_LIMIT);
    if (/^\s*<(!doctype\s+html|html|table|head|meta)\b/i.test(cellText === undefined ? headerLine : cellText(headerLine))) {
      throw new InputError(
        `${file}: this is an HTML page (Bitrix24's "Excel" export is an HTML table), not a CSV file; export the data as CSV`,
      );
    }
    const delimiter = opts.delimiter && opts.delimiter !== 'auto' ? opts.delimiter : sniffDelimiter(headerLine);

    const batchesOf = readRecordBatches(resume(peeked, decoded.chunks), {
      delimiter,
      file,
      maxFieldSize: opts.maxFieldSize,
      maxRecordSize: opts.maxRecordSize,
      openEnded: opts.end !== undefined,
      lines: lines as { next: number },
      // Line 1 is the header: a record.
      ...(opts.cleanRuns ? { cleanRunsFrom: 2 } : {}),
      ...(cellText !== undefined ? { cellText } : {}),
    });
    recs = batchesOf;
    // The records of the batch being read one by one (header, trailing-delimiter sample); the rest
    // of the batch goes on as it is.
    let pending: CsvItem[] = [];
    let pendingAt = 0;
    const nextRecord = async (): Promise<CsvRecord | undefined> => {
      while (pendingAt >= pending.length) {
        const r = await batchesOf.next();
        if (r.done) return undefined;
        pending = r.value;
        pendingAt = 0;
      }
      const item = pending[pendingAt]!;
      if (isRun(item)) {
        // Its first line as a record; the rest stays a run.
        const lineEnd = item.text.indexOf('\n', item.start) + 1;
        const rest: CsvItem[] = item.count > 1 ? [{ ...item, start: lineEnd, line: item.line + 1, count: item.count - 1 }] : [];
        pending.splice(pendingAt, 1, ...recordsOfRun({ ...item, end: lineEnd, count: 1 }, delimiter, file, cellText), ...rest);
      }
      return pending[pendingAt++] as CsvRecord;
    };

    const first = await nextRecord();
    if (first === undefined || isBlank(first)) {
      // Whitespace only (or nothing) is an empty file; content further down means a missing header.
      for (;;) {
        const r = first === undefined ? undefined : await nextRecord();
        if (r === undefined) throw new InputError(`${file}: the file is empty (no header, no data rows)`);
        if (!isBlank(r)) {
          throw new InputError(
            `${file}:1: the first line has no column names; the header must be on line 1 ` +
              `(the first non-empty line is ${r.line})`,
          );
        }
      }
    }
    const rawHeader = first.fields;
    // trim() also removes U+FEFF, so a doubled BOM does not stick to the first name.
    const header = rawHeader.map((name) => name.trim());

    const buffered: CsvRecord[] = [];
    let trailingDelimiter = false;
    if (header.length >= 2 && header[header.length - 1] === '') {
      const sample: string[][] = [];
      while (sample.length < TRAILING_SAMPLE) {
        const r = await nextRecord();
        if (r === undefined) break;
        buffered.push(r);
        if (r.fields.length > 0) sample.push(r.fields);
      }
      trailingDelimiter = detectTrailingDelimiter(header, sample);
      if (trailingDelimiter) {
        header.pop();
        rawHeader.pop();
      }
    }

    const { batches, records, recordsOf } = recordsAfter(file, delimiter, decoded, batchesOf, [...buffered, ...pending.slice(pendingAt)], header.length, trailingDelimiter);
    return {
      ...(cellText !== undefined ? { cellText } : {}),
      file,
      encoding: decoded.encoding,
      detectedBy: decoded.detectedBy,
      bom: decoded.bom,
      delimiter,
      header,
      rawHeader,
      headerLine: 1,
      trailingDelimiter,
      records,
      batches,
      recordsOf,
      nextLine: () => lines.next,
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}

/**
 * A later part of a file, as `head` (the first part's `openCsv`) describes the file: from byte
 * `start` — just after a line break, physical line `line` — up to `end` (exclusive; a record must
 * end there, else `PartBoundary`) or the end of the file. No header: every record is data.
 */
export function openCsvPart(
  path: string,
  head: CsvHead,
  range: { start: number; end?: number; line: number; cleanRuns?: boolean; bytes?: boolean },
  opts: Pick<OpenCsvOptions, 'maxFieldSize' | 'maxRecordSize'> = {},
): CsvFile {
  // Byte text only with runs: a reader of runs cuts the fields it keeps and decodes them.
  const decoded = decodeFilePart(path, head.file, head.encoding, head.detectedBy, range, range.cleanRuns === true && range.bytes === true);
  const lines: { next?: number } = {};
  const batchesOf = readRecordBatches(decoded.chunks, {
    lines: lines as { next: number },
    delimiter: head.delimiter,
    file: head.file,
    maxFieldSize: opts.maxFieldSize,
    maxRecordSize: opts.maxRecordSize,
    firstLine: range.line,
    openEnded: range.end !== undefined,
    // No header here: every line may be a plain data line.
    ...(range.cleanRuns ? { cleanRunsFrom: range.line } : {}),
    ...(decoded.cellText !== undefined ? { cellText: decoded.cellText } : {}),
  });
  const { batches, records, recordsOf } = recordsAfter(head.file, head.delimiter, decoded, batchesOf, [], head.header.length, head.trailingDelimiter);
  return {
    ...head,
    bom: false,
    headerLine: 1,
    records,
    batches,
    recordsOf,
    ...(decoded.cellText !== undefined ? { cellText: decoded.cellText } : {}),
    nextLine: () => lines.next,
    close: async () => {
      await batchesOf.return(undefined);
      await decoded.close();
    },
  };
}

/** The data records of an open file: those already taken from `batchesOf` first, then the rest. */
function recordsAfter(
  file: string,
  delimiter: string,
  decoded: DecodedText,
  batchesOf: AsyncGenerator<CsvItem[], void, undefined>,
  rest: CsvItem[],
  width: number,
  trailingDelimiter: boolean,
): Pick<CsvFile, 'batches' | 'records' | 'recordsOf'> {
  let used = false;
  async function* batches(): AsyncGenerator<CsvItem[], void, undefined> {
    if (used) throw new Error(`${file}: the records of a CsvFile can be read only once`);
    used = true;
    const fitAll = (batch: CsvItem[]) => {
      for (const item of batch) if (!isRun(item)) fit(item, width, trailingDelimiter);
      return batch;
    };
    try {
      if (rest.length > 0) yield fitAll(rest);
      for await (const batch of batchesOf) yield fitAll(batch);
    } finally {
      await decoded.close();
    }
  }
  const recordsOf = (run: CleanRun): CsvRecord[] => recordsOfRun(run, delimiter, file, decoded.cellText).map((r) => fit(r, width, trailingDelimiter));
  async function* records(): AsyncGenerator<CsvRecord, void, undefined> {
    for await (const batch of batches()) {
      for (const item of batch) {
        if (isRun(item)) yield* recordsOf(item);
        else yield item;
      }
    }
  }
  return { batches, records, recordsOf };
}

/** Drop the one trailing empty field and flag rows that do not match the header. */
function fit(record: CsvRecord, width: number, trailing: boolean): CsvRecord {
  const fields = record.fields;
  if (fields.length === 0) return record; // a blank line: the caller counts it
  if (trailing && fields.length === width + 1 && fields[width] === '') {
    fields.pop();
    record.raw?.pop();
  }
  if (fields.length !== width) (record.problems ??= []).push(`expected ${width} fields, found ${fields.length}`);
  return record;
}

function isBlank(record: CsvRecord): boolean {
  return record.fields.every((f) => f.trim() === '');
}

async function* resume(
  peeked: string[],
  rest: AsyncIterator<string, void, undefined>,
): AsyncGenerator<string, void, undefined> {
  try {
    for (const chunk of peeked) yield chunk;
    peeked.length = 0;
    for (;;) {
      const r = await rest.next();
      if (r.done) return;
      yield r.value;
    }
  } finally {
    await rest.return?.();
  }
}
