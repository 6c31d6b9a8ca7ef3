// CRMs number their deals: most ids are plain integers (`1000123`). Code that can use the number
// instead of hashing the text (an ordered-ids check, grouping by an array index) takes it from here.
import { widened } from './typed-arrays.js';

/**
 * The value of a plain decimal integer id — digits only, no sign, no leading zero, at most 15
 * digits, so that two different texts are never the same number — else -1.
 */
export function plainIntegerId(text: string): number {
  return plainIntegerIdAt(text, 0, text.length);
}

/** `plainIntegerId(text.slice(start, end))`, read in place. */
export function plainIntegerIdAt(text: string, start: number, end: number): number {
  const n = end - start;
  if (n <= 0 || n > 15 || (n > 1 && text.charCodeAt(start) === 48)) return -1;
  let value = 0;
  for (let i = start; i < end; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/**
 * Whether ids, given one at a time in file order, are all plain integers (`plainIntegerId`) that
 * strictly increase, or strictly decrease — as CRMs number their deals and often sort their exports.
 * While they are, no id can have repeated, and no map of every id is needed to find repeats.
 */
export class IdOrder {
  private direction = 0;
  private previous = -1;
  private broken = false;
  private firstValue = -1;

  /** Takes the next id; false from the first id that breaks the order on. */
  accept(id: string): boolean {
    return this.acceptValue(plainIntegerId(id));
  }

  /** `accept` of an id by its `plainIntegerId` (-1: not a plain integer, which breaks the order). */
  acceptValue(value: number): boolean {
    if (this.broken) return false;
    let ok = value !== -1;
    if (ok && this.previous !== -1) {
      const step = Math.sign(value - this.previous);
      ok = step !== 0 && (this.direction === 0 || step === this.direction);
      this.direction = step;
    }
    if (ok && this.firstValue === -1) this.firstValue = value;
    this.previous = value;
    this.broken = !ok;
    return ok;
  }

  /** The first id accepted, as its value; -1 before any. */
  get first(): number {
    return this.firstValue;
  }

  /** The last id accepted, as its value; -1 before any. */
  get last(): number {
    return this.broken ? -1 : this.previous;
  }
}

/**
 * Deal ids by index, without a string per plain id: a history names a million deals, and a million
 * id strings are a few dozen megabytes in each thread that holds them (and in every copy handed
 * between threads). A plain integer id (`plainIntegerId`) is kept as its number, which gives back
 * the same text; any other id as its text.
 */
export interface DealIds {
  count: number;
  /** Per index: the id's value, or NaN when the id is not a plain integer (its text is in `texts`). */
  values: Float64Array;
  /** The texts of the ids that are not plain integers, by index. */
  texts: Map<number, string>;
}

/** The id at index `i`, as it was written. */
export function dealIdAt(ids: DealIds, i: number): string {
  return textAt(ids.values, ids.texts, i);
}

function textAt(values: Float64Array, texts: ReadonlyMap<number, string>, i: number): string {
  const v = values[i]!;
  return Number.isNaN(v) ? texts.get(i)! : String(v);
}

/** Collects deal ids one by one (repeats are the caller's business). */
export class DealIdsBuilder {
  count = 0;
  private values = new Float64Array(1024);
  private readonly texts = new Map<number, string>();

  /** Adds `text`, whose `plainIntegerId` is `value` (-1: not plain); returns its index. */
  push(text: string, value = plainIntegerId(text)): number {
    if (this.count === this.values.length) this.values = widened(this.values, this.values.length * 2);
    const i = this.count++;
    if (value === -1) {
      this.values[i] = NaN;
      this.texts.set(i, text);
    } else this.values[i] = value;
    return i;
  }

  /** Adds the id at index `j` of `ids`; returns its index here. */
  pushFrom(ids: DealIds, j: number): number {
    const v = ids.values[j]!;
    return Number.isNaN(v) ? this.push(ids.texts.get(j)!, -1) : this.push('', v);
  }

  /** Forget every id. */
  reset(): void {
    this.count = 0;
    this.texts.clear();
  }

  /** The ids so far (`values` is cut to size: a copy, since the builder may go on). */
  ids(): DealIds {
    return { count: this.count, values: this.values.slice(0, this.count), texts: new Map(this.texts) };
  }

  at(i: number): string {
    return textAt(this.values, this.texts, i);
  }
}

/**
 * Finds ids in a list: `positionsOf(list)` answers, for an id of another list, its position in
 * `list` (the last one, when an id repeats), or -1. A map of a million ids costs a hash probe per
 * lookup — a cache miss, mostly; when every id of `list` is a plain integer from a narrow range the
 * positions are kept in an array indexed by the id's value instead, and no text is made.
 */
export function positionsOf(list: DealIds): (ids: DealIds, i: number) => number {
  const { count, values } = list;
  let min = Infinity;
  let max = -Infinity;
  let plain = true;
  for (let i = 0; i < count && plain; i++) {
    const v = values[i]!;
    plain = !Number.isNaN(v);
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (plain && count > 0 && max - min <= 4 * count + 1024) {
    const slots = new Int32Array(max - min + 1).fill(-1);
    for (let i = 0; i < count; i++) slots[values[i]! - min] = i;
    // An id that is not a plain integer (NaN) is -1 here, like every id outside the range.
    return (ids, i) => {
      const v = ids.values[i]!;
      return v >= min && v <= max ? slots[v - min]! : -1;
    };
  }
  const map = new Map<string, number>();
  for (let i = 0; i < count; i++) map.set(dealIdAt(list, i), i);
  return (ids, i) => map.get(dealIdAt(ids, i)) ?? -1;
}

/**
 * Finds an id's position in a list by its text (the last one, when an id repeats), or -1: by the
 * id's value in an array when every id of `list` is a plain integer from a narrow range (no hash
 * probe), else through a map of the texts.
 */
export function idLookup(list: DealIds): (text: string) => number {
  const position = positionsOf(list);
  const one: DealIds = { count: 1, values: new Float64Array(1), texts: new Map() };
  return (text) => {
    const value = plainIntegerId(text);
    if (value === -1) {
      one.values[0] = NaN;
      one.texts.set(0, text);
    } else one.values[0] = value;
    return position(one, 0);
  };
}
