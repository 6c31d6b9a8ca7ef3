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
