import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseAmount, parseNumber, type DecimalHint } from '../../../src/io/values/number.js';
import { Big } from '../../../src/model/money.js';

function value(text: string, hint?: DecimalHint): string {
  const r = parseAmount(text, hint ? { decimalHint: hint } : {});
  if (!r.ok) throw new Error(`expected ${JSON.stringify(text)} to parse: ${r.reason}`);
  return r.value.value.toString();
}

function currency(text: string): string | undefined {
  const r = parseAmount(text);
  if (!r.ok) throw new Error(r.reason);
  return r.value.currency;
}

function reason(text: string, hint?: DecimalHint): string {
  const r = parseAmount(text, hint ? { decimalHint: hint } : {});
  if (r.ok) throw new Error(`expected ${JSON.stringify(text)} to fail, got ${r.value.value.toString()}`);
  return r.reason;
}

describe('parseAmount: plain and decimal', () => {
  it.each([
    ['0', '0'],
    ['123', '123'],
    ['1250000', '1250000'],
    ['1250000.50', '1250000.5'],
    ['1250000,50', '1250000.5'],
    ['0,5', '0.5'],
    ['1,5', '1.5'],
    ['1.25', '1.25'],
    ['1,2500', '1.25'],
    ['007', '7'],
    ['  42  ', '42'],
    ['+42', '42'],
  ])('%j → %s', (text, expected) => {
    expect(value(text)).toBe(expected);
  });

  it('keeps every digit (exact, no float)', () => {
    expect(value('12345678901234567890,123456789')).toBe('12345678901234567890.123456789');
    expect(value('0,1')).toBe('0.1');
  });
});

describe('parseAmount: thousands separators', () => {
  it.each([
    ['1 250 000,50', '1250000.5'],
    ['1\u00A0250\u00A0000,50', '1250000.5'],
    ['1\u202F250\u202F000,50', '1250000.5'],
    ['1\u2009250\u2009000.50', '1250000.5'],
    ["1'250'000.50", '1250000.5'],
    ['1\u2019250\u2019000.50', '1250000.5'],
    ['1,250,000.50', '1250000.5'],
    ['1.250.000,50', '1250000.5'],
    ['1,250,000', '1250000'],
    ['1.250.000', '1250000'],
    ['1 250', '1250'],
    ['12 345 678', '12345678'],
    ['1,250.5', '1250.5'],
    ['1.250,5', '1250.5'],
  ])('%j → %s', (text, expected) => {
    expect(value(text)).toBe(expected);
  });

  it('a space or apostrophe group makes a single , or . the decimal mark', () => {
    expect(value('1 250,000')).toBe('1250');
    expect(value("1'250.125")).toBe('1250.125');
  });

  it('mixed NBSP and space count as the same (both are blanks)', () => {
    expect(value('1 250\u00A0000')).toBe('1250000');
  });

  it('refuses bad grouping', () => {
    expect(reason('12,34,567')).toBe('cannot read "12,34,567" as an amount (expected e.g. 1 250 000,50)');
    expect(reason('1 25 000')).toMatch(/cannot read "1 25 000" as an amount/);
    expect(reason('1234 567')).toMatch(/cannot read "1234 567"/);
    expect(reason('1  250')).toMatch(/cannot read "1  250"/);
    expect(reason('1,250,000.5.0')).toMatch(/mixed/);
  });

  it('refuses mixed separators with a specific reason', () => {
    expect(reason('1.250,000.50')).toBe(
      'cannot read "1.250,000.50" as an amount: mixed decimal and thousands separators (expected e.g. 1 250 000,50)',
    );
    expect(reason('1 250.000,50')).toMatch(/"1 250\.000,50".*mixed/);
    expect(reason("1'250 000")).toMatch(/mixed/);
  });
});

describe('parseAmount: the ambiguous 1,250 / 1.250', () => {
  it('fails without a hint, quoting the text and both readings', () => {
    expect(reason('1,250')).toBe(
      'cannot read "1,250" as an amount: it is ambiguous whether "," is a decimal or a thousands separator ' +
        "(1.250 or 1250); set the file's decimal separator",
    );
    expect(reason('1.250')).toMatch(/^cannot read "1\.250" as an amount: it is ambiguous/);
    expect(reason('-123.456 ₽')).toMatch(/ambiguous/);
  });

  it('resolves with the hint', () => {
    expect(value('1,250', ',')).toBe('1.25');
    expect(value('1,250', '.')).toBe('1250');
    expect(value('1.250', '.')).toBe('1.25');
    expect(value('1.250', ',')).toBe('1250');
  });

  it('needs no hint when the digits decide', () => {
    expect(value('0,250')).toBe('0.25'); // a thousands group never follows a lone 0
    expect(value('1250,000')).toBe('1250'); // four digits cannot precede a thousands separator
    expect(value('1,25')).toBe('1.25');
    expect(value('1,2345')).toBe('1.2345');
  });

  it('the text wins over the hint when it is unambiguous', () => {
    expect(value('1,250,000.50', ',')).toBe('1250000.5');
    expect(value('1,250,000', ',')).toBe('1250000');
    expect(value('1,5', '.')).toBe('1.5');
  });
});

describe('parseAmount: currency', () => {
  it.each([
    ['1 250 000,50 ₽', '1250000.5', 'RUB'],
    ['₽1 250', '1250', 'RUB'],
    ['1 250 руб.', '1250', 'RUB'],
    ['1 250 руб', '1250', 'RUB'],
    ['1 250 РУБ.', '1250', 'RUB'],
    ['1 250 р.', '1250', 'RUB'],
    ['1250р.', '1250', 'RUB'],
    ['$1,250,000.50', '1250000.5', 'USD'],
    ['$ 12.50', '12.5', 'USD'],
    ['€12,50', '12.5', 'EUR'],
    ['12,50 €', '12.5', 'EUR'],
    ['£7', '7', 'GBP'],
    ['USD 12.50', '12.5', 'USD'],
    ['12.50 USD', '12.5', 'USD'],
    ['12.50usd', '12.5', 'USD'],
    ['RUB 1 000', '1000', 'RUB'],
    ['1 000 RUR', '1000', 'RUB'],
    ['1 000 EUR', '1000', 'EUR'],
    ['1000 KZT', '1000', 'KZT'],
    ['1000 ₸', '1000', 'KZT'],
    ['1000 грн', '1000', 'UAH'],
    ['1000 JPY', '1000', 'JPY'],
    ['1,250.125 KWD', '1250.125', 'KWD'],
  ])('%j', (text, expected, code) => {
    expect(value(text)).toBe(expected);
    expect(currency(text)).toBe(code);
  });

  it('returns no currency when there is none', () => {
    expect(currency('12.50')).toBeUndefined();
    const r = parseAmount('12.50');
    expect(r.ok && 'currency' in r.value).toBe(false);
  });

  it('refuses two different currencies, accepts the same one twice', () => {
    expect(reason('$12 EUR')).toMatch(/"\$12 EUR".*two currencies \(USD, EUR\)/);
    expect(currency('$12 USD')).toBe('USD');
  });

  it('refuses unknown words and ¥ (JPY or CNY?)', () => {
    expect(reason('12 abc')).toBe('cannot read "12 abc" as an amount (expected e.g. 1 250 000,50)');
    expect(reason('¥100')).toMatch(/cannot read "¥100"/);
    expect(reason('100 рублей')).toMatch(/cannot read/);
  });
});

describe('parseAmount: negatives', () => {
  it.each([
    ['-123', '-123'],
    ['\u2212123', '-123'],
    ['(123)', '-123'],
    ['( 1 250,50 )', '-1250.5'],
    ['-1 250,50 ₽', '-1250.5'],
    ['-$12.50', '-12.5'],
    ['$-12.50', '-12.5'],
    ['($12.50)', '-12.5'],
    ['$(12.50)', '-12.5'],
    ['(12.50 €)', '-12.5'],
    ['(12.50) €', '-12.5'],
    ['- 123', '-123'],
  ])('%j → %s', (text, expected) => {
    expect(value(text)).toBe(expected);
  });

  it('minus zero is zero', () => {
    const r = parseAmount('-0');
    expect(r.ok && r.value.value.s).toBe(1);
    expect(value('(0,00)')).toBe('0');
  });

  it('refuses two signs', () => {
    for (const t of ['--5', '-(5)', '(-5)', '+-5', '-−5', '-$-5']) {
      expect(reason(t)).toBe(`cannot read "${t}" as an amount: it has more than one sign`);
    }
  });

  it('refuses unbalanced parentheses and trailing minus', () => {
    expect(reason('(123')).toMatch(/"\(123".*unbalanced/);
    expect(reason('123)')).toMatch(/unbalanced/);
    expect(reason('((123))')).toMatch(/unbalanced|more than one sign/);
    expect(reason('123-')).toMatch(/cannot read "123-"/);
  });
});

describe('parseAmount: refuses everything else', () => {
  it.each(['abc', '0x10', '1e5', '1E5', '12abc', '1.2.3', '1,2,3', '.5', '5.', '1,', ',5', 'NaN', 'Infinity', '1 2', '12_000', '１２'])(
    '%j',
    (text) => {
      expect(reason(text)).toMatch(new RegExp(`^cannot read "${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}" as an amount`));
    },
  );

  it('uses the exact documented message', () => {
    expect(reason('abc')).toBe('cannot read "abc" as an amount (expected e.g. 1 250 000,50)');
  });

  it('refuses empty and whitespace text (callers treat it as missing before calling)', () => {
    expect(reason('')).toMatch(/^cannot read "" as an amount: the text is empty/);
    expect(reason('   ')).toMatch(/^cannot read "   " as an amount: the text is empty/);
    expect(reason('₽')).toMatch(/^cannot read "₽" as an amount/);
  });
});

describe('parseNumber', () => {
  it('reads plain numbers with the same rules, no currency', () => {
    const ok = (t: string) => {
      const r = parseNumber(t);
      if (!r.ok) throw new Error(r.reason);
      return r.value.toString();
    };
    expect(ok('0,25')).toBe('0.25');
    expect(ok('1 250,5')).toBe('1250.5');
    expect(ok('-3')).toBe('-3');
    const bad = parseNumber('12 ₽');
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.reason).toBe('cannot read "12 ₽" as a number (expected e.g. 1 250,5)');
  });
  it('uses the hint', () => {
    const r = parseNumber('1.250', { decimalHint: '.' });
    expect(r.ok && r.value.toString()).toBe('1.25');
  });
});

describe('parseAmount round-trips formatted numbers (property)', () => {
  type Style = { thousands: string; decimal: ',' | '.' };
  const styles: Style[] = [
    { thousands: '', decimal: '.' },
    { thousands: '', decimal: ',' },
    { thousands: ' ', decimal: ',' },
    { thousands: '\u00A0', decimal: ',' },
    { thousands: '\u202F', decimal: ',' },
    { thousands: '\u2009', decimal: '.' },
    { thousands: "'", decimal: '.' },
    { thousands: ',', decimal: '.' },
    { thousands: '.', decimal: ',' },
  ];

  function group(int: string, sep: string): string {
    if (sep === '') return int;
    const out: string[] = [];
    for (let end = int.length; end > 0; end -= 3) out.unshift(int.slice(Math.max(0, end - 3), end));
    return out.join(sep);
  }

  const wrappers: Array<(s: string, neg: boolean) => string> = [
    (s, neg) => (neg ? `-${s}` : s),
    (s, neg) => (neg ? `(${s})` : s),
    (s, neg) => (neg ? `\u2212${s} ₽` : `${s} ₽`),
    (s, neg) => (neg ? `-$${s}` : `$${s}`),
    (s, neg) => (neg ? `(${s} руб.)` : `${s} руб.`),
    (s, neg) => `${neg ? '-' : ''}${s} EUR`,
  ];

  it('formats then parses back to the same value', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 18n }),
        fc.integer({ min: 0, max: 4 }),
        fc.boolean(),
        fc.constantFrom(...styles),
        fc.integer({ min: 0, max: wrappers.length - 1 }),
        (units, scale, neg, style, w) => {
          const abs = new Big(`${units}e-${scale}`);
          const fixed = abs.toFixed(scale);
          const [int = '', frac = ''] = fixed.split('.');
          const body = group(int, style.thousands) + (frac ? style.decimal + frac : '');
          const text = (wrappers[w] as (s: string, n: boolean) => string)(body, neg);
          // The hint is the style's decimal mark: what a reader knows about its file.
          const r = parseAmount(text, { decimalHint: style.decimal });
          if (!r.ok) throw new Error(`${JSON.stringify(text)}: ${r.reason}`);
          const expected = neg && !abs.eq(0) ? abs.neg() : abs;
          expect(r.value.value.eq(expected)).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('never accepts what Number() would read differently, for plain integers', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }), (n) => {
        const r = parseAmount(String(n));
        expect(r.ok && r.value.value.toString()).toBe(String(n));
      }),
    );
  });
});
