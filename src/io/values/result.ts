// The outcome of reading one cell. Cell readers never throw on bad data: a failure carries a reason
// that quotes the offending text, and the row reader turns it into a Diagnostic with file:line.

export type ParseResult<T> = { ok: true; value: T } | { ok: false; reason: string };

export function ok<T>(value: T): ParseResult<T> {
  return { ok: true, value };
}

export function fail<T = never>(reason: string): ParseResult<T> {
  return { ok: false, reason };
}
