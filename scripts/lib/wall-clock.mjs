// Time arithmetic of the generators: fixed wall-clock times written as "UTC milliseconds" of their
// fields (the files hold wall-clock text of the config's zone; no host zone is ever involved).
export const MIN = 60_000;
export const HOUR = 60 * MIN;
export const DAY = 24 * HOUR;

/** `Date.UTC` of a wall clock: year, month 1–12, day, hours, minutes, seconds. */
export const wall = (y, mo, d, h = 0, mi = 0, s = 0) => Date.UTC(y, mo - 1, d, h, mi, s);

/** Two digits of a date or time field: 7 → `07`. */
export const pad2 = (n) => (n < 10 ? `0${n}` : `${n}`);
