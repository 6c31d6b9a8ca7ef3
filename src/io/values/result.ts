// The outcome of reading one cell. Cell readers never throw on bad data: a failure carries a reason
// that quotes the offending text, and the row reader turns it into a Diagnostic with file:line.

/**
 * `systematic`: the text is in a form dealpulse refuses on purpose (two-digit years, Excel serials
 * without `date_format: excel`) — the whole column is read wrong, so skipping rows one by one would
 * hide the real fix; callers make it fatal.
 */
export type ParseResult<T> = { ok: true; value: T } | { ok: false; reason: string; systematic?: boolean };

export function ok<T>(value: T): ParseResult<T> {
  return { ok: true, value };
}

export function fail<T = never>(reason: string, systematic = false): ParseResult<T> {
  return systematic ? { ok: false, reason, systematic } : { ok: false, reason };
}
