// Cutting a big CSV file into parts that threads can read side by side. A part must start where a
// record starts; a line break inside a quoted field looks like any other, so a cut can only be a
// good guess: just after a line break whose next line reads as one whole record (balanced quotes,
// the header's number of fields). The guess is then proven by the reading itself: the part before
// the cut must end exactly where a record does (`PartBoundary` otherwise, and the file is read in
// one piece). Parts start at a line break, so they start at a character in UTF-8 and Windows-1251
// (a line-break byte is never inside a character there); UTF-16 files are not cut. Also here, as
// the same byte-level work: the physical line at an offset, and a file's lines estimated.
import { closeSync, openSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';
import type { CsvHead } from './csv-file.js';

/** A byte range of a file: `start` just after a line break (0 for the first part). */
export interface FilePart {
  start: number;
  /** Exclusive; absent for the last part. */
  end?: number;
}

const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
/** How far past a nominal cut to look for a line that starts a record. */
const SEARCH_BYTES = 256 * 1024;

/** Whether a file in this encoding can be cut at line-break bytes. */
export function canCut(head: CsvHead): boolean {
  return head.encoding === 'utf-8' || head.encoding === 'windows-1251';
}

/**
 * What the first part reads more than the others. Set when each other part waited ≈ 0.3 s for a
 * thread to start and load its code (the time to read ≈ 12 MB). Now that thread is started with the
 * process and numbers its lines from 1 (io/warm-threads.ts, `DealsPartJob.relative`), so it starts
 * with the first; the 12 MB stay for what a part costs besides its bytes: an export is sorted by
 * creation and a report counts recent deals, which are at its end (on the 1m bench file the other
 * thread still ends 0.08–0.1 s after the first; alternating runs: no head start 1.21 s, 12 MB and
 * 24 MB 1.135 s, medians of 8; after the ninth round 12, 18 and 24 MB within the machine's noise).
 * A quarter of a small file at most.
 */
export function headStart(size: number): number {
  return Math.min(12 * 1024 * 1024, Math.floor(size / 4));
}

/**
 * Up to `count` parts: the first `headStart` bytes longer, the others of about equal size. Fewer
 * when no good cut is found near a nominal one (one part: read the file whole).
 */
export async function cutFile(path: string, size: number, count: number, head: CsvHead): Promise<FilePart[]> {
  const starts: number[] = [0];
  if (count > 1 && canCut(head)) {
    const first = headStart(size);
    const share = (size - first) / count;
    const fh = await open(path, 'r');
    try {
      for (let k = 1; k < count; k++) {
        const nominal = Math.max(Math.round(first + share * k), starts[starts.length - 1]! + 1);
        const cut = await findCut(fh, nominal, size, head);
        if (cut !== undefined && cut > starts[starts.length - 1]! && cut < size) starts.push(cut);
      }
    } finally {
      await fh.close();
    }
  }
  return starts.map((start, i) => (i + 1 < starts.length ? { start, end: starts[i + 1]! } : { start }));
}

type Handle = Awaited<ReturnType<typeof open>>;

async function findCut(fh: Handle, from: number, size: number, head: CsvHead): Promise<number | undefined> {
  const length = Math.min(SEARCH_BYTES, size - from);
  if (length <= 0) return undefined;
  const buf = Buffer.alloc(length);
  const { bytesRead } = await fh.read(buf, 0, length, from);
  const bytes = buf.subarray(0, bytesRead);
  const delimiter = head.delimiter.charCodeAt(0);
  const width = head.header.length;
  let at = bytes.indexOf(LF);
  while (at >= 0) {
    const next = bytes.indexOf(LF, at + 1);
    if (next < 0) return undefined; // the candidate line runs past the window
    if (looksLikeRecord(bytes.subarray(at + 1, next), delimiter, width, head.trailingDelimiter)) return from + at + 1;
    at = next;
  }
  return undefined;
}

/**
 * One physical line that reads as a whole, well-formed record with the header's number of fields.
 * A quote that does not open or close a field (`lines, here",1659`) is taken as a sign of the end
 * of a quoted field that began on an earlier line: such a line is passed over (the next one will do).
 */
function looksLikeRecord(line: Uint8Array, delimiter: number, width: number, trailing: boolean): boolean {
  let end = line.length;
  if (end > 0 && line[end - 1] === CR) end--;
  if (end === 0) return false; // a blank line says nothing
  let fields = 1;
  let quoted = false;
  let atFieldStart = true;
  for (let i = 0; i < end; i++) {
    const b = line[i]!;
    if (quoted) {
      if (b === QUOTE) {
        if (line[i + 1] === QUOTE) i++;
        else if (i + 1 < end && line[i + 1] !== delimiter) return false; // text after a closing quote
        else quoted = false;
      }
    } else if (b === delimiter) {
      fields++;
      atFieldStart = true;
      continue;
    } else if (b === QUOTE) {
      if (!atFieldStart) return false; // a stray quote
      quoted = true;
    } else if (b === CR) return false;
    atFieldStart = false;
  }
  return !quoted && (fields === width || (trailing && fields === width + 1));
}

/**
 * The physical line (1-based) at byte `offset`, which follows an LF: one more than the line breaks
 * before it, a CRLF counted once — as the tokenizer counts them, quoted or not. Read synchronously:
 * a part's thread has nothing else to do before it knows its first line, and the bytes before a
 * part of a big file (80 MB for the second half of the 1m bench file) come in ≈ 30 ms so, ≈ 45 ms
 * through the thread pool.
 */
export function lineAt(path: string, offset: number): number {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(1024 * 1024);
    let breaks = 0;
    let previousCr = false;
    for (let pos = 0; pos < offset; ) {
      const bytesRead = readSync(fd, buf, 0, Math.min(buf.length, offset - pos), pos);
      if (bytesRead === 0) break;
      const bytes = buf.subarray(0, bytesRead);
      // LFs first (indexOf is fast); then CRs, which end a line alone unless an LF follows.
      for (let i = bytes.indexOf(LF); i >= 0; i = bytes.indexOf(LF, i + 1)) breaks++;
      if (previousCr && bytes[0] !== LF) breaks++;
      for (let i = bytes.indexOf(CR); i >= 0; i = bytes.indexOf(CR, i + 1)) {
        if (i + 1 < bytes.length ? bytes[i + 1] !== LF : false) breaks++;
      }
      previousCr = bytes[bytes.length - 1] === CR;
      pos += bytesRead;
    }
    // (A CR as the very last byte is not counted: parts start just after an LF.)
    return breaks + 1;
  } finally {
    closeSync(fd);
  }
}

/**
 * Whether a file's lines are mostly plain, judged by its first 64 KB: at most one quote character
 * for every two lines (a quoted field has two). Byte text (csv/decode.ts `byteStream`) pays on
 * plain lines, which it reads without decoding, and costs on quoted ones, whose fields it decodes
 * one by one: a file quoted throughout (some CRMs quote every field) read 1.15× slower as byte
 * text, the bench's deals file (5.5 % of its lines quoted) faster (docs/PERFORMANCE.md, "Eighth
 * round"). Only speed depends on it: both ways read alike.
 */
export function mostlyPlain(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const bytes = Buffer.allocUnsafe(64 * 1024);
    const sample = bytes.subarray(0, readSync(fd, bytes, 0, bytes.length, 0));
    let lines = 0;
    let quotes = 0;
    for (let i = sample.indexOf(LF); i >= 0; i = sample.indexOf(LF, i + 1)) lines++;
    for (let i = sample.indexOf(QUOTE); i >= 0; i = sample.indexOf(QUOTE, i + 1)) quotes++;
    return 2 * quotes <= lines;
  } finally {
    closeSync(fd);
  }
}

/**
 * About how many lines a file of `size` bytes has, from the lines of its first 64 KB (0 when they
 * hold no line break): enough to size the arrays a reader fills, which then need no doubling.
 */
export async function estimateLines(path: string, size: number): Promise<number> {
  const sample = Math.min(size, 64 * 1024);
  const breaks = sample === 0 ? 0 : lineAt(path, sample) - 1;
  return breaks === 0 ? 0 : Math.ceil((size * breaks) / sample);
}
