// CRMs number their deals: most ids are plain integers (`1000123`). Code that can use the number
// instead of hashing the text (an ordered-ids check, grouping by an array index) takes it from here.

/**
 * The value of a plain decimal integer id — digits only, no sign, no leading zero, at most 15
 * digits, so that two different texts are never the same number — else -1.
 */
export function plainIntegerId(text: string): number {
  const n = text.length;
  if (n === 0 || n > 15 || (n > 1 && text.charCodeAt(0) === 48)) return -1;
  let value = 0;
  for (let i = 0; i < n; i++) {
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

  /** Takes the next id; false from the first id that breaks the order on. */
  accept(id: string): boolean {
    if (this.broken) return false;
    const value = plainIntegerId(id);
    let ok = value !== -1;
    if (ok && this.previous !== -1) {
      const step = Math.sign(value - this.previous);
      ok = step !== 0 && (this.direction === 0 || step === this.direction);
      this.direction = step;
    }
    this.previous = value;
    this.broken = !ok;
    return ok;
  }
}

/**
 * Finds ids in a list: `positionsOf(n, idAt)(id)` is the position of `id` among `idAt(0)` …
 * `idAt(n - 1)` (the last one, when an id repeats), or -1. A map of a million ids costs a hash probe
 * per lookup — a cache miss, mostly; when every id is a plain integer from a narrow range the
 * positions are kept in an array indexed by the id's value instead.
 */
export function positionsOf(count: number, idAt: (i: number) => string): (id: string) => number {
  const values = new Float64Array(count);
  let min = Infinity;
  let max = -Infinity;
  let plain = true;
  for (let i = 0; i < count && plain; i++) {
    const v = plainIntegerId(idAt(i));
    plain = v !== -1;
    values[i] = v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (plain && count > 0 && max - min <= 4 * count + 1024) {
    const slots = new Int32Array(max - min + 1).fill(-1);
    for (let i = 0; i < count; i++) slots[values[i]! - min] = i;
    // A text that is not a plain integer is -1 here: below `min`, like every id outside the range.
    return (id) => {
      const v = plainIntegerId(id);
      return v < min || v > max ? -1 : slots[v - min]!;
    };
  }
  const map = new Map<string, number>();
  for (let i = 0; i < count; i++) map.set(idAt(i), i);
  return (id) => map.get(id) ?? -1;
}
