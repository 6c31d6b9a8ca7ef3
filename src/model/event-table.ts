// Stage events as columns: a typed array per field, and each distinct deal id, stage and pipeline
// once, with an index per event. A history holds millions of events; as objects they are a fifth of
// a funnel's memory and most of its garbage-collection time, as columns a few flat arrays that the
// collector never walks. The history thread hands its events back this way (typed arrays move as
// they are, transferred, not copied), and funnel works on them (model/entry-groups.ts).
import { DealIdsBuilder, dealIdAt, plainIntegerId, type DealIds } from './deal-id.js';
import type { EntryGroups } from './entry-groups.js';
import { widened } from './typed-arrays.js';
import { stageEvent, type StageEvent } from './records.js';

/** The events of one file, in file order. */
export interface EventTable {
  /** The file, as named in messages. */
  file: string;
  count: number;
  dealIds: DealIds;
  dealIndex: Int32Array;
  stages: string[];
  stageIndex: Int32Array;
  pipelines: string[];
  /**
   * -1: the row named no pipeline. Absent when no row names one (most histories: the pipeline is
   * the deal's), which saves a column of five million entries.
   */
  pipelineIndex?: Int32Array;
  enteredMs: Float64Array;
  lines: Int32Array;
  /**
   * The events grouped into each deal's entries (`groupEntries`), when the reader made them already:
   * the history thread does, while the main thread is still reading the deals.
   */
  grouped?: EntryGroups;
}

/** One table of distinct texts: text → its index, in order of first appearance. */
export class TextTable {
  readonly texts: string[] = [];
  private readonly index = new Map<string, number>();

  indexOf(text: string): number {
    let i = this.index.get(text);
    if (i === undefined) {
      i = this.texts.length;
      this.texts.push(text);
      this.index.set(text, i);
    }
    return i;
  }
}

/** Slots of the id window: 8 M ids (32 MB at most, allocated only as far as the ids reach). */
const ID_WINDOW = 1 << 23;

/**
 * A TextTable for deal ids, whose ids are kept as `DealIds` (no string per plain id). A history
 * names each deal about five times, and a map of a million ids costs a hash probe (a cache miss,
 * mostly) per event; CRM ids are plain integers from a narrow range, so those are looked up in an
 * array by their value instead. A given text always takes the same way (the window starts at the
 * first plain id and never moves), so indexes are those of a TextTable.
 */
export class IdTable {
  readonly ids = new DealIdsBuilder();
  private readonly others = new Map<string, number>();
  private base = -1;
  /** slot (value − base) → index + 1; 0: not seen yet. */
  private slots = new Int32Array(0);

  indexOf(text: string): number {
    const value = plainIntegerId(text);
    if (value >= 0) {
      if (this.base === -1) this.base = Math.max(0, value - 1024);
      const slot = value - this.base;
      if (slot >= 0 && slot < ID_WINDOW) {
        if (slot >= this.slots.length) this.widen(slot);
        const known = this.slots[slot]!;
        if (known !== 0) return known - 1;
        const i = this.ids.push(text, value);
        this.slots[slot] = i + 1;
        return i;
      }
    }
    let i = this.others.get(text);
    if (i === undefined) {
      i = this.ids.push(text, value);
      this.others.set(text, i);
    }
    return i;
  }

  private widen(slot: number): void {
    const wider = new Int32Array(Math.min(ID_WINDOW, Math.max(slot + 1, this.slots.length * 2, 1 << 16)));
    wider.set(this.slots);
    this.slots = wider;
  }
}

/**
 * Collects events row by row into growing typed arrays. `expected`: about how many events will
 * come (a count, or an estimate from the file's size): the arrays start that large, so that five
 * million events are not copied through a doubling and a cut to size (which, at the last doubling,
 * held two and a half times the table at once).
 */
export class EventColumnsBuilder {
  private count = 0;
  private dealIndex: Int32Array;
  private stageIndex: Int32Array;
  /** Made at the first row that names a pipeline. */
  private pipelineIndex: Int32Array | undefined;
  private enteredMs: Float64Array;
  private lines: Int32Array;
  private readonly dealIds = new IdTable();
  private readonly stages = new TextTable();
  private readonly pipelines = new TextTable();

  private readonly estimated: boolean;

  constructor(expected = 0) {
    const size = Math.max(1 << 16, Math.ceil(expected));
    this.estimated = expected > 1 << 16;
    this.dealIndex = new Int32Array(size);
    this.stageIndex = new Int32Array(size);
    this.enteredMs = new Float64Array(size);
    this.lines = new Int32Array(size);
  }

  add(dealId: string, stage: string, enteredMs: number, line: number, pipeline: string | undefined): void {
    if (this.count === this.lines.length) this.grow();
    const i = this.count++;
    this.dealIndex[i] = this.dealIds.indexOf(dealId);
    this.stageIndex[i] = this.stages.indexOf(stage);
    if (pipeline !== undefined) {
      this.pipelineIndex ??= new Int32Array(this.lines.length).fill(-1);
      this.pipelineIndex[i] = this.pipelines.indexOf(pipeline);
    } else if (this.pipelineIndex !== undefined) this.pipelineIndex[i] = -1;
    this.enteredMs[i] = enteredMs;
    this.lines[i] = line;
  }

  private grow(): void {
    // Doubling from the small default; past an estimate, which was close, in small steps.
    const size = this.estimated ? Math.ceil(this.lines.length * 1.125) : this.lines.length * 2;
    this.dealIndex = widened(this.dealIndex, size);
    this.stageIndex = widened(this.stageIndex, size);
    if (this.pipelineIndex !== undefined) this.pipelineIndex = widened(this.pipelineIndex, size);
    this.enteredMs = widened(this.enteredMs, size);
    this.lines = widened(this.lines, size);
  }

  /** The columns, and the buffers to transfer with them. */
  pack(file: string): { packed: EventTable; transfer: ArrayBuffer[] } {
    // A table is kept for the whole run: cut to size, unless the spare room is small (an estimate
    // that was close), which is cheaper to keep than a copy of every column is to make.
    const n = this.count;
    const fit = <A extends Int32Array | Float64Array>(a: A): A => (a.length - n <= a.length / 16 ? (a.subarray(0, n) as A) : (a.slice(0, n) as A));
    const packed: EventTable = {
      file,
      count: n,
      dealIds: this.dealIds.ids.ids(),
      dealIndex: fit(this.dealIndex),
      stages: this.stages.texts,
      stageIndex: fit(this.stageIndex),
      pipelines: this.pipelines.texts,
      ...(this.pipelineIndex !== undefined ? { pipelineIndex: fit(this.pipelineIndex) } : {}),
      enteredMs: fit(this.enteredMs),
      lines: fit(this.lines),
    };
    const columns = [packed.dealIds.values, packed.dealIndex, packed.stageIndex, packed.pipelineIndex, packed.enteredMs, packed.lines];
    const transfer = columns.flatMap((a) => (a === undefined ? [] : [a.buffer as ArrayBuffer]));
    return { packed, transfer };
  }
}

/** The events of a table, in file order, as the readers make them. */
export function eventsOf(p: EventTable): StageEvent[] {
  // One string per deal, shared by its events.
  const ids = Array.from({ length: p.dealIds.count }, (_, i) => dealIdAt(p.dealIds, i));
  const events: StageEvent[] = [];
  for (let i = 0; i < p.count; i++) {
    const pipeline = p.pipelineIndex === undefined ? -1 : p.pipelineIndex[i]!;
    events.push(stageEvent(ids[p.dealIndex[i]!]!, p.stages[p.stageIndex[i]!]!, p.enteredMs[i]!, p.file, p.lines[i]!, pipeline === -1 ? undefined : p.pipelines[pipeline]));
  }
  return events;
}

/**
 * The table of events read as objects (the main-thread readers, tests). A table names one file; the
 * events of a history always come from one.
 */
export function packEvents(events: readonly StageEvent[]): EventTable {
  const columns = new EventColumnsBuilder(events.length);
  const file = events.length === 0 ? '' : events[0]!.src.file;
  for (const e of events) {
    const src = e.src;
    if (src.file !== file) throw new Error(`packEvents: events of two files (${file}, ${src.file})`);
    columns.add(e.dealId, e.stage, e.enteredMs, src.line, e.pipeline);
  }
  return columns.pack(file).packed;
}

/** The events at or before `limitMs` (the same table when none is later). */
export function eventsUpTo(table: EventTable, limitMs: number): EventTable {
  let kept = 0;
  for (let i = 0; i < table.count; i++) if (table.enteredMs[i]! <= limitMs) kept++;
  if (kept === table.count) return table;
  // A grouping of the whole table is not this one's.
  const { grouped: _whole, pipelineIndex, ...rest } = table;
  const cut: EventTable = {
    ...rest,
    count: kept,
    dealIndex: new Int32Array(kept),
    stageIndex: new Int32Array(kept),
    enteredMs: new Float64Array(kept),
    lines: new Int32Array(kept),
  };
  const cutPipelines = pipelineIndex === undefined ? undefined : new Int32Array(kept);
  if (cutPipelines !== undefined) cut.pipelineIndex = cutPipelines;
  let j = 0;
  for (let i = 0; i < table.count; i++) {
    if (table.enteredMs[i]! > limitMs) continue;
    cut.dealIndex[j] = table.dealIndex[i]!;
    cut.stageIndex[j] = table.stageIndex[i]!;
    cut.enteredMs[j] = table.enteredMs[i]!;
    cut.lines[j] = table.lines[i]!;
    if (cutPipelines !== undefined) cutPipelines[j] = pipelineIndex![i]!;
    j++;
  }
  return cut;
}
