// The one time-zone engine: instants and wall-clock times of an IANA zone meet only here. The date
// readers (io/values/date.ts) and the periods (period.ts) both use it, so a timestamp in an export
// and the period it falls in follow the same DST rules:
//   - a wall time that does not exist (spring gap) is read with the offset in force before the gap,
//     i.e. moved forward by the gap's length (Berlin 2025-03-30 02:30 -> 03:30 CEST);
//   - a wall time that happens twice (autumn overlap) is its FIRST occurrence (summer time).
// Offsets come from `tzOffset` (Intl data, host-independent), never from the host's zone: TZDate's
// constructor and setters resolve DST edges through the host's zone (see period.ts).
//
// Speed. Millions of cells and deals go through here. Intl is the slow part, so offsets are looked
// up at UTC midnights and kept per zone, and a day whose neighbourhood has one offset all through
// (no transition from the day before to two days after) is remembered as such: its conversions are
// one subtraction. Real zones never change offset twice within three days.
import { tzOffset } from '@date-fns/tz';
import { UsageError } from './errors.js';

export const DAY_MS = 86_400_000;

const knownZones = new Set<string>();

/** True when `zone` is an IANA name (or a ±hh:mm offset) the runtime knows. */
export function isValidTimezone(zone: string): boolean {
  if (knownZones.has(zone)) return true;
  const valid = zone.trim() !== '' && Number.isFinite(tzOffset(zone, new Date(0)));
  if (valid) knownZones.add(zone);
  return valid;
}

/** Offset of `zone` at instant `t`, in ms; throws a UsageError for a zone the runtime does not know. */
export function offsetMs(zone: string, t: number): number {
  const minutes = tzOffset(zone, new Date(t));
  if (Number.isNaN(minutes)) {
    throw new UsageError(`unknown time zone "${zone}" (expected an IANA name such as Europe/Berlin)`);
  }
  // Historical LMT offsets carry seconds, i.e. fractional minutes.
  return Math.round(minutes * 60_000);
}

// Offsets at UTC midnights, per zone: rows cluster on few days.
const dayOffsets = new Map<string, Map<number, number>>();

function offsetAtDayStart(zone: string, day: number): number {
  let days = dayOffsets.get(zone);
  if (days === undefined) {
    days = new Map();
    dayOffsets.set(zone, days);
  }
  let off = days.get(day);
  if (off === undefined) {
    if (days.size > 100_000) days.clear(); // a bound, not a policy: real exports span a few years
    off = offsetMs(zone, day * DAY_MS);
    days.set(day, off);
  }
  return off;
}

// Days (UTC day numbers) of one zone with one offset from the day before to two days after, and that
// offset: a few hundred recent days, direct-mapped, for the zone of the last call.
const STEADY_SLOTS = 512;
let steadyZone = '';
const steadyDays = new Float64Array(STEADY_SLOTS).fill(NaN);
const steadyOffsets = new Float64Array(STEADY_SLOTS);

/** The offset in force all around UTC day `day` in `zone`, or NaN when a transition is near. */
function steadyOffset(zone: string, day: number): number {
  if (zone !== steadyZone) {
    steadyZone = zone;
    steadyDays.fill(NaN);
  }
  const slot = day & (STEADY_SLOTS - 1);
  if (steadyDays[slot] === day) return steadyOffsets[slot]!;
  const before = offsetAtDayStart(zone, day - 1);
  if (before !== offsetAtDayStart(zone, day + 2)) return NaN;
  steadyDays[slot] = day;
  steadyOffsets[slot] = before;
  return before;
}

/**
 * Every instant whose wall clock in `zone` reads `wall` (ms, fields read as if UTC), earliest
 * first: one normally, two in an autumn overlap, none in a spring gap.
 */
export function wallClockInstants(wall: number, zone: string): number[] {
  // One day either side of the wall time spans any zone's offset, so these are all the offsets
  // that could be in force around it.
  const offsets = new Set([-DAY_MS, 0, DAY_MS].map((shift) => offsetMs(zone, wall + shift)));
  return [...offsets]
    .map((offset) => wall - offset)
    .filter((t) => t + offsetMs(zone, t) === wall)
    .sort((a, b) => a - b);
}

/**
 * A wall time in a spring gap, read with the offset from before the gap, lands that much after the
 * gap: the wall time pushed forward by the gap's length.
 */
export function afterGap(wall: number, zone: string): number {
  return wall - offsetMs(zone, wall - DAY_MS);
}

/**
 * The instant a wall clock in `zone` shows `wall` (ms, fields read as if UTC: `Date.UTC` of them):
 * the first occurrence in an overlap, pushed forward in a gap.
 */
export function wallToInstant(wall: number, zone: string): number {
  // Every candidate instant is wall − offset with |offset| < 1 day, inside the steady neighbourhood.
  const steady = steadyOffset(zone, Math.floor(wall / DAY_MS));
  if (!Number.isNaN(steady)) return wall - steady;
  return wallClockInstants(wall, zone)[0] ?? afterGap(wall, zone);
}

/** The wall clock of instant `t` in `zone`, as ms (fields read as if UTC). */
export function instantToWall(t: number, zone: string): number {
  const steady = steadyOffset(zone, Math.floor(t / DAY_MS));
  return t + (Number.isNaN(steady) ? offsetMs(zone, t) : steady);
}

/** The local calendar day of instant `t` in `zone`, as a day number (days since 1970-01-01). */
export function localDayNumber(t: number, zone: string): number {
  return Math.floor(instantToWall(t, zone) / DAY_MS);
}
