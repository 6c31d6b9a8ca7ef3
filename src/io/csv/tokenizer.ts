// A small streaming RFC 4180 tokenizer. We do not use csv-parse for reading because it stops at the
// first error (or, with skip_records_with_error, can swallow valid lines) and reports where records
// end; dealpulse must report every bad row at the physical line where it starts and keep going.
//
// Decisions:
// - `line` is the physical line where a record starts (1-based); CRLF, LF and lone CR each end a
//   line, inside quoted fields too.
// - A blank physical line is yielded as `{ line, fields: [] }`: the caller counts it as a skipped
//   blank line (a file's line numbers stay visible that way). A line with only a delimiter or a
//   quoted empty string `""` is not blank.
// - Quoting: a field is quoted only when `"` is its first character; `""` inside it is one quote.
//   A quote elsewhere in an unquoted field is kept literally and noted in `problems`; so is text
//   between a closing quote and the next delimiter (kept, appended to the field).
// - An unclosed quote at the end of the file, a field over `maxFieldSize` or a record over
//   `maxRecordSize` characters (UTF-16 code units) is an InputError: a broken quote must not make
//   the reader swallow the rest of a large file into memory.
//
// Speed: the scan jumps between delimiters, quotes and line breaks with indexOf, caching the next
// position of each so that no character is looked at twice; fields are slices, never built a
// character at a time. Chunk boundaries are handled by re-tokenizing the unfinished last record
// together with the next chunk (a record is small next to a chunk).

import { InputError } from '../../model/errors.js';

export interface CsvRecord {
  /** Physical line (1-based) where the record starts. */
  line: number;
  /** Field texts, unquoted and unescaped. `[]` for a blank line. */
  fields: string[];
  /** Non-fatal problems found while tokenizing this record (the fields are still usable text). */
  problems?: string[];
  /**
   * On byte text, for a record where plain lines come as runs (a quoted line among them): its fields
   * as byte text, before `cellText` — what a reader's fast way reads a plain line's cells from
   * (read-table.ts `FastRow.cells`).
   */
  raw?: string[];
}

/**
 * Consecutive plain lines, as they are in the text: each ends with LF or CRLF within the text, has
 * no quote, no other CR, is not empty and is no longer than the longest field. Such a line's fields
 * are its text cut at every delimiter — nothing to unquote — so a reader with a fast way to read a
 * line can take it from the text without a record (`TokenizerOptions.cleanRuns`); `recordsOfRun`
 * makes the records the tokenizer would have made of it, for anything else.
 */
export interface CleanRun {
  clean: true;
  text: string;
  /** The run is `text.slice(start, end)`; `end` is just past the last line break. */
  start: number;
  end: number;
  /** Physical line of the first line. */
  line: number;
  /** Lines in the run. */
  count: number;
}

/** What a tokenizer in `cleanRuns` mode hands out: records, and runs of plain lines. */
export type CsvItem = CsvRecord | CleanRun;

export interface TokenizerOptions {
  /** One character: `,` `;` tab `|`… */
  delimiter: string;
  /** Name of the file for error messages. */
  file: string;
  /** Longest field, in characters (default 1 MiB). */
  maxFieldSize?: number;
  /** Longest record, in characters (default 16 MiB). */
  maxRecordSize?: number;
  /** Physical line of the first character (default 1): a part of a file starts further down. */
  firstLine?: number;
  /**
   * Hand out plain lines as runs (`CleanRun`, with `pushItems`) from this physical line on;
   * undefined: never. The header and the lines read before the rows are known keep coming as records.
   */
  cleanRunsFrom?: number;
  /**
   * Set when the text is byte text (csv/decode.ts `byteStream`): how a field's bytes become its text.
   * Records are made of text with it (runs stay byte text, for a reader that decodes what it keeps).
   * A length is then bytes, which may be more than the characters the limits count, so a field or
   * record over a limit is no proof of an error: `PartBoundary` instead, and the careful read of the
   * whole file decides.
   */
  cellText?: CellText;
}

/** A field's text made of its byte text (`TokenizerOptions.cellText`). */
export type CellText = (raw: string) => string;

export const DEFAULT_MAX_FIELD_SIZE = 1024 * 1024;
export const DEFAULT_MAX_RECORD_SIZE = 16 * 1024 * 1024;

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/**
 * The synchronous core: feed text with `push`, finish with `end`; each returns the records that
 * became complete. Useful directly where a batch is cheaper than one `await` per record.
 */
export class CsvTokenizer {
  private readonly delim: number;
  private readonly delimChar: string;
  private readonly file: string;
  private readonly maxField: number;
  private readonly maxRecord: number;
  /** Text of the record that the last chunk ended inside. */
  private carry = '';
  /** Physical line where the next record (the carried one) starts. */
  private line: number;
  private ended = false;
  /** An error found after some records of the last push: thrown at the next call. */
  private failure: unknown;
  private readonly runsFrom: number;
  private readonly cellText: CellText | undefined;

  constructor(opts: TokenizerOptions) {
    if (opts.delimiter.length !== 1 || opts.delimiter === '"' || opts.delimiter === '\n' || opts.delimiter === '\r') {
      throw new Error(`CsvTokenizer: the delimiter must be one character other than a quote or line break, got ${JSON.stringify(opts.delimiter)}`);
    }
    this.delim = opts.delimiter.charCodeAt(0);
    this.delimChar = opts.delimiter;
    this.file = opts.file;
    this.maxField = opts.maxFieldSize ?? DEFAULT_MAX_FIELD_SIZE;
    this.maxRecord = opts.maxRecordSize ?? DEFAULT_MAX_RECORD_SIZE;
    this.line = opts.firstLine ?? 1;
    this.runsFrom = opts.cleanRunsFrom ?? Infinity;
    this.cellText = opts.cellText;
  }

  /** The physical line where the next record starts (after the last one: the line after the text). */
  get nextLine(): number {
    return this.line;
  }

  /** Whether the text so far ended inside a record (which `end` would finish, or refuse). */
  get pending(): boolean {
    if (this.failure) throw this.failure;
    return this.carry.length > 0;
  }

  /** Tokenize the next piece of text; returns the records completed by it. */
  push(chunk: string): CsvRecord[] {
    if (this.runsFrom !== Infinity) throw new Error('CsvTokenizer: a tokenizer with cleanRunsFrom hands out items (pushItems)');
    return this.pushItems(chunk) as CsvRecord[];
  }

  /** `push` for a tokenizer with `cleanRunsFrom`: records and runs of plain lines, in file order. */
  pushItems(chunk: string): CsvItem[] {
    if (this.ended) throw new Error('CsvTokenizer: push() after end()');
    if (this.failure) throw this.failure;
    const out: CsvItem[] = [];
    if (chunk.length === 0) return out;
    try {
      this.tokenize(this.carry.length === 0 ? chunk : this.carry + chunk, false, out);
    } catch (err) {
      // The records before the problem come first (their own errors too, in file order),
      // whatever the chunking: the error is thrown at the next call.
      if (out.length === 0) throw err;
      this.failure = err;
    }
    return out;
  }

  /** The input is over: returns the last record(s); throws on an unclosed quote. */
  end(): CsvRecord[] {
    if (this.failure) throw this.failure;
    if (this.ended) return [];
    this.ended = true;
    const out: CsvItem[] = [];
    if (this.carry.length > 0) this.tokenize(this.carry, true, out);
    this.carry = '';
    // What is left of the text is one unfinished record: a run here would be a surprise, but the
    // end of the input is never hot, and records are what `end` promises.
    return out.some(isRun) ? out.flatMap((item) => (isRun(item) ? recordsOfRun(item, this.delimChar, this.file, this.cellText) : [item])) : (out as CsvRecord[]);
  }

  private tokenize(text: string, isLast: boolean, out: CsvItem[]): void {
    const len = text.length;
    const D = this.delim;
    const maxField = this.maxField;
    // Next position of each special character at or after the point it was searched from; `len`
    // when there is none. A cached value below the current position is stale.
    let nDelim = -1;
    let nLF = -1;
    let nCR = -1;
    let nQuote = -1;
    let pos = 0;
    let line = this.line;
    let recStart = 0;
    // Set only when the loop runs out of input between records; every `break records` leaves an
    // unfinished record behind.
    let complete = false;

    records: for (;;) {
      if (pos >= len) {
        complete = true;
        break;
      }
      recStart = pos;
      let c = text.charCodeAt(pos);
      if (c === LF || c === CR) {
        if (c === CR) {
          // A CR at the end of a chunk may be the first half of CRLF.
          if (pos + 1 >= len && !isLast) break records;
          pos += pos + 1 < len && text.charCodeAt(pos + 1) === LF ? 2 : 1;
        } else pos++;
        out.push({ line, fields: [] });
        line++;
        continue;
      }

      if (line >= this.runsFrom) {
        // Plain lines from here on, as one run (see CleanRun); the first line that is not plain,
        // or is not complete in this text, is tokenized below as usual.
        const runStart = pos;
        const runLine = line;
        for (;;) {
          if (nLF < pos) nLF = indexOrLen(text, '\n', pos);
          const e = nLF;
          if (e >= len) break;
          if (nQuote < pos) nQuote = indexOrLen(text, '"', pos);
          if (nCR < pos) nCR = indexOrLen(text, '\r', pos);
          const contentEnd = nCR === e - 1 ? e - 1 : e;
          if (nQuote < e || nCR < contentEnd || contentEnd === pos || contentEnd - pos > maxField) break;
          pos = e + 1;
          line++;
        }
        if (pos > runStart) {
          out.push({ clean: true, text, start: runStart, end: pos, line: runLine, count: line - runLine });
          continue;
        }
      }

      const fields: string[] = [];
      let problems: string[] | undefined;
      // Line breaks seen inside quoted fields of this record so far.
      let inner = 0;

      for (;;) {
        // At the start of a field.
        if (pos < len && text.charCodeAt(pos) === QUOTE) {
          const quoteLine = line + inner;
          let value = '';
          let seg = pos + 1;
          let p = seg;
          for (;;) {
            if (nQuote < p) nQuote = indexOrLen(text, '"', p);
            const q = nQuote;
            if (q >= len) {
              if (isLast) {
                throw new InputError(
                  `${this.file}:${quoteLine}: unclosed quote: the quoted field opened on line ${quoteLine} runs to the end of the file`,
                );
              }
              if (value.length + (len - seg) > maxField) throw this.fieldTooLong(quoteLine, true);
              break records;
            }
            // A quote at the very end of a chunk: escape or closing quote? The next chunk decides.
            if (q + 1 >= len && !isLast) break records;
            // Count the line breaks the quoted text spans.
            for (;;) {
              if (nLF < p) nLF = indexOrLen(text, '\n', p);
              if (nCR < p) nCR = indexOrLen(text, '\r', p);
              const e = nLF < nCR ? nLF : nCR;
              if (e >= q) break;
              inner++;
              p = e === nCR && e + 1 < len && text.charCodeAt(e + 1) === LF ? e + 2 : e + 1;
            }
            if (q + 1 < len && text.charCodeAt(q + 1) === QUOTE) {
              value += text.slice(seg, q + 1);
              seg = p = q + 2;
              continue;
            }
            value = value.length === 0 ? text.slice(seg, q) : value + text.slice(seg, q);
            pos = q + 1;
            break;
          }
          if (value.length > maxField) throw this.fieldTooLong(quoteLine, true);
          if (pos < len) {
            c = text.charCodeAt(pos);
            if (c !== D && c !== LF && c !== CR) {
              // `"ab"c`: keep what is there rather than guess.
              (problems ??= []).push(`text after the closing quote (column ${fields.length + 1})`);
              if (nDelim < pos) nDelim = indexOrLen(text, this.delimChar, pos);
              if (nLF < pos) nLF = indexOrLen(text, '\n', pos);
              if (nCR < pos) nCR = indexOrLen(text, '\r', pos);
              const end = Math.min(nDelim, nLF, nCR);
              if (end >= len && !isLast) break records;
              value += text.slice(pos, end);
              if (value.length > maxField) throw this.fieldTooLong(line + inner, false);
              pos = end;
            }
          }
          fields.push(value);
        } else {
          if (nDelim < pos) nDelim = indexOrLen(text, this.delimChar, pos);
          if (nLF < pos) nLF = indexOrLen(text, '\n', pos);
          if (nCR < pos) nCR = indexOrLen(text, '\r', pos);
          let end = nDelim < nLF ? nDelim : nLF;
          if (nCR < end) end = nCR;
          if (end - pos > maxField) throw this.fieldTooLong(line + inner, false);
          if (end >= len && !isLast) break records;
          if (nQuote < pos) nQuote = indexOrLen(text, '"', pos);
          if (nQuote < end) (problems ??= []).push(`stray quote in an unquoted field (column ${fields.length + 1})`);
          fields.push(text.slice(pos, end));
          pos = end;
        }

        // After a field: a delimiter, a line break, or the end of the input.
        if (pos >= len) break;
        c = text.charCodeAt(pos);
        if (c === D) {
          pos++;
          continue;
        }
        if (c === CR) {
          if (pos + 1 >= len && !isLast) break records;
          pos += pos + 1 < len && text.charCodeAt(pos + 1) === LF ? 2 : 1;
        } else pos++;
        break;
      }

      // Byte text: each field decoded alone (a field holds whole characters; the problems name
      // columns, not characters).
      const cellText = this.cellText;
      let raw: string[] | undefined;
      if (cellText !== undefined) {
        if (line >= this.runsFrom) raw = fields.slice();
        for (let i = 0; i < fields.length; i++) fields[i] = cellText(fields[i]!);
      }
      out.push(problems ? { line, fields, problems } : raw !== undefined ? { line, fields, raw } : { line, fields });
      line += inner + 1;
      continue;
    }

    if (!complete) {
      // The input ended inside the record starting at `recStart`: keep it for the next chunk.
      if (len - recStart > this.maxRecord) {
        if (this.cellText !== undefined) throw new PartBoundary('a record over the size limit in bytes');
        throw new InputError(
          `${this.file}:${line}: a record is longer than ${this.maxRecord} characters (max record size); ` +
            'a quote is probably never closed',
        );
      }
      this.carry = text.slice(recStart);
    } else {
      this.carry = '';
    }
    this.line = line;
  }

  private fieldTooLong(line: number, quoted: boolean): Error {
    if (this.cellText !== undefined) return new PartBoundary('a field over the size limit in bytes');
    return new InputError(
      `${this.file}:${line}: a field is longer than ${this.maxField} characters (max field size)` +
        (quoted ? `; the quoted field opened on line ${line} is probably never closed` : ''),
    );
  }
}

function indexOrLen(text: string, ch: string, from: number): number {
  const i = text.indexOf(ch, from);
  return i < 0 ? text.length : i;
}

/** Records of a stream of text chunks, one at a time. */
export async function* readRecords(
  chunks: AsyncIterable<string>,
  opts: TokenizerOptions,
): AsyncGenerator<CsvRecord, void, undefined> {
  for await (const batch of readRecordBatches(chunks, opts)) {
    for (const item of batch) {
      if (isRun(item)) yield* recordsOfRun(item, opts.delimiter, opts.file);
      else yield item;
    }
  }
}

/**
 * Thrown at the end of a part of a file (`openEnded`) whose text does not end exactly where a
 * record does: the part was cut inside a quoted field, and the file must be read in one piece.
 */
export class PartBoundary extends Error {
  constructor(why = 'a part does not end on a record boundary') {
    super(why);
  }
}

/**
 * Records of a stream of text chunks, in the batches each chunk completes (never empty).
 * `openEnded`: the text is a part of a file that goes on (file-parts.ts); its last record must end
 * with the text, else `PartBoundary`.
 */
export async function* readRecordBatches(
  chunks: AsyncIterable<string>,
  opts: TokenizerOptions & { openEnded?: boolean; lines?: { next: number } },
): AsyncGenerator<CsvItem[], void, undefined> {
  const tokenizer = new CsvTokenizer(opts);
  for await (const chunk of chunks) {
    const batch = tokenizer.pushItems(chunk);
    if (batch.length > 0) yield batch;
  }
  if (opts.openEnded) {
    if (tokenizer.pending) throw new PartBoundary();
    // Where the next part starts: its lines are numbered from here (read-deals-in-parts.ts).
    if (opts.lines !== undefined) opts.lines.next = tokenizer.nextLine;
    return;
  }
  const last = tokenizer.end();
  if (last.length > 0) yield last;
}

/**
 * The records the tokenizer makes of a run's lines (each is plain: one record per line); with
 * `cellText`, of a run of byte text.
 */
export function recordsOfRun(run: CleanRun, delimiter: string, file: string, cellText?: CellText): CsvRecord[] {
  const tokenizer = new CsvTokenizer({ delimiter, file, firstLine: run.line, ...(cellText !== undefined ? { cellText } : {}) });
  const records = tokenizer.push(run.text.slice(run.start, run.end));
  return records.concat(tokenizer.end());
}

/** Whether an item is a run of plain lines (else a record). */
export function isRun(item: CsvItem): item is CleanRun {
  return (item as CleanRun).clean === true;
}
