// Reading amounts and plain numbers from CSV text (SPEC §1). CRM exports write numbers for humans:
// `1 250 000,50 ₽`, `$1,250,000.50`, `(123)`. We accept exactly those shapes and refuse anything
// else with a reason that quotes the text — `Number()` would read `0x10`, `1e5` and `''` (as 0).
// Values are exact decimals (big.js); no float ever touches the digits.
import { Big, knownCurrencies } from '../../model/money.js';
import { fail, ok, type ParseResult } from './result.js';
import { fastPath } from './fast-path.js';

export type { ParseResult } from './result.js';

/** The file's decimal separator, when known: resolves `1,250` / `1.250`. */
export type DecimalHint = ',' | '.';

export interface NumberOptions {
  decimalHint?: DecimalHint;
}

export interface Amount {
  value: Big;
  /** ISO 4217 code of a currency symbol or code found in the text. */
  currency?: string;
}

const AMOUNT_EXAMPLE = '1 250 000,50';
const NUMBER_EXAMPLE = '1 250,5';

// Symbols and local abbreviations (lower case) → ISO code. `¥` is left out on purpose: it is both
// JPY and CNY, and guessing a currency is worse than refusing the cell.
const CURRENCY_WORDS: ReadonlyArray<readonly [string, string]> = [
  ['₽', 'RUB'],
  ['руб.', 'RUB'],
  ['руб', 'RUB'],
  ['р.', 'RUB'],
  ['р', 'RUB'],
  ['rur', 'RUB'], // the pre-1998 code, still written by 1C and some banks
  ['$', 'USD'],
  ['us$', 'USD'],
  ['€', 'EUR'],
  ['£', 'GBP'],
  ['₸', 'KZT'],
  ['₴', 'UAH'],
  ['грн.', 'UAH'],
  ['грн', 'UAH'],
  ['₹', 'INR'],
  ['₩', 'KRW'],
  ['₺', 'TRY'],
  ['₼', 'AZN'],
  ['₾', 'GEL'],
  ['zł', 'PLN'],
];

/** Every currency token, longest first so `руб.` wins over `руб` and `р`. */
const CURRENCY_TOKENS: ReadonlyArray<readonly [string, string]> = [
  ...CURRENCY_WORDS,
  ...knownCurrencies().map((code) => [code.toLowerCase(), code] as const),
].sort((a, b) => b[0].length - a[0].length);

/** Tokens indexed by their first / last character, so a cell is checked against a handful. */
function indexBy(pick: (word: string) => string): Map<string, Array<readonly [string, string]>> {
  const index = new Map<string, Array<readonly [string, string]>>();
  for (const token of CURRENCY_TOKENS) {
    const key = pick(token[0]);
    index.set(key, [...(index.get(key) ?? []), token]);
  }
  return index;
}
const BY_FIRST = indexBy((w) => w.charAt(0));
const BY_LAST = indexBy((w) => w.charAt(w.length - 1));

const LETTER = /\p{L}/u;
const SIGNS = new Set(['-', '\u2212', '+']);
// Thousands separators that can never be a decimal mark.
const SPACES = new Set([' ', '\u00A0', '\u202F', '\u2009', '\u2007']);
const APOSTROPHES = new Set(["'", '\u2019']);

function isDigit(ch: string): boolean {
  return ch >= '0' && ch <= '9';
}

interface Token {
  code: string;
  length: number;
}

/** A currency token at the start of `s`, not glued to a following letter (`р` ≠ `рубль…`). */
function currencyAtStart(s: string): Token | undefined {
  if (isDigit(s.charAt(0))) return undefined; // the common case, without scanning every code
  const lower = s.toLowerCase();
  for (const [word, code] of BY_FIRST.get(lower.charAt(0)) ?? []) {
    if (!lower.startsWith(word)) continue;
    const next = s.charAt(word.length);
    if (LETTER.test(word.charAt(word.length - 1)) && next !== '' && LETTER.test(next)) continue;
    return { code, length: word.length };
  }
  return undefined;
}

/** A currency token at the end of `s`, not glued to a preceding letter. */
function currencyAtEnd(s: string): Token | undefined {
  if (isDigit(s.charAt(s.length - 1))) return undefined;
  const lower = s.toLowerCase();
  for (const [word, code] of BY_LAST.get(lower.charAt(lower.length - 1)) ?? []) {
    if (!lower.endsWith(word)) continue;
    const prev = s.charAt(s.length - word.length - 1);
    if (LETTER.test(word.charAt(0)) && prev !== '' && LETTER.test(prev)) continue;
    return { code, length: word.length };
  }
  return undefined;
}

type SepClass = ',' | '.' | 'space' | 'apostrophe';

function sepClass(ch: string): SepClass | undefined {
  if (ch === ',' || ch === '.') return ch;
  if (SPACES.has(ch)) return 'space';
  if (APOSTROPHES.has(ch)) return 'apostrophe';
  return undefined;
}

/** Why the digits could not be read; `generic` gets the "expected e.g." message. */
type DigitsFailure =
  | { kind: 'generic' }
  | { kind: 'ambiguous'; sep: ',' | '.'; asDecimal: string; asThousands: string }
  | { kind: 'mixed' };

type DigitsResult = { ok: true; int: string; frac: string } | { ok: false; why: DigitsFailure };

const GENERIC: DigitsResult = { ok: false, why: { kind: 'generic' } };

/**
 * Split `body` (digits and separators only, no sign or currency) into integer and fraction digits.
 * The decimal mark is the last `,`/`.` when the other one (or a space/apostrophe) groups thousands;
 * a lone `,`/`.` followed by exactly three digits is ambiguous unless the hint or the digits decide.
 */
function readDigits(body: string, hint: DecimalHint | undefined): DigitsResult {
  const groups: string[] = [];
  const seps: SepClass[] = [];
  let current = '';
  for (const ch of body) {
    if (isDigit(ch)) {
      current += ch;
      continue;
    }
    const cls = sepClass(ch);
    // A separator must sit between two digits: no leading, trailing or doubled separators.
    if (cls === undefined || current === '') return GENERIC;
    groups.push(current);
    seps.push(cls);
    current = '';
  }
  if (current === '') return GENERIC;
  groups.push(current);

  const puncts = new Set(seps.filter((s): s is ',' | '.' => s === ',' || s === '.'));
  const blanks = new Set(seps.filter((s) => s === 'space' || s === 'apostrophe'));
  if (blanks.size > 1) return { ok: false, why: { kind: 'mixed' } };

  let decimalAt = -1; // index into seps of the decimal mark, -1 for none
  const last = seps.length - 1;
  const lastSep = seps[last];
  if (puncts.size === 2 || (puncts.size === 1 && blanks.size === 1)) {
    // The last separator must be the decimal mark and occur once; the rest group thousands.
    if (lastSep !== ',' && lastSep !== '.') return { ok: false, why: { kind: 'mixed' } };
    if (seps.filter((s) => s === lastSep).length !== 1) return { ok: false, why: { kind: 'mixed' } };
    decimalAt = last;
  } else if (puncts.size === 1 && lastSep !== undefined && (lastSep === ',' || lastSep === '.')) {
    if (seps.length > 1) {
      decimalAt = -1; // `1,250,000` / `1.250.000`: a repeated mark can only group thousands
    } else {
      const intPart = groups[0] as string;
      const after = groups[1] as string;
      if (after.length !== 3 || intPart.startsWith('0') || intPart.length > 3) {
        decimalAt = 0; // `1,5`, `0,250`, `1250,000`: cannot be a thousands group
      } else if (hint !== undefined) {
        decimalAt = hint === lastSep ? 0 : -1;
      } else {
        return {
          ok: false,
          why: {
            kind: 'ambiguous',
            sep: lastSep,
            asDecimal: `${intPart}.${after}`,
            asThousands: `${intPart}${after}`,
          },
        };
      }
    }
  }

  const intGroups = decimalAt === -1 ? groups : groups.slice(0, decimalAt + 1);
  const frac = decimalAt === -1 ? '' : (groups[decimalAt + 1] as string);
  const grouped = intGroups.length > 1;
  if (grouped) {
    const thousandSeps = new Set(seps.slice(0, intGroups.length - 1));
    if (thousandSeps.size !== 1) return { ok: false, why: { kind: 'mixed' } };
    const [first, ...rest] = intGroups as [string, ...string[]];
    if (first.length > 3 || rest.some((g) => g.length !== 3)) return GENERIC;
  }
  return { ok: true, int: intGroups.join(''), frac };
}

interface Peeled {
  body: string;
  negative: boolean;
  signs: number;
  currencies: string[];
  balanced: boolean;
}

/** Take signs, parentheses and currency tokens off both ends of the trimmed text. */
function peel(text: string, withCurrency: boolean): Peeled {
  let s = text;
  let signs = 0;
  let negative = false;
  let open = 0;
  let close = 0;
  const currencies: string[] = [];
  for (;;) {
    const ch = s.charAt(0);
    if (SIGNS.has(ch)) {
      signs += 1;
      negative = ch !== '+';
      s = s.slice(1).trimStart();
    } else if (ch === '(') {
      open += 1;
      s = s.slice(1).trimStart();
    } else {
      const cur = withCurrency ? currencyAtStart(s) : undefined;
      if (!cur) break;
      currencies.push(cur.code);
      s = s.slice(cur.length).trimStart();
    }
  }
  for (;;) {
    const ch = s.charAt(s.length - 1);
    if (ch === ')') {
      close += 1;
      s = s.slice(0, -1).trimEnd();
    } else {
      const cur = withCurrency ? currencyAtEnd(s) : undefined;
      if (!cur) break;
      currencies.push(cur.code);
      s = s.slice(0, s.length - cur.length).trimEnd();
    }
  }
  const parens = open === 1 && close === 1;
  return {
    body: s,
    negative: negative || parens,
    signs: signs + (parens ? 1 : 0),
    currencies,
    balanced: open === close && open <= 1,
  };
}

type Decimal = { value: Big; currency?: string };

/**
 * The forms most exports write, read without peeling signs and currencies: digits, with thousands
 * grouped by one kind of separator (`1 250 000`, `1,250,000`, `1'250'000`, NBSP…) and at most one
 * decimal mark (`1 250 000,50`, `1,250,000.50`, `1250000,5`) — each separator between two digits.
 * A lone `,`/`.` before exactly three digits is the one ambiguous case: the file's decimal hint
 * decides, and without one the general way words the question. Anything else (a sign, a currency,
 * spaces around, two kinds of grouping…) takes the general way. Equal to the general way by
 * construction of the same rules (`readDigits`), and tested so (number-fast-path.test.ts).
 */
export function plainDecimal(text: string, hint: DecimalHint | undefined): Big | undefined {
  const sep = plainSeparator(text, 0, text.length, hint);
  return sep === undefined ? undefined : decimalOfDigits(text, 0, text.length, sep);
}

/** Whether `text` is an amount in a plain form (`plainDecimal`): one the general way reads without a word to say. */
export function isPlainAmount(text: string, hint: DecimalHint | undefined): boolean {
  return plainSeparator(text, 0, text.length, hint) !== undefined;
}

/**
 * `isPlainAmount(text.slice(start, end))`, read in place. A plain amount begins and ends with a
 * digit, so a cell that is one is the same with or without a cell's trimming.
 */
export function isPlainAmountAt(text: string, start: number, end: number, hint: DecimalHint | undefined): boolean {
  return plainSeparator(text, start, end, hint) !== undefined;
}

/** `plainDecimal(text.slice(start, end))`, read in place. */
export function plainDecimalAt(text: string, start: number, end: number, hint: DecimalHint | undefined): Big | undefined {
  const sep = plainSeparator(text, start, end, hint);
  return sep === undefined ? undefined : decimalOfDigits(text, start, end, sep);
}

/**
 * The plain amount `text.slice(start, end)` (`isPlainAmountAt`) as a whole number of hundredths, for
 * an exact sum (model/money.ts `AmountSum`); NaN when it is not plain, or has more than 15 digits,
 * or is not a whole number of hundredths, or is more hundredths than a safe integer holds. `1 250 000,5` with a
 * decimal-comma hint is 125000050.
 */
export function plainHundredthsAt(text: string, start: number, end: number, hint: DecimalHint | undefined): number {
  const sep = plainSeparator(text, start, end, hint);
  if (sep === undefined) return NaN;
  let n = 0;
  let digits = 0;
  let fraction = 0;
  for (let at = start; at < end; at++) {
    const d = text.charCodeAt(at) - 48;
    if (d >>> 0 > 9) continue; // a separator
    n = n * 10 + d;
    digits++;
    if (sep !== -1 && at > start + sep) fraction++;
  }
  if (digits > 15) return NaN;
  // `n` is exact (under 10^15); so is a product that is a safe integer, and one that is not is 2^53
  // or more as computed too. Decimals past the second must be zeros (`0,500` is 50 hundredths).
  if (fraction > 2) {
    const over = 10 ** (fraction - 2);
    if (n % over !== 0) return NaN;
    n /= over;
    fraction = 2;
  }
  const hundredths = fraction === 2 ? n : fraction === 1 ? n * 10 : n * 100;
  return Number.isSafeInteger(hundredths) ? hundredths : NaN;
}

// Separator classes, as `sepClass` of the general way: the two marks, and the blanks that can only
// group thousands (spaces of every width, apostrophes).
const NOT_SEP = 0;
const COMMA = 1;
const POINT = 2;
const SPACE = 3;
const APOSTROPHE = 4;

function sepClassOf(c: number): number {
  if (c === 0x2c) return COMMA;
  if (c === 0x2e) return POINT;
  if (c === 0x20 || c === 0xa0 || c === 0x202f || c === 0x2009 || c === 0x2007) return SPACE;
  if (c === 0x27 || c === 0x2019) return APOSTROPHE;
  return NOT_SEP;
}

/** The longest text read the plain way, and the most separators in it. */
const MAX_PLAIN = 40;
const MAX_SEPS = 12;
const sepAt = new Int32Array(MAX_SEPS);
const sepIs = new Int32Array(MAX_SEPS);

/**
 * Where the decimal mark of a plain form in `text.slice(start, end)` is, from `start` (-1: none);
 * undefined when it is not one. The cases are `readDigits`' own, taken only where it reads a value.
 */
function plainSeparator(text: string, start: number, end: number, hint: DecimalHint | undefined): number | undefined {
  const n = end - start;
  if (n <= 0 || n > MAX_PLAIN || !fastPath.enabled) return undefined;
  let k = 0;
  let afterDigit = false;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(start + i);
    if (c >= 48 && c <= 57) {
      afterDigit = true;
      continue;
    }
    const cls = sepClassOf(c);
    // A separator sits between two digits; no other character is plain.
    if (cls === NOT_SEP || !afterDigit || k === MAX_SEPS) return undefined;
    sepAt[k] = i;
    sepIs[k] = cls;
    k++;
    afterDigit = false;
  }
  if (!afterDigit) return undefined;
  if (k === 0) return -1;
  const last = k - 1;
  const lastIs = sepIs[last]!;
  const groupedBy = sepIs[0]!;
  for (let j = 1; j < last; j++) if (sepIs[j] !== groupedBy) return undefined; // two kinds of grouping
  const isMark = lastIs === COMMA || lastIs === POINT;
  if (k > 1 && lastIs !== groupedBy) {
    // Grouped thousands, then a decimal mark of the other kind: `1 250 000,50`, `1,250,000.50`.
    if (!isMark) return undefined;
    return groupsOfThousands(last, sepAt[last]!) ? sepAt[last]! : undefined;
  }
  // One kind of separator throughout.
  if (!isMark || k > 1) return groupsOfThousands(k, n) ? -1 : undefined;
  // A lone mark: a decimal one unless exactly three digits follow a short integer part without a
  // leading zero; then the file's decimal hint decides.
  const at = sepAt[0]!;
  if (n - at - 1 !== 3 || text.charCodeAt(start) === 48 || at > 3) return at;
  if (hint === undefined) return undefined;
  return hint === (lastIs === COMMA ? ',' : '.') ? at : -1;
}

/**
 * Whether the digits up to `groupEnd` are thousands grouped by the `count` first separators: the
 * first group of one to three digits, every other of three.
 */
function groupsOfThousands(count: number, groupEnd: number): boolean {
  if (sepAt[0]! > 3) return false;
  for (let j = 1; j < count; j++) if (sepAt[j]! - sepAt[j - 1]! - 1 !== 3) return false;
  return groupEnd - sepAt[count - 1]! - 1 === 3;
}

const ZERO = new Big(0);

/**
 * The Big of the plain form `text.slice(start, end)` whose decimal mark is at `sep` from `start`
 * (-1: none; any other non-digit is a thousands separator), built as big.js's own parser would
 * build it — sign, exponent, the digits without leading and trailing zeros — but without its
 * regular expression and string edits (an amount on every row of a big export), and with an
 * exact-sized digit array (see `compact`). Checked against `new Big` in number-fast-path.test.ts.
 */
function decimalOfDigits(text: string, start: number, end: number, sep: number): Big {
  const mark = sep === -1 ? end : start + sep;
  // A copy of zero: big.js's own way of making an instance without parsing (s 1, e 0, c [0]).
  const value = new Big(ZERO);
  let whole = 0; // digits before the mark
  let first = -1; // place of the first digit that is not a leading zero
  let leadingZeros = 0;
  let last = -1; // place of the last digit that is not zero
  let size = 0; // digits from `first` to `last`
  for (let at = start; at < end; at++) {
    const d = text.charCodeAt(at) - 48;
    if (d >>> 0 > 9) continue;
    if (at < mark) whole++;
    if (first === -1) {
      if (d === 0) {
        leadingZeros++;
        continue;
      }
      first = at;
    }
    size++;
    if (d !== 0) last = size;
  }
  if (first === -1) return value;
  const c: number[] = new Array(last);
  let k = 0;
  for (let at = first; k < last; at++) {
    const d = text.charCodeAt(at) - 48;
    if (d >>> 0 <= 9) c[k++] = d;
  }
  value.e = whole - leadingZeros - 1;
  value.c = c;
  return value;
}

/**
 * big.js fills a value's digit array one digit at a time, and the array keeps the spare room it grew;
 * an exact-sized copy of the same digits halves the memory of an amount kept for every deal.
 */
function compact(value: Big): Big {
  value.c = value.c.slice();
  return value;
}

function readDecimal(text: string, what: 'amount' | 'number', opts: NumberOptions): ParseResult<Decimal> {
  const plain = plainDecimal(text, opts.decimalHint);
  if (plain !== undefined) return ok({ value: plain });
  const trimmed = text.trim();
  const example = what === 'amount' ? AMOUNT_EXAMPLE : NUMBER_EXAMPLE;
  const cannot = `cannot read "${trimmed === '' ? text : trimmed}" as ${what === 'amount' ? 'an amount' : 'a number'}`;
  if (trimmed === '') return fail(`${cannot}: the text is empty (an empty cell is missing, not zero)`);

  const p = peel(trimmed, what === 'amount');
  if (p.signs > 1) return fail(`${cannot}: it has more than one sign`);
  if (!p.balanced) return fail(`${cannot}: unbalanced parentheses (expected e.g. (${example}) for a negative)`);
  const codes = new Set(p.currencies);
  if (codes.size > 1) return fail(`${cannot}: it names two currencies (${[...codes].join(', ')})`);

  const digits = readDigits(p.body, opts.decimalHint);
  if (!digits.ok) {
    const why = digits.why;
    if (why.kind === 'ambiguous') {
      return fail(
        `${cannot}: it is ambiguous whether "${why.sep}" is a decimal or a thousands separator ` +
          `(${why.asDecimal} or ${why.asThousands}); set the file's decimal separator`,
      );
    }
    if (why.kind === 'mixed') return fail(`${cannot}: mixed decimal and thousands separators (expected e.g. ${example})`);
    return fail(`${cannot} (expected e.g. ${example})`);
  }

  const unsigned = compact(new Big(digits.frac === '' ? digits.int : `${digits.int}.${digits.frac}`));
  // Never a negative zero: `-0` and `(0)` are plain 0.
  const value = p.negative && !unsigned.eq(0) ? unsigned.neg() : unsigned;
  const [currency] = codes;
  return ok(currency === undefined ? { value } : { value, currency });
}

/**
 * Read an amount: decimal comma or point; thousands separators (space, NBSP, narrow NBSP, thin space,
 * apostrophe, and `,`/`.` when unambiguous); a currency symbol or code before or after (returned as
 * its ISO code); `-123`, `−123`, `(123)` negatives. `1,250` / `1.250` is resolved by `decimalHint`,
 * else refused as ambiguous. Empty text is a failure: callers treat empty cells as missing first.
 */
export function parseAmount(text: string, opts: NumberOptions = {}): ParseResult<Amount> {
  return readDecimal(text, 'amount', opts);
}

/** A plain number (custom fields, rates): the same rules as an amount, without a currency. */
export function parseNumber(text: string, opts: NumberOptions = {}): ParseResult<Big> {
  const r = readDecimal(text, 'number', opts);
  return r.ok ? ok(r.value.value) : r;
}
