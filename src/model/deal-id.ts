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
