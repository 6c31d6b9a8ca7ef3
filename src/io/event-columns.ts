// Stage events as columns, for handing a history read in another thread back to the main one.
// A message of five million event objects would be serialised one object at a time; typed arrays
// move as they are (transferred, not copied), and each distinct deal id, stage and pipeline travels
// once, with an index per event.
import { stageEvent, type StageEvent } from '../model/records.js';

export interface PackedEvents {
  file: string;
  count: number;
  dealIds: string[];
  dealIndex: Int32Array;
  stages: string[];
  stageIndex: Int32Array;
  pipelines: string[];
  /** -1: the row named no pipeline. */
  pipelineIndex: Int32Array;
  enteredMs: Float64Array;
  lines: Int32Array;
}

/** One table of distinct texts: text → its index, in order of first appearance. */
class TextTable {
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

/** Collects events row by row into growing typed arrays. */
export class EventColumnsBuilder {
  private count = 0;
  private dealIndex = new Int32Array(1 << 16);
  private stageIndex = new Int32Array(1 << 16);
  private pipelineIndex = new Int32Array(1 << 16);
  private enteredMs = new Float64Array(1 << 16);
  private lines = new Int32Array(1 << 16);
  private readonly dealIds = new TextTable();
  private readonly stages = new TextTable();
  private readonly pipelines = new TextTable();

  add(dealId: string, stage: string, enteredMs: number, line: number, pipeline: string | undefined): void {
    if (this.count === this.lines.length) this.grow();
    const i = this.count++;
    this.dealIndex[i] = this.dealIds.indexOf(dealId);
    this.stageIndex[i] = this.stages.indexOf(stage);
    this.pipelineIndex[i] = pipeline === undefined ? -1 : this.pipelines.indexOf(pipeline);
    this.enteredMs[i] = enteredMs;
    this.lines[i] = line;
  }

  private grow(): void {
    const size = this.lines.length * 2;
    const bigger = <A extends Int32Array | Float64Array>(a: A, make: (n: number) => A): A => {
      const b = make(size);
      b.set(a);
      return b;
    };
    this.dealIndex = bigger(this.dealIndex, (n) => new Int32Array(n));
    this.stageIndex = bigger(this.stageIndex, (n) => new Int32Array(n));
    this.pipelineIndex = bigger(this.pipelineIndex, (n) => new Int32Array(n));
    this.enteredMs = bigger(this.enteredMs, (n) => new Float64Array(n));
    this.lines = bigger(this.lines, (n) => new Int32Array(n));
  }

  /** The columns, and the buffers to transfer with them. */
  pack(file: string): { packed: PackedEvents; transfer: ArrayBuffer[] } {
    const packed: PackedEvents = {
      file,
      count: this.count,
      dealIds: this.dealIds.texts,
      dealIndex: this.dealIndex,
      stages: this.stages.texts,
      stageIndex: this.stageIndex,
      pipelines: this.pipelines.texts,
      pipelineIndex: this.pipelineIndex,
      enteredMs: this.enteredMs,
      lines: this.lines,
    };
    const transfer = [this.dealIndex, this.stageIndex, this.pipelineIndex, this.enteredMs, this.lines].map((a) => a.buffer as ArrayBuffer);
    return { packed, transfer };
  }
}

/** The events of packed columns, in file order, as the in-thread reader makes them. */
export function eventsOf(p: PackedEvents): StageEvent[] {
  const events: StageEvent[] = [];
  for (let i = 0; i < p.count; i++) {
    const pipeline = p.pipelineIndex[i]!;
    events.push(stageEvent(p.dealIds[p.dealIndex[i]!]!, p.stages[p.stageIndex[i]!]!, p.enteredMs[i]!, p.file, p.lines[i]!, pipeline === -1 ? undefined : p.pipelines[pipeline]));
  }
  return events;
}
