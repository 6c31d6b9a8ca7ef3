// Reading yes/no cells (completion gates such as `docs_uploaded`, SPEC §1). An empty cell is false:
// a gate nobody ticked has not been passed. Anything unrecognised is refused rather than guessed,
// because a gate decides whether a deal pays commission.
import { fail, ok, type ParseResult } from './result.js';

export type { ParseResult } from './result.js';

// `х` is the Cyrillic letter that Russian keyboards type for a tick; it looks exactly like `x`.
const TRUE = new Set(['true', 'yes', 'да', '1', 'y', 'x', '\u0445']);
const FALSE = new Set(['false', 'no', 'нет', '0', 'n', '']);

/** `true/false`, `yes/no`, `да/нет`, `1/0`, `y/n`, `x`/empty; case-insensitive, trimmed. */
export function parseBoolean(text: string): ParseResult<boolean> {
  const key = text.trim().toLowerCase();
  if (TRUE.has(key)) return ok(true);
  if (FALSE.has(key)) return ok(false);
  return fail(`cannot read "${text.trim()}" as yes/no (expected e.g. да, нет, yes, no, 1, 0, x)`);
}
