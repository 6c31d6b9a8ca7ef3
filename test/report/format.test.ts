import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Big } from '../../src/model/money.js';
import {
  currencySymbol,
  displayTable,
  formatCell,
  formatDateTime,
  formatHours,
  formatMoney,
  formatNumber,
  formatRatio,
  machineHours,
  machineMoney,
  machineNumber,
  machineRatio,
  stripControl,
} from '../../src/report/format.js';
import { sampleReport } from './sample-report.js';

const ctx = { currency: 'RUB', timezone: 'Europe/Moscow' };

describe('stripControl', () => {
  it('removes ANSI CSI sequences whole and other control characters', () => {
    expect(stripControl('bad\u001b[31mred\u0000')).toBe('badred');
    expect(stripControl('\u001b[1;31;48;5;200mX\u001b[0m')).toBe('X');
    expect(stripControl('a\u0007b\u007fc\u009bd')).toBe('abcd');
  });

  it('removes OSC sequences (hyperlinks, window titles) up to BEL or ST', () => {
    expect(stripControl('\u001b]0;pwned\u0007title')).toBe('title');
    expect(stripControl('\u001b]8;;http://evil\u001b\\link\u001b]8;;\u001b\\')).toBe('link');
    // An unterminated string command swallows the rest, as a terminal would.
    expect(stripControl('ok\u001b]0;rest')).toBe('ok');
  });

  it('removes short ESC sequences and a lone ESC', () => {
    expect(stripControl('a\u001bcb\u001b(Bc\u001b')).toBe('abc');
  });

  it('turns line breaks and tabs into one space', () => {
    expect(stripControl('line1\r\nline2\tend')).toBe('line1 line2 end');
  });

  it('removes bidi overrides and keeps Cyrillic, CJK and emoji', () => {
    expect(stripControl('abc\u202edcba\u2066x\u2069')).toBe('abcdcbax');
    expect(stripControl('Иванова 張 👩‍💼')).toBe('Иванова 張 👩‍💼');
  });

  it('never leaves a control character, and keeps printable text unchanged', () => {
    const controls = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        expect(stripControl(s)).not.toMatch(controls);
      }),
    );
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        fc.pre(!controls.test(s) && !/[\u0085\u2028\u2029]/.test(s));
        expect(stripControl(s)).toBe(s);
      }),
    );
  });
});

describe('human forms', () => {
  it('money: grouped with spaces, minor-unit digits, currency symbol or code', () => {
    expect(formatMoney(new Big('1250000.5'), 'RUB')).toBe('1 250 000.50 ₽');
    expect(formatMoney(new Big('-5'), 'RUB')).toBe('-5.00 ₽');
    expect(formatMoney(new Big('-1234.5'), 'USD')).toBe('-1 234.50 $');
    expect(formatMoney(new Big('1250.5'), 'JPY')).toBe('1 251 ¥');
    expect(formatMoney(new Big('12.5'), 'KWD')).toBe('12.500 KWD');
    expect(formatMoney(new Big('999'), 'EUR')).toBe('999.00 €');
  });

  it('money: rounds half-up on the decimal value, never to -0', () => {
    expect(formatMoney(new Big('1.005'), 'RUB')).toBe('1.01 ₽');
    expect(formatMoney(new Big('-2.005'), 'RUB')).toBe('-2.01 ₽');
    expect(formatMoney(new Big('-0.001'), 'RUB')).toBe('0.00 ₽');
  });

  it('currency symbol: code when there is no well-known symbol', () => {
    expect(currencySymbol('rub')).toBe('₽');
    expect(currencySymbol('CNY')).toBe('CNY');
  });

  it('ratio: percent with one decimal', () => {
    expect(formatRatio(0.35)).toBe('35.0%');
    expect(formatRatio(0.3505)).toBe('35.1%');
    expect(formatRatio(1 / 3)).toBe('33.3%');
    expect(formatRatio(12.3456)).toBe('1 234.6%');
    expect(formatRatio(-0.0001)).toBe('0.0%');
  });

  it('hours: days+hours, hours+minutes, minutes', () => {
    expect(formatHours(76)).toBe('3d 4h');
    expect(formatHours(48)).toBe('2d 0h');
    expect(formatHours(47.6)).toBe('2d 0h');
    expect(formatHours(23.999)).toBe('1d 0h');
    expect(formatHours(5 + 1 / 3)).toBe('5h 20m');
    expect(formatHours(0.999)).toBe('1h 0m');
    expect(formatHours(0.75)).toBe('45m');
    expect(formatHours(0)).toBe('0m');
  });

  it('datetime: wall-clock time in the report zone, not the host zone', () => {
    const d = new Date('2025-01-31T23:30:00Z');
    expect(formatDateTime(d, 'Europe/Berlin')).toBe('2025-02-01 00:30');
    expect(formatDateTime(d, 'America/New_York')).toBe('2025-01-31 18:30');
  });

  it('numbers: grouped, at most 4 decimals', () => {
    expect(formatNumber(1234567)).toBe('1 234 567');
    expect(formatNumber(0.0375)).toBe('0.0375');
    expect(formatNumber(1 / 3)).toBe('0.3333');
    expect(formatNumber(new Big('-1234.5'))).toBe('-1 234.5');
  });

  it('cells: missing, NaN and Infinity are empty; booleans yes/no; text stripped', () => {
    expect(formatCell(null, 'ratio', ctx)).toBe('');
    expect(formatCell(undefined, 'money', ctx)).toBe('');
    expect(formatCell(Number.NaN, 'ratio', ctx)).toBe('');
    expect(formatCell(Number.POSITIVE_INFINITY, 'number', ctx)).toBe('');
    expect(formatCell(true, 'bool', ctx)).toBe('yes');
    expect(formatCell(false, 'bool', ctx)).toBe('no');
    expect(formatCell('2025-03-14', 'date', ctx)).toBe('2025-03-14');
    expect(formatCell('x\u001b[2Jy', 'text', ctx)).toBe('xy');
    expect(formatCell(1500, 'money', ctx)).toBe('1 500.00 ₽');
  });

  it('displayTable: strings for every cell, numeric columns flagged, marks aligned with rows', () => {
    const t = displayTable(sampleReport().main, ctx);
    expect(t.title).toBe('Conversion, 2025-03');
    expect(t.headers).toEqual(['Manager', 'leads', 'won_amount', 'conversion', 'median_hours', 'created_at']);
    expect(t.numeric).toEqual([false, true, true, true, true, false]);
    expect(t.rows[1]).toEqual(['=HYPERLINK("x")', '0', '-5.00 ₽', '', '5h 20m', '']);
    expect(t.marks).toEqual([undefined, 'bad', undefined]);
    expect(t.totals).toEqual(['Total', '1 236', '1 249 995.51 ₽', '', '', '']);
  });

  it('displayTable: never reads inherited properties of a row', () => {
    const t = displayTable({ columns: [{ key: 'constructor', kind: 'text' }], rows: [{}] }, ctx);
    expect(t.rows).toEqual([['']]);
  });
});

describe('machine forms', () => {
  it('money: fixed minor-unit digits, half-up', () => {
    expect(machineMoney(new Big('1250000.505'), 'RUB')).toBe('1250000.51');
    expect(machineMoney(new Big('-5'), 'RUB')).toBe('-5.00');
    expect(machineMoney(new Big('1250.5'), 'JPY')).toBe('1251');
    expect(machineMoney(new Big('1.0005'), 'KWD')).toBe('1.001');
  });

  it('ratio: fraction to at most 6 decimals, no exponent', () => {
    expect(machineRatio(0.35)).toBe('0.35');
    expect(machineRatio(1 / 3)).toBe('0.333333');
    expect(machineRatio(2 / 3)).toBe('0.666667');
    expect(machineRatio(1e-7)).toBe('0');
    expect(machineRatio(1.25)).toBe('1.25');
  });

  it('hours: 2 decimals; numbers: never exponent notation', () => {
    expect(machineHours(5 + 1 / 3)).toBe(5.33);
    expect(machineHours(0.005)).toBe(0.01);
    expect(machineNumber(1e21)).toBe('1000000000000000000000');
    expect(machineNumber(1e-7)).toBe('0.0000001');
    expect(machineNumber(-0)).toBe('0');
  });

  it('numbers: a count written without a Big is the text a Big gives', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer(), fc.constantFrom(Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 2 ** 53, -0, 0)), (n) => {
        expect(machineNumber(n)).toBe(new Big(n).eq(0) ? '0' : new Big(n).toFixed());
      }),
      { numRuns: 5_000 },
    );
  });
});
