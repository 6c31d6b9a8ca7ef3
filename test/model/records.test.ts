// "Closed before it was created" at the coarser of the two precisions (src/model/records.ts
// `closedBeforeCreated`): a close date without a time, or a close time without seconds, is not
// before a creation later that day or minute; a real inversion still is.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { closedBeforeCreated } from '../../src/model/records.js';
import { wallToInstant } from '../../src/model/zone.js';

const MSK = 'Europe/Moscow';
const at = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0) => wallToInstant(Date.UTC(y, mo - 1, d, h, mi, s), MSK);

describe('closedBeforeCreated', () => {
  it('a close date without a time is not before a creation on the same day', () => {
    expect(closedBeforeCreated(at(2025, 3, 14, 9, 30), at(2025, 3, 14), MSK)).toBe(false);
    expect(closedBeforeCreated(at(2025, 3, 14, 9, 30), at(2025, 3, 13), MSK)).toBe(true);
  });

  it('a close time without seconds is not before a creation in the same minute', () => {
    expect(closedBeforeCreated(at(2025, 3, 14, 9, 30, 45), at(2025, 3, 14, 9, 30), MSK)).toBe(false);
    expect(closedBeforeCreated(at(2025, 3, 14, 9, 31, 5), at(2025, 3, 14, 9, 30), MSK)).toBe(true);
  });

  it('times with seconds compare as they are; a close after creation never is before it', () => {
    expect(closedBeforeCreated(at(2025, 3, 14, 9, 30, 45), at(2025, 3, 14, 9, 30, 44), MSK)).toBe(true);
    fc.assert(
      fc.property(fc.integer({ min: at(2020, 1, 1), max: at(2030, 1, 1) }), fc.nat(10 * 86_400_000), (created, later) => {
        expect(closedBeforeCreated(created, created + later, MSK)).toBe(false);
      }),
    );
  });

  it('the day is the local day of the config zone, not UTC', () => {
    // 2025-03-14 00:00 in Moscow is 2025-03-13 21:00 UTC: a date-only close on the 14th, created at 10:00.
    expect(closedBeforeCreated(at(2025, 3, 14, 10), at(2025, 3, 14), MSK)).toBe(false);
    expect(closedBeforeCreated(Date.UTC(2025, 2, 14, 10), Date.UTC(2025, 2, 14), 'UTC')).toBe(false);
  });
});
