// Streaming decoding of an export's bytes to text. CRM exports arrive as UTF-8 (with or without a
// BOM), UTF-16 from Excel re-saves, or Windows-1251 from older Russian installs. We pick the right
// decoder up front and refuse, with a byte offset, what is none of them: a silently mangled header
// ("РРјСЏ", U+FFFD) only surfaces much later as a baffling "column not found".
//
// API: `decodeFile` / `decodeBytes` resolve to a `DecodedText` whose `encoding` is known before the
// first chunk of text is read, so callers can report it (e.g. in `doctor`) and then stream `chunks`.

import { isUtf8 } from 'node:buffer';
import { open, type FileHandle } from 'node:fs/promises';
import { InputError } from '../../model/errors.js';
import { PartBoundary, type CellText } from './tokenizer.js';

export type CsvEncoding = 'auto' | 'utf-8' | 'windows-1251' | 'windows-1252' | 'iso-8859-1' | 'utf-16le' | 'utf-16be';
export type ResolvedEncoding = Exclude<CsvEncoding, 'auto'>;

export const CSV_ENCODINGS: readonly CsvEncoding[] = ['auto', 'utf-8', 'windows-1251', 'windows-1252', 'iso-8859-1', 'utf-16le', 'utf-16be'];

/**
 * Bytes of file decoded at a time (the file system is read in bigger pieces: `READ_BYTES`). A
 * chunk's records are alive while it is processed, and a young-generation collection copies
 * whatever is alive: 128 KB chunks rather than 1 MB took a third off the peak RSS of a streamed
 * conversion on the 1m bench set. And the decoded text of a chunk must stay under V8's limit for an
 * ordinary heap object (128 KB): a longer string is allocated in the large-object space, page by page
 * from the system, which made decoding 2–4× slower (a Cyrillic byte of cp1251, or any text with
 * one non-ASCII character, is two bytes of string). 48 KB of file is at most 96 KB of string in
 * every encoding read (docs/PERFORMANCE.md).
 */
export const DEFAULT_HIGH_WATER_MARK = 48 * 1024;
/**
 * How much of the start of the file `auto` looks at, at least, before deciding: two whole chunks,
 * the head it saw before chunks ended on line feeds (a chunk may now stop up to a line short).
 */
export const DEFAULT_SNIFF_BYTES = 2 * DEFAULT_HIGH_WATER_MARK;

export interface DecodeOptions {
  /** Bytes of file per decoded chunk (tests use tiny values to force chunk boundaries); disk reads are bigger. */
  highWaterMark?: number;
  /** Bytes inspected by `auto` detection (at least this much is read before deciding). */
  sniffBytes?: number;
  /** Read only up to this byte (exclusive): the first part of a file read in parts. */
  end?: number;
  /** Chunks of byte text (`byteStream`) when the encoding is UTF-8 or Windows-1251. */
  bytes?: boolean;
}

export interface DecodedText {
  /** The encoding actually used (the detected one when `auto` was asked for). */
  encoding: ResolvedEncoding;
  /** How `encoding` was chosen. */
  detectedBy: 'bom' | 'content' | 'declared';
  /** Whether a byte-order mark was found (and stripped). */
  bom: boolean;
  /** The decoded text, in order, never an empty string. Iterate once. */
  chunks: AsyncGenerator<string, void, undefined>;
  /**
   * Set when `chunks` is byte text (`DecodeOptions.bytes`, `decodeFilePart`'s `bytes`): how to make
   * a field's text of its bytes. Absent: the chunks are the text itself.
   */
  cellText?: CellText;
  /** Release the file early (safe to call at any time, more than once). */
  close(): Promise<void>;
}

export type EncodingSniff =
  | { encoding: ResolvedEncoding }
  | { invalidAt: number; kind: 'neither' | 'zip' | 'ole' };

const BOMS: ReadonlyArray<{ bytes: readonly number[]; encoding: ResolvedEncoding; label: string }> = [
  { bytes: [0xef, 0xbb, 0xbf], encoding: 'utf-8', label: 'UTF-8' },
  { bytes: [0xff, 0xfe], encoding: 'utf-16le', label: 'UTF-16LE' },
  { bytes: [0xfe, 0xff], encoding: 'utf-16be', label: 'UTF-16BE' },
];

/** Open `path` and decode it as a stream. `displayName` is what error messages call the file. */
export async function decodeFile(
  path: string,
  displayName: string,
  encoding: CsvEncoding,
  opts: DecodeOptions = {},
): Promise<DecodedText> {
  const range = opts.end === undefined ? {} : { end: opts.end };
  return decodeBytes(readBytes(path, displayName, opts.highWaterMark ?? DEFAULT_HIGH_WATER_MARK, range), displayName, encoding, opts);
}

/**
 * A later part of a file (from `start`, up to `end` or the end of the file) in the encoding its
 * first part was found to have. It starts right after a line break, so no character is cut and no
 * byte-order mark can be there; error offsets are offsets in the whole file. With `bytes` (UTF-8
 * and Windows-1251 only) the chunks are byte text (`byteStream`), and `cellText` decodes a field.
 */
export function decodeFilePart(
  path: string,
  displayName: string,
  encoding: ResolvedEncoding,
  detectedBy: DecodedText['detectedBy'],
  range: { start: number; end?: number },
  bytes = false,
): DecodedText {
  const it = readBytes(path, displayName, DEFAULT_HIGH_WATER_MARK, range)[Symbol.asyncIterator]();
  const cellText = bytes ? cellTextOf(encoding) : undefined;
  const chunks = cellText !== undefined ? byteStream(it, new Uint8Array(0), false, encoding) : decodeStream(it, new Uint8Array(0), range.start, false, encoding, displayName, detectedBy);
  return {
    encoding,
    detectedBy,
    bom: false,
    chunks,
    ...(cellText !== undefined ? { cellText } : {}),
    close: async () => {
      await chunks.return(undefined);
      await it.return?.(undefined);
    },
  };
}

/**
 * Bytes asked of the file system at a time. Each read is a round trip through Node's thread pool
 * and the event loop, where a reader of 48 KB chunks spent ≈ 8% of its time waiting: reads are
 * bigger, into two buffers used in turn, and handed on in chunks of the decoding size. (A new 1 MB
 * buffer per read, as a read stream makes them, raised a conversion's peak RSS by ≈ 65 MB: such
 * buffers live outside the JS heap and pile up between collections.)
 */
const READ_BYTES = 1024 * 1024;

/**
 * The bytes of `range` in chunks of `chunkBytes`. A chunk is a view of a reading buffer, valid until
 * the next one is asked for: a consumer that keeps bytes copies them (decodeBytes' head). The next
 * block is read while the chunks of this one are handed on (into the other buffer), so the reader
 * does not wait for the file between blocks; that read closes the file as soon as it finds the end,
 * so a small file never stays open, even when its reader is dropped half-way.
 */
async function* readBytes(
  path: string,
  displayName: string,
  chunkBytes: number,
  range: { start?: number; end?: number } = {},
): AsyncGenerator<Uint8Array> {
  // Opened on the first chunk asked for, so that an unused DecodedText holds no file descriptor.
  let file: FileHandle | undefined;
  const closeFile = async () => {
    const open = file;
    file = undefined;
    // A FileHandle closes after the operations pending on it.
    await open?.close();
  };
  try {
    file = await open(path, 'r');
    const size = Math.max(chunkBytes, READ_BYTES);
    const buffers = [Buffer.allocUnsafe(size), Buffer.allocUnsafe(size)];
    const end = range.end ?? Infinity;
    let position = range.start ?? 0;
    // A whole file is read from where it is (a pipe such as /dev/stdin has no positions); a part
    // from its own position.
    const positioned = range.start !== undefined;
    const readInto = async (buffer: Buffer): Promise<number> => {
      const want = Math.min(buffer.length, end - position);
      const bytesRead = want <= 0 || file === undefined ? 0 : (await file.read(buffer, 0, want, positioned ? position : null)).bytesRead;
      position += bytesRead;
      if (bytesRead === 0) await closeFile();
      return bytesRead;
    };
    let turn = 0;
    let filled = await readInto(buffers[0]!);
    while (filled > 0) {
      const next = readInto(buffers[1 - turn]!);
      // Awaited below; until then a failure must not count as unhandled (a dropped reader never awaits it).
      next.catch(() => undefined);
      const buffer = buffers[turn]!;
      for (let at = 0; at < filled; ) {
        const stop = chunkEnd(buffer, at, filled, chunkBytes);
        yield buffer.subarray(at, stop);
        at = stop;
      }
      turn = 1 - turn;
      filled = await next;
    }
  } catch (err) {
    throw new InputError(`${displayName}: cannot read the file: ${describeFsError(err)}`);
  } finally {
    await closeFile();
  }
}

/**
 * Where the chunk of a block that starts at `at` ends: after its last line feed, when that is in
 * its second half. The tokenizer joins what a chunk leaves of a line to the next chunk's text, and
 * such a joined string is read a third slower, character by character, than the decoder's own
 * (V8 keeps it as a pair of strings); a chunk that ends a line leaves nothing to join. A line feed
 * byte ends a line in UTF-8 and in the one-byte encodings; in UTF-16 a cut there only splits a
 * character, which the streaming decoder puts together, as at any other cut. The last chunk of a
 * block ends with the block.
 */
function chunkEnd(buffer: Buffer, at: number, filled: number, chunkBytes: number): number {
  const stop = at + chunkBytes;
  if (stop >= filled) return filled;
  const lf = buffer.lastIndexOf(0x0a, stop - 1);
  return lf >= at + (chunkBytes >> 1) ? lf + 1 : stop;
}

function describeFsError(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  switch (e?.code) {
    case 'ENOENT':
      return 'no such file';
    case 'EISDIR':
      return 'it is a directory, not a file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    default:
      return e?.message ?? String(err);
  }
}

/** Decode any byte stream (the testable core of `decodeFile`). */
export async function decodeBytes(
  source: AsyncIterable<Uint8Array>,
  displayName: string,
  encoding: CsvEncoding,
  opts: DecodeOptions = {},
): Promise<DecodedText> {
  const it = source[Symbol.asyncIterator]();
  const close = async (): Promise<void> => {
    await it.return?.();
  };
  try {
    // Read enough to see a BOM (explicit encodings) or to sniff (auto).
    const want = encoding === 'auto' ? Math.max(4, opts.sniffBytes ?? DEFAULT_SNIFF_BYTES) : 4;
    const parts: Uint8Array[] = [];
    let headLen = 0;
    let eof = false;
    while (headLen < want) {
      const r = await it.next();
      if (r.done) {
        eof = true;
        break;
      }
      if (r.value.length > 0) {
        // A copy: a file's chunks are views of a buffer that the next read fills again.
        parts.push(Buffer.from(r.value));
        headLen += r.value.length;
      }
    }
    const head = parts.length === 1 ? parts[0]! : Buffer.concat(parts, headLen);

    const bom = BOMS.find((b) => b.bytes.every((byte, i) => head[i] === byte));
    let resolved: ResolvedEncoding;
    let detectedBy: DecodedText['detectedBy'];
    if (encoding === 'auto') {
      if (bom) {
        resolved = bom.encoding;
        detectedBy = 'bom';
      } else {
        const sniff = sniffEncoding(head, eof);
        if ('invalidAt' in sniff) throw refusal(displayName, head, sniff);
        resolved = sniff.encoding;
        detectedBy = 'content';
      }
    } else {
      if (!CSV_ENCODINGS.includes(encoding)) {
        throw new InputError(`${displayName}: unknown encoding "${String(encoding)}"; use one of ${CSV_ENCODINGS.join(', ')}`);
      }
      if (bom && bom.encoding !== encoding) {
        // Decoding through a foreign BOM would turn the first header into garbage; say so now.
        throw new InputError(
          `${displayName}: the file starts with a ${bom.label} byte-order mark but \`encoding: ${encoding}\` is set; ` +
            `set \`encoding: ${bom.encoding}\` (or \`auto\`) for this file`,
        );
      }
      resolved = encoding;
      detectedBy = 'declared';
    }
    const bomLen = bom && bom.encoding === resolved ? bom.bytes.length : 0;
    const cellText = opts.bytes === true ? cellTextOf(resolved) : undefined;
    const chunks =
      cellText !== undefined
        ? byteStream(it, head.subarray(bomLen), eof, resolved)
        : decodeStream(it, head.subarray(bomLen), bomLen, eof, resolved, displayName, detectedBy);
    return {
      encoding: resolved,
      detectedBy,
      bom: bomLen > 0,
      chunks,
      ...(cellText !== undefined ? { cellText } : {}),
      close: async () => {
        await chunks.return(undefined);
        await close();
      },
    };
  } catch (err) {
    await close();
    throw err;
  }
}

async function* decodeStream(
  it: AsyncIterator<Uint8Array>,
  first: Uint8Array,
  firstOffset: number,
  eof: boolean,
  encoding: ResolvedEncoding,
  displayName: string,
  detectedBy: DecodedText['detectedBy'],
): AsyncGenerator<string, void, undefined> {
  // ignoreBOM: the BOM bytes were already removed; a second one (some tools write two) stays in the
  // text, where header trimming removes it, instead of vanishing depending on chunking.
  // Only UTF-8 is fatal: UTF-16 and cp1251 cannot be "the wrong guess" the way UTF-8 can.
  const fatal = encoding === 'utf-8';
  const decoder = new TextDecoder(encoding, { fatal, ignoreBOM: true });
  // For error offsets: where the current chunk starts in the file, and the last bytes before it
  // (a multi-byte character may straddle the boundary).
  let base = firstOffset;
  let tail: Uint8Array = new Uint8Array(0);
  // An invalid byte is reported where it is: the text before it is handed on first, so that the
  // rows before it are read (and their own errors come first, in file order) whatever the chunking.
  let failure: InputError | undefined;
  const decodeChunk = (bytes: Uint8Array): string => {
    if (!fatal) return decoder.decode(bytes, { stream: true });
    try {
      return decoder.decode(bytes, { stream: true });
    } catch {
      const pending = pendingUtf8Length(tail);
      const region = concatBytes(tail.subarray(tail.length - pending), bytes);
      const at = Math.max(0, findInvalidUtf8(region, false));
      failure = utf8Failure(displayName, base - pending + at, region[at] ?? 0, detectedBy);
      // Whole characters only: `at` starts the ill-formed sequence.
      return new TextDecoder('utf-8', { ignoreBOM: true }).decode(region.subarray(0, at));
    }
  };
  const advance = (bytes: Uint8Array): void => {
    if (!fatal) return;
    base += bytes.length;
    // Copy the last bytes: a view would pin the whole chunk.
    tail = bytes.length >= 3 ? new Uint8Array(bytes.subarray(bytes.length - 3)) : concatBytes(tail, bytes).slice(-3);
  };

  try {
    if (first.length > 0) {
      const text = decodeChunk(first);
      advance(first);
      if (text) yield text;
      if (failure) throw failure;
    }
    if (!eof) {
      for (;;) {
        const r = await it.next();
        if (r.done) break;
        const bytes = r.value;
        if (bytes.length === 0) continue;
        const text = decodeChunk(bytes);
        advance(bytes);
        if (text) yield text;
        if (failure) throw failure;
      }
    }
    let rest: string;
    try {
      rest = decoder.decode();
    } catch {
      // Only a character cut off by the end of the file gets here.
      const pending = pendingUtf8Length(tail);
      throw utf8Failure(displayName, base - pending, tail[tail.length - pending] ?? 0, detectedBy);
    }
    if (rest) yield rest;
  } finally {
    await it.return?.();
  }
}

/** A byte of a character beyond ASCII. */
const BEYOND_ASCII = /[^\x00-\x7f]/;

/**
 * How a field's byte text becomes its text: itself when it is all ASCII (the same in both
 * encodings), else its bytes decoded. A field holds whole characters: a delimiter, quote or line
 * break byte is never part of another character in UTF-8 or Windows-1251. Undefined for the
 * encodings that cannot be read as byte text (UTF-16).
 */
export function cellTextOf(encoding: ResolvedEncoding): CellText | undefined {
  if (encoding !== 'utf-8' && encoding !== 'windows-1251') return undefined;
  const decoder = new TextDecoder(encoding, { ignoreBOM: true });
  return (raw) => (BEYOND_ASCII.test(raw) ? decoder.decode(Buffer.from(raw, 'latin1')) : raw);
}

/**
 * Byte text: the bytes of a part of a UTF-8 or Windows-1251 file as one character each (Latin-1),
 * for a reader that cuts lines and fields by the ASCII bytes that delimit them and decodes only the
 * fields it keeps as text (`cellTextOf`): no decoding of the rest (an export's titles and comments),
 * and a string of one byte per character, which is searched faster than the two-byte string that
 * any Cyrillic letter or dash makes of decoded text (docs/PERFORMANCE.md, "Eighth round"). Positions
 * in it are byte offsets. Only valid text is handed on: UTF-8 is checked as it comes, and a part
 * that is not valid is left to the careful read (`PartBoundary`), which says where and why.
 */
async function* byteStream(it: AsyncIterator<Uint8Array>, first: Uint8Array, eof: boolean, encoding: ResolvedEncoding): AsyncGenerator<string, void, undefined> {
  // UTF-8's check: the bytes of a character cut by the end of a chunk wait for the next one.
  let pending: Uint8Array = new Uint8Array(0);
  const invalid = () => new PartBoundary('the part is not valid UTF-8');
  const text = (bytes: Uint8Array): string => {
    if (encoding === 'utf-8') {
      const region = concatBytes(pending, bytes);
      const whole = region.length - pendingUtf8Length(region);
      if (!isUtf8(region.subarray(0, whole))) throw invalid();
      // A copy: the chunk is a view of a buffer that the next read fills.
      pending = new Uint8Array(region.subarray(whole));
    }
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1');
  };
  try {
    if (first.length > 0) yield text(first);
    while (!eof) {
      const r = await it.next();
      if (r.done) break;
      if (r.value.length > 0) yield text(r.value);
    }
    if (pending.length > 0) throw invalid();
  } finally {
    await it.return?.();
  }
}

function utf8Failure(displayName: string, offset: number, byte: number, detectedBy: DecodedText['detectedBy']): InputError {
  const how =
    detectedBy === 'declared'
      ? 'read as UTF-8 because `encoding: utf-8` is set'
      : detectedBy === 'bom'
        ? 'read as UTF-8 because it starts with a UTF-8 byte-order mark'
        : 'read as UTF-8 because its beginning is valid UTF-8';
  return new InputError(
    `${displayName}: invalid UTF-8: invalid byte ${hex(byte)} at offset ${offset} (the file is ${how}); ` +
      'the file may be Windows-1251 (Cyrillic) or Windows-1252 (Western European): set `encoding: windows-1251` or `encoding: windows-1252` for this file',
  );
}

function refusal(displayName: string, head: Uint8Array, sniff: { invalidAt: number; kind: 'neither' | 'zip' | 'ole' }): InputError {
  if (sniff.kind === 'zip') {
    return new InputError(`${displayName}: this is an Excel workbook (XLSX/ZIP), not a CSV file; export or save it as CSV`);
  }
  if (sniff.kind === 'ole') {
    return new InputError(`${displayName}: this is an old Excel workbook (XLS), not a CSV file; export or save it as CSV`);
  }
  return new InputError(
    `${displayName}: the file is neither UTF-8 nor Windows-1251 nor Windows-1252: invalid byte ${hex(head[sniff.invalidAt] ?? 0)} ` +
      `at offset ${sniff.invalidAt}; set \`encoding:\` for this file`,
  );
}

function hex(byte: number): string {
  return `0x${byte.toString(16).toUpperCase().padStart(2, '0')}`;
}

function concatBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/**
 * Decide how to read a file without a BOM from its first bytes. `atEof`: `head` is the whole file
 * (otherwise a character cut at the end of `head` is not an error).
 */
export function sniffEncoding(head: Uint8Array, atEof: boolean): EncodingSniff {
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) return { invalidAt: 0, kind: 'zip' };
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return { invalidAt: 0, kind: 'ole' };
  // Before the UTF-8 check: UTF-16 of ASCII and Cyrillic is mostly valid UTF-8, but « or — are not.
  const utf16 = utf16WithoutBom(head);
  if (utf16) return { encoding: utf16 };
  let valid = true;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: !atEof });
  } catch {
    valid = false;
  }
  if (valid) return { encoding: 'utf-8' };
  // Both one-byte encodings decode any byte: which one the text is written in is told by where
  // its letters stand (`cyrillicRuns`), not by whether the bytes decode.
  const cyrillic = looksLikeWindows1251(head) && cyrillicRuns(head);
  if (cyrillic) return { encoding: 'windows-1251' };
  if (looksLikeWindows1252(head)) return { encoding: 'windows-1252' };
  if (looksLikeWindows1251(head)) return { encoding: 'windows-1251' };
  return { invalidAt: Math.max(0, findInvalidUtf8(head, atEof)), kind: 'neither' };
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b);
}

/**
 * UTF-16 without a BOM: the ASCII characters every CSV has (delimiters, digits, line breaks) put a
 * NUL on one parity of byte offsets only; UTF-8 and cp1251 text has no NULs at all.
 */
function utf16WithoutBom(head: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  let even = 0;
  let odd = 0;
  for (let i = 0; i < head.length; i++) {
    if (head[i] === 0) {
      if (i & 1) odd++;
      else even++;
    }
  }
  const pairs = head.length >> 1;
  // Random bytes have a NUL in 1 of 256; text in UTF-16 has one in every ASCII character.
  const guess =
    odd >= 4 && odd * 5 >= pairs && even * 100 <= pairs
      ? 'utf-16le'
      : even >= 4 && even * 5 >= pairs && odd * 100 <= pairs
        ? 'utf-16be'
        : undefined;
  if (!guess) return undefined;
  try {
    new TextDecoder(guess, { fatal: true }).decode(head, { stream: true });
  } catch {
    return undefined;
  }
  return guess;
}

/**
 * Windows-1251 text: Cyrillic letters (0xC0–0xFF, Ё 0xA8, ё 0xB8) make up most bytes ≥ 0x80, and
 * nothing looks binary (NUL, 0x98 which cp1251 leaves undefined, many C0 controls). The other
 * 0x80–0xBF bytes are cp1251 letters and typography (— – “ ” « » № €) that real Russian exports do
 * contain, so they are allowed but do not count as letters: 60% letters are required, random
 * bytes score about 50%.
 */
const CP1251_TYPOGRAPHY = new Set([0xa0, 0xab, 0xbb, 0x96, 0x97, 0xb9]);

export function looksLikeWindows1251(bytes: Uint8Array): boolean {
  let high = 0;
  let letters = 0;
  let controls = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b < 0x20) {
      if (b === 0) return false;
      if (b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) controls++;
    } else if (b >= 0x80) {
      if (b === 0x98) return false;
      high++;
      // Letters, and the typography Russian text and numbers use all the time: NBSP (thousands
      // separator), « » — – and №. A payments file may have few letters but many NBSPs.
      if (b >= 0xc0 || b === 0xa8 || b === 0xb8 || CP1251_TYPOGRAPHY.has(b)) letters++;
    }
  }
  return high > 0 && letters * 10 >= high * 6 && controls * 100 <= bytes.length;
}

/**
 * Whether the letters of one-byte text stand together, as Cyrillic words do in Windows-1251
 * (`Иванова`: seven bytes ≥ 0xC0 in a row), rather than alone or in pairs among ASCII letters, as
 * the accented letters of Western European text do in Windows-1252 (`Negociación`, `Müller`,
 * `Ação`, `Größe`). True when at least half of the letter bytes (0xC0–0xFF) are in runs of three
 * or more.
 */
export function cyrillicRuns(bytes: Uint8Array): boolean {
  let letters = 0;
  let inWords = 0;
  let run = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i < bytes.length && bytes[i]! >= 0xc0) {
      run++;
      continue;
    }
    letters += run;
    if (run >= 3) inWords += run;
    run = 0;
  }
  return letters > 0 && inWords * 2 >= letters;
}

/**
 * Windows-1252 (and ISO-8859-1, which it extends) text from Western European Excel and Salesforce
 * exports: nothing binary (NUL, many C0 controls, the five bytes 1252 leaves undefined), and the
 * bytes ≥ 0x80 mostly accented letters (0xC0–0xFF but × and ÷) or the typography such text has
 * (€ ‘ ’ “ ” – — NBSP £ § © « » ° º ª), standing one by one (`cyrillicRuns` is false).
 */
const CP1252_UNDEFINED = new Set([0x81, 0x8d, 0x8f, 0x90, 0x9d]);
const CP1252_TYPOGRAPHY = new Set([0x80, 0x91, 0x92, 0x93, 0x94, 0x96, 0x97, 0xa0, 0xa3, 0xa7, 0xa9, 0xaa, 0xab, 0xb0, 0xba, 0xbb]);

export function looksLikeWindows1252(bytes: Uint8Array): boolean {
  let high = 0;
  let letters = 0;
  let controls = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b < 0x20) {
      if (b === 0) return false;
      if (b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) controls++;
    } else if (b >= 0x80) {
      if (CP1252_UNDEFINED.has(b)) return false;
      high++;
      if ((b >= 0xc0 && b !== 0xd7 && b !== 0xf7) || CP1252_TYPOGRAPHY.has(b)) letters++;
    }
  }
  return high > 0 && letters * 10 >= high * 6 && controls * 100 <= bytes.length && !cyrillicRuns(bytes);
}

/**
 * Index of the first byte that starts an ill-formed UTF-8 sequence (Unicode Table 3-7), or -1.
 * For `C8 E2` (cp1251 "Ив") that is the C8: a lead byte not followed by a continuation byte.
 * A sequence cut off by the end of `bytes` counts as invalid only when `atEof`.
 */
export function findInvalidUtf8(bytes: Uint8Array, atEof: boolean): number {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0;
      else if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90;
      else if (b === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k <= need; k++) {
      if (i + k >= n) return atEof ? i : -1;
      const c = bytes[i + k]!;
      if (k === 1 ? c < lo || c > hi : c < 0x80 || c > 0xbf) return i;
    }
    i += need + 1;
  }
  return -1;
}

/** How many bytes at the end of already-accepted UTF-8 form an unfinished character. */
function pendingUtf8Length(tail: Uint8Array): number {
  for (let k = 1; k <= tail.length; k++) {
    const b = tail[tail.length - k]!;
    if (b >= 0x80 && b <= 0xbf) continue;
    const len = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return len > k ? k : 0;
  }
  return 0;
}
