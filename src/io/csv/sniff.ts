// Guessing a file's CSV dialect from its header. csv-parse's delimiter_auto samples bytes and can pick
// `;` on a comma file whose quoted header contains "a;b"; the header line, read with its quotes
// respected, is a better witness. Bitrix24 ends every line with `;`, which gives the header (and
// every row) one empty last field that must be dropped exactly once.

export type Delimiter = ',' | ';' | '\t' | '|';

/** Candidates in tie-break order: `;` first because a Russian export with `;` often has commas in names. */
export const DELIMITERS: readonly Delimiter[] = [';', ',', '\t', '|'];

const QUOTE = 0x22;

function isCandidate(code: number): boolean {
  return code === 0x3b || code === 0x2c || code === 0x09 || code === 0x7c;
}

/**
 * Where the first physical line of `text` ends (index of its line break), quotes respected; -1 when
 * `text` does not contain the whole line yet. Without knowing the delimiter, a quote opens a quoted
 * name only at the start of the line or right after one of the candidate delimiters.
 */
export function findHeaderLineEnd(text: string): number {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (quoted) {
      if (c === QUOTE) {
        if (i + 1 >= text.length) return -1; // `""` or a closing quote? Needs more text.
        if (text.charCodeAt(i + 1) === QUOTE) i++;
        else quoted = false;
      }
    } else if (c === 0x0a || c === 0x0d) {
      return i;
    } else if (c === QUOTE && (i === 0 || isCandidate(text.charCodeAt(i - 1)))) {
      quoted = true;
    }
  }
  return -1;
}

/**
 * The delimiter of a header line: the candidate occurring most often outside quotes; ties go to the
 * earlier of `;` `,` tab `|`; a line with none of them is a single column (`,`).
 */
export function sniffDelimiter(headerLine: string): Delimiter {
  const counts = [0, 0, 0, 0];
  let quoted = false;
  for (let i = 0; i < headerLine.length; i++) {
    const c = headerLine.charCodeAt(i);
    if (quoted) {
      if (c === QUOTE) {
        if (headerLine.charCodeAt(i + 1) === QUOTE) i++;
        else quoted = false;
      }
      continue;
    }
    if (c === 0x0a || c === 0x0d) break;
    if (c === QUOTE && (i === 0 || isCandidate(headerLine.charCodeAt(i - 1)))) quoted = true;
    else if (c === 0x3b) counts[0]!++;
    else if (c === 0x2c) counts[1]!++;
    else if (c === 0x09) counts[2]!++;
    else if (c === 0x7c) counts[3]!++;
  }
  let best = 1; // `,` when nothing is found
  let bestCount = 0;
  for (let k = 0; k < 4; k++) {
    if (counts[k]! > bestCount) {
      best = k;
      bestCount = counts[k]!;
    }
  }
  return DELIMITERS[best]!;
}

/**
 * Whether every line carries one trailing delimiter (Bitrix24): the header's last name is empty and
 * no sampled data row has a value in that unnamed last column. Rows may lack the extra field (then
 * there is nothing to drop). When a row does have a value there, the column is real, merely unnamed,
 * and it is kept.
 */
export function detectTrailingDelimiter(
  header: readonly string[],
  firstRecords: readonly (readonly string[])[],
): boolean {
  const n = header.length;
  if (n < 2 || header[n - 1]!.trim() !== '') return false;
  for (const fields of firstRecords) {
    if (fields.length >= n && fields[n - 1] !== '') return false;
  }
  return true;
}
