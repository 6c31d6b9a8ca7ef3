// The time-zone engine (src/model/zone.ts): its cached conversions give what the zone's offsets say,
// by the DST rules both the date readers and the periods rely on.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { afterGap, instantToWall, isValidTimezone, localDayNumber, offsetMs, wallClockInstants, wallToInstant } from '../../src/model/zone.js';

const ZONES = ['Europe/Moscow', 'Europe/Berlin', 'America/New_York', 'America/Santiago', 'Australia/Lord_Howe', 'Asia/Kolkata', 'Pacific/Chatham', 'America/St_Johns', 'Africa/Casablanca', 'UTC', '+03:00'];
const YEARS = fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2040, 0, 1) });

describe('the time-zone engine', () => {
  it('knows the zones the runtime knows', () => {
    expect(isValidTimezone('Europe/Moscow')).toBe(true);
    expect(isValidTimezone('+03:00')).toBe(true);
    expect(isValidTimezone('Mars/Olympus')).toBe(false);
    expect(isValidTimezone('')).toBe(false);
    expect(() => offsetMs('Mars/Olympus', 0)).toThrow(/unknown time zone "Mars\/Olympus"/);
  });

  it('an instant shows the wall clock its offset says, and lies on that local day (property)', () => {
    fc.assert(
      fc.property(YEARS, fc.constantFrom(...ZONES), (t, zone) => {
        expect(instantToWall(t, zone)).toBe(t + offsetMs(zone, t));
        expect(localDayNumber(t, zone)).toBe(Math.floor((t + offsetMs(zone, t)) / 86_400_000));
      }),
      { numRuns: 20_000 },
    );
  });

  it('a wall clock is its first instant, or moved forward by a gap: the cached way equals the rule (property)', () => {
    fc.assert(
      fc.property(YEARS, fc.constantFrom(...ZONES), (wall, zone) => {
        const rule = wallClockInstants(wall, zone)[0] ?? afterGap(wall, zone);
        expect(wallToInstant(wall, zone)).toBe(rule);
      }),
      { numRuns: 20_000 },
    );
  });

  it('keeps the DST rules at the edges', () => {
    // New York: 02:30 on 2025-03-09 does not exist (→ 03:30 EDT); 01:30 on 2025-11-02 happens twice (the first, EDT).
    expect(new Date(wallToInstant(Date.UTC(2025, 2, 9, 2, 30), 'America/New_York')).toISOString()).toBe('2025-03-09T07:30:00.000Z');
    expect(new Date(wallToInstant(Date.UTC(2025, 10, 2, 1, 30), 'America/New_York')).toISOString()).toBe('2025-11-02T05:30:00.000Z');
    // Lord Howe moves by half an hour.
    expect(new Date(wallToInstant(Date.UTC(2025, 9, 5, 2, 15), 'Australia/Lord_Howe')).toISOString()).toBe('2025-10-04T15:45:00.000Z');
  });
});
