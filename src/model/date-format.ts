// The grammar of a `date_format` (date-fns tokens): split into letter runs and literals, and
// checked once, when the config is read, for what dealpulse refuses (week years, day of year,
// two-digit years, tokens date-fns cannot read back). The readers that use a format are in
// io/values/date.ts.
import { format as formatDate } from 'date-fns/format';
import { parse } from 'date-fns/parse';
import { tz } from '@date-fns/tz';

export interface FormatToken {
  /** The text of the token in the format string. */
  text: string;
  /** The pattern letter for a token, undefined for literals and quoted text. */
  letter?: string;
}

/** Split a date-fns format into letter runs and literals (quoted text stays literal). */
export function tokenize(fmt: string): FormatToken[] {
  const tokens: FormatToken[] = [];
  let i = 0;
  while (i < fmt.length) {
    const ch = fmt.charAt(i);
    if (ch === "'") {
      let j = i + 1;
      while (j < fmt.length) {
        if (fmt.charAt(j) === "'") {
          if (fmt.charAt(j + 1) === "'") j += 2;
          else break;
        } else j += 1;
      }
      tokens.push({ text: fmt.slice(i, j + 1) });
      i = j + 1;
    } else if (/[A-Za-z]/.test(ch)) {
      let j = i;
      while (fmt.charAt(j) === ch) j += 1;
      tokens.push({ text: fmt.slice(i, j), letter: ch });
      i = j;
    } else {
      tokens.push({ text: ch });
      i += 1;
    }
  }
  return tokens;
}

/** Text of a literal token: quotes removed, `''` → `'` (as date-fns's cleanEscapedString). */
export function literalText(text: string): string {
  if (text === "''") return "'";
  if (!text.startsWith("'")) return text;
  return text.replace(/^'|'$/g, '').replace(/''/g, "'");
}

export const UTC = tz('UTC');
export const REFERENCE = new Date(Date.UTC(2000, 0, 1));
export const SAMPLE = new Date(Date.UTC(2025, 2, 14, 9, 30, 0));

/** Why `fmt` cannot be used, or undefined when it is fine. For config validation too. */
export function validateDateFormat(fmt: string): string | undefined {
  if (fmt === 'excel') return undefined;
  const letters = tokenize(fmt).filter((t) => t.letter !== undefined);
  const has = (l: string) => letters.some((t) => t.letter === l);
  if (has('Y') || has('R')) return `date format "${fmt}": use yyyy for the year (Y and R are week-numbering years)`;
  if (has('D')) return `date format "${fmt}": use dd for the day of the month (D is the day of the year)`;
  if (letters.some((t) => (t.letter === 'y' || t.letter === 'u') && t.text.length === 2)) {
    return `date format "${fmt}": two-digit years (yy) are refused; use yyyy`;
  }
  if (!(has('y') || has('u')) || !(has('M') || has('L')) || !has('d')) {
    return `date format "${fmt}": needs a year (yyyy), a month (MM) and a day (dd)`;
  }
  // A format that cannot read back what it writes uses tokens date-fns cannot parse (z, O, …).
  try {
    const text = formatDate(SAMPLE, fmt, { in: UTC });
    const back = parse(text, fmt, REFERENCE, { in: UTC });
    if (Number.isNaN(back.getTime()) || formatDate(back, fmt, { in: UTC }) !== text) {
      return `date format "${fmt}" cannot read back what it writes (a token date-fns cannot parse?)`;
    }
  } catch (e) {
    return `date format "${fmt}" is not valid: ${e instanceof Error ? e.message : String(e)}`;
  }
  return undefined;
}

