// The date_format grammar's checks, made when the config is read (src/model/date-format.ts).
import { describe, expect, it } from 'vitest';
import { validateDateFormat } from '../../src/model/date-format.js';

describe('validateDateFormat', () => {
  it.each(['dd.MM.yyyy', 'dd.MM.yyyy HH:mm:ss', 'M/d/yyyy H:mm', "yyyy-MM-dd'T'HH:mm:ss.SSSXXX", 'MM/dd/yyyy hh:mm a', 'excel'])(
    '%j is fine',
    (f) => expect(validateDateFormat(f)).toBeUndefined(),
  );
  it.each([
    ['dd.MM.yy', /two-digit/],
    ['dd.MM.YYYY', /use yyyy/],
    ['RRRR-MM-dd', /use yyyy/],
    ['DD.MM.yyyy', /use dd/],
    ['dd.MM', /needs a year/],
    ['MM.yyyy', /needs a year \(yyyy\), a month \(MM\) and a day \(dd\)/],
    ['dd.MM.yyyy zzz', /cannot read back|not valid/],
    ['dd.MM.yyyy O', /cannot read back|not valid/],
  ])('%j is refused', (f, re) => {
    expect(validateDateFormat(f)).toMatch(re);
  });
});
