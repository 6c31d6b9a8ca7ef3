// A big deals file read by several threads at once, for a command that counts its deals or keeps
// a few columns of them (conversion, funnel): the file is cut into parts on record boundaries (csv/file-parts.ts), the main thread
// reads the first part into the command's sink while threads read the others into sinks of their
// own (`PartSinkPlan`), and the threads' sinks are then taken in, in file order. Counts,
// diagnostics and notes are put together as one read of the whole file would have made them.
//
// When the cut cannot be proven right (a part does not end on a record boundary, or the first part
// sees a different head), nothing of it is used: the sink is reset and the file is read in one
// piece. Deal ids must be in strict order across the parts too (a streamed read needs it, see
// `readDealsInto`): otherwise `DealsOutOfOrder`, as a streamed read would throw.
import { availableParallelism } from 'node:os';
import type { CountedDeal, Deal } from '../model/records.js';
import { IdOrder } from '../model/deal-id.js';
import { openCsv, type CsvHead } from './csv/csv-file.js';
import { cutFile, mostlyPlain } from './csv/file-parts.js';
import { PartBoundary } from './csv/tokenizer.js';
import { errorFrom, threadAvailable, threadMinBytes, type ThreadError } from './history-thread.js';
import { closedAtNotes, DealsOutOfOrder, readDeals, type ReadDealsOptions, type ReadDealsResult } from './read-deals.js';
import type { FileStats } from '../model/diagnostic.js';
import { readProgress, spreadsheetCut } from './read-table.js';
import { DEALS_PART_WORKER, takeThread } from './warm-threads.js';
import type { Diagnostic } from '../model/diagnostic.js';

/** What a reading thread runs its part into: a sink that can say what it holds. */
export interface PartSink {
  add(deal: Deal): void;
  /** Takes the deals as counted views (`ReadDealsOptions.onCounted`) instead, when it has this. */
  addCounted?(deal: CountedDeal): void;
  /** What it made of its deals, for `PartSinkPlan.absorb` (structured-cloneable). */
  state(): unknown;
}

/**
 * How to run a sink in the reading threads: the module at `module` (a file URL) exports a function
 * `name`, which makes a `PartSink` from `args`; `absorb` takes a part's state into the main sink,
 * part after part in file order, after the first part's deals (a sink that keeps its deals in order,
 * as the funnel's columns do, appends them).
 */
export interface PartSinkPlan {
  module: string;
  name: string;
  args: unknown;
  absorb(state: unknown): void;
}

/** What a part's thread needs (structured-cloneable: the preset goes by name). */
export interface DealsPartJob {
  read: Omit<ReadDealsOptions, 'preset' | 'marginRate' | 'onDeal' | 'onCounted' | 'part'> & { marginRate?: string };
  presetName: string | undefined;
  range: { start: number; end?: number };
  /**
   * Number the part's lines from 1, not from where it is in the file: the main thread knows that
   * line when its own part ends (`PartRead.nextLine`) and shifts the part's diagnostics, so the
   * thread need not count the line breaks before its part first (≈ 30 ms for the second half of
   * the 1m bench file, on the thread that ends last). Not for a preset with report footers, whose
   * note names the footer's lines.
   */
  relative: boolean;
  head: CsvHead;
  sink: Omit<PartSinkPlan, 'absorb'>;
  progress: boolean;
}

/** The part of a read that comes back from a thread (the records are in the sink). */
export interface PartRead {
  diagnostics: Diagnostic[];
  stats: FileStats;
  closedAtFallbacks: Map<string, number>;
  /** First and last deal id handed to the sink; absent when none was. */
  firstId?: string;
  lastId?: string;
  /** A part that ends before the file: the physical line where the next part starts. */
  nextLine?: number;
  state: unknown;
}

export type DealsPartMessage =
  | { kind: 'progress'; rows: number }
  | { kind: 'done'; read: PartRead }
  | { kind: 'out of order'; line: number }
  | { kind: 'boundary'; why: string }
  | ({ kind: 'error' } & ThreadError);

/**
 * How many parts to read a deals file of `bytes` in: one per core up to four — less the cores that
 * `busy` other reading threads take (the history's) — for files the size of a history worth a
 * thread (`threadMinBytes`); `DEALPULSE_READ_PARTS` sets the number (tests cut tiny files into many
 * parts with it). 1 means one piece.
 */
export function partsFor(bytes: number, busy = 0): number {
  if (!threadAvailable()) return 1;
  const env = process.env['DEALPULSE_READ_PARTS'];
  const asked = env === undefined || env.trim() === '' ? NaN : Number(env);
  if (Number.isInteger(asked) && asked >= 1) return asked;
  return bytes >= threadMinBytes() ? Math.max(1, Math.min(availableParallelism() - busy, 4)) : 1;
}

/**
 * Whether a streamed read of the deals file reads its plain lines as byte text: where most of its
 * lines are plain (`mostlyPlain`). `DEALPULSE_BYTE_TEXT=always` or `never` decides instead (tests
 * compare byte text with text on files of every kind).
 */
export function byteTextFor(path: string): boolean {
  const asked = process.env['DEALPULSE_BYTE_TEXT']?.trim();
  if (asked === 'always' || asked === 'never') return asked === 'always';
  return mostlyPlain(path);
}

/**
 * `DEALPULSE_DEBUG=parts` says on stderr how a deals file was read (tests check with it that the
 * parts were really used, or why not).
 */
function debug(text: string): void {
  if (process.env['DEALPULSE_DEBUG']?.split(',').includes('parts')) process.stderr.write(`dealpulse debug: ${text}\n`);
}

/**
 * Reads the deals in `count` parts into `sink` (the first part) and `plan`'s part sinks (the
 * others, then absorbed). Resolves to undefined when the file could not be cut or a cut proved
 * wrong: the sink is reset then, and the caller reads the file in one piece.
 */
export async function readDealsInParts(
  read: ReadDealsOptions,
  presetName: string | undefined,
  sink: Pick<PartSink, 'add' | 'addCounted'> & { reset(): void },
  plan: PartSinkPlan,
  size: number,
  count: number,
): Promise<ReadDealsResult | undefined> {
  let head: CsvHead;
  try {
    const probe = await openCsv(read.path, { displayName: read.display, encoding: read.file.encoding as never, delimiter: read.file.delimiter as never });
    await probe.close();
    head = { file: probe.file, encoding: probe.encoding, detectedBy: probe.detectedBy, delimiter: probe.delimiter, header: probe.header, rawHeader: probe.rawHeader, trailingDelimiter: probe.trailingDelimiter };
  } catch {
    debug(`${read.display}: one piece (the top of the file could not be read)`);
    return undefined; // the read in one piece says what is wrong
  }
  const cuts = await cutFile(read.path, size, count, head);
  if (cuts.length < 2) {
    debug(`${read.display}: one piece (no cut found)`);
    return undefined;
  }
  // Byte text where it pays (all parts alike; a part it cannot read ends the parts: one piece).
  const bytes = byteTextFor(read.path);
  const relative = (read.preset.footer ?? []).length === 0;

  // Progress: the rows of all parts together, as one read of the file.
  const outer = readProgress.listener;
  const rows = cuts.map(() => 0);
  // Nothing after the last word: a thread's late message must not bring the cleared line back.
  let finished = false;
  const tell = () => {
    if (!finished) outer?.(read.display, rows.reduce((a, b) => a + b, 0), false);
  };
  const { marginRate, onDeal: _onDeal, onCounted: _onCounted, part: _part, preset: _preset, ...rest } = read;
  const threads: PartThread[] = [];
  try {
    for (const [i, range] of cuts.slice(1).entries()) {
      const job: DealsPartJob = {
        read: { ...rest, bytes, ...(marginRate !== undefined ? { marginRate: marginRate.toString() } : {}) },
        presetName,
        range,
        relative,
        head,
        sink: { module: plan.module, name: plan.name, args: plan.args },
        progress: outer !== undefined,
      };
      threads.push(
        readPartInThread(job, (n) => {
          rows[i + 1] = n;
          tell();
        }),
      );
    }
  } catch (err) {
    // A job that cannot be handed to a thread (a setting that does not cross threads): one piece.
    threads.forEach((t) => t.cancel());
    debug(`${read.display}: one piece (no reading thread: ${err instanceof Error ? err.message : String(err)})`);
    return undefined;
  }
  if (outer !== undefined) {
    readProgress.listener = (file, n, done) => {
      if (file !== read.display) return outer(file, n, done);
      rows[0] = n;
      tell();
    };
  }
  const cancel = () => threads.forEach((t) => t.cancel());
  try {
    let first: ReadDealsResult;
    const started = performance.now();
    try {
      first = await readDeals({ ...read, bytes, part: { start: 0, end: cuts[0]!.end!, line: 1, head }, ...streamInto(sink) });
    } catch (err) {
      cancel();
      if (err instanceof PartBoundary) {
        debug(`${read.display}: one piece (${err.message})`);
        sink.reset();
        return undefined;
      }
      throw err;
    }
    // In file order: a part is known to start on a record boundary only once the part before it
    // ended on one, so only then do its errors count.
    const parts: PartRead[] = [{ ...first, ...boundsOf(first), state: undefined }];
    const firstDone = performance.now();
    // Where the part now taken in starts: the lines of a part numbered from 1 are moved there.
    let start = first.nextLine!;
    for (const thread of threads) {
      const m = await thread.result;
      const by = relative ? start - 1 : 0;
      if (m.kind === 'done') {
        const part = movedBy(m.read, by);
        parts.push(part);
        start = part.nextLine!;
        continue;
      }
      cancel();
      if (m.kind === 'out of order') throw new DealsOutOfOrder(m.line + by);
      if (m.kind === 'boundary' || relative) {
        // A part numbered from 1 cannot say where its error is: the read in one piece says it.
        debug(`${read.display}: one piece (${m.kind === 'boundary' ? m.why : 'a later part stopped: the whole file says where'})`);
        sink.reset();
        return undefined;
      }
      throw errorFrom(m, read.display);
    }
    const order = new IdOrder();
    for (const p of parts) {
      if (p.firstId === undefined) continue;
      if (!order.accept(p.firstId) || (p.lastId !== p.firstId && !order.accept(p.lastId!))) throw new DealsOutOfOrder(p.stats.lastLine);
    }
    for (const p of parts.slice(1)) plan.absorb(p.state);
    const seconds = (ms: number) => (ms / 1000).toFixed(2);
    debug(
      `${read.display}: ${parts.length} parts, from bytes ${cuts.map((c) => c.start).join(', ')}; ${threads.filter((t) => t.warm).length} of ${threads.length} threads warm; ` +
        `the first part read in ${seconds(firstDone - started)} s, the others waited for ${seconds(performance.now() - firstDone)} s`,
    );
    return { ...joinParts(read, parts), records: [], mapping: first.mapping };
  } finally {
    finished = true;
    if (outer !== undefined) {
      readProgress.listener = outer;
      outer(read.display, rows.reduce((a, b) => a + b, 0), true);
    }
  }
}

/** How a streamed read hands its deals to `sink`: as counted views when it takes them. */
export function streamInto(sink: Pick<PartSink, 'add' | 'addCounted'>): Pick<ReadDealsOptions, 'onDeal' | 'onCounted'> {
  const counted = sink.addCounted?.bind(sink);
  return counted !== undefined ? { onCounted: counted } : { onDeal: (deal) => sink.add(deal) };
}

/** A part read with its lines numbered from 1, with them numbered `by` lines further. */
function movedBy(part: PartRead, by: number): PartRead {
  if (by === 0) return part;
  return {
    ...part,
    diagnostics: part.diagnostics.map((d) => ({ ...d, line: d.line + by })),
    stats: { ...part.stats, lastLine: part.stats.lastLine + by },
    ...(part.nextLine !== undefined ? { nextLine: part.nextLine + by } : {}),
  };
}

/** What bounds a part (`PartRead`), from its read: its first and last deal id, the line after it. */
export function boundsOf(read: ReadDealsResult): Pick<PartRead, 'firstId' | 'lastId' | 'nextLine'> {
  const next = read.nextLine === undefined ? {} : { nextLine: read.nextLine };
  return read.idRange === undefined ? next : { firstId: read.idRange.first, lastId: read.idRange.last, ...next };
}

/** Counts, diagnostics and notes of the parts, as one read of the whole file makes them. */
function joinParts(read: ReadDealsOptions, parts: readonly PartRead[]): Pick<ReadDealsResult, 'diagnostics' | 'stats' | 'closedAtFallbacks'> {
  const stats: FileStats = { ...parts[0]!.stats, notes: [] };
  const closedAtFallbacks = new Map<string, number>();
  for (const [i, p] of parts.entries()) {
    if (i > 0) {
      stats.rowsRead += p.stats.rowsRead;
      stats.rowsUsed += p.stats.rowsUsed;
      stats.rowsSkipped += p.stats.rowsSkipped;
      stats.blankLines += p.stats.blankLines;
    }
    stats.footerLines = p.stats.footerLines;
    stats.lastLine = Math.max(stats.lastLine, p.stats.lastLine);
    stats.notes.push(...p.stats.notes);
    for (const [column, n] of p.closedAtFallbacks) closedAtFallbacks.set(column, (closedAtFallbacks.get(column) ?? 0) + n);
  }
  stats.notes.push(...closedAtNotes(read.display, read.preset, closedAtFallbacks));
  const diagnostics = parts.flatMap((p) => p.diagnostics);
  const cut = spreadsheetCut(read.display, stats.lastLine);
  if (cut !== undefined) diagnostics.push(cut);
  return { diagnostics, stats, closedAtFallbacks };
}

interface PartThread {
  result: Promise<Exclude<DealsPartMessage, { kind: 'progress' }>>;
  cancel(): void;
  /** Started before the job was known (io/warm-threads.ts). */
  warm: boolean;
}

function readPartInThread(job: DealsPartJob, progress: (rows: number) => void): PartThread {
  const { worker, warm } = takeThread(DEALS_PART_WORKER, job);
  const result = new Promise<Exclude<DealsPartMessage, { kind: 'progress' }>>((resolve) => {
    let settled = false;
    const settle = (m: Exclude<DealsPartMessage, { kind: 'progress' }>) => {
      if (settled) return;
      settled = true;
      resolve(m);
    };
    worker.on('message', (m: DealsPartMessage) => {
      if (m.kind === 'progress') progress(m.rows);
      else settle(m);
    });
    worker.on('error', (err) => settle({ kind: 'error', name: err.name, message: err.message, ...(err.stack !== undefined ? { stack: err.stack } : {}) }));
    worker.on('exit', (code) => settle({ kind: 'error', name: 'Error', message: `the thread stopped without a result (exit code ${code})` }));
  });
  return { result, cancel: () => void worker.terminate(), warm };
}
