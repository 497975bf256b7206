import { badInput } from '@tidemark/errors';

/**
 * Cursor timestamps travel as strings `YYYY-MM-DD HH:MM:SS[.ffffff]` in UTC,
 * never as JS Dates: a Date keeps milliseconds only and DATETIME(6) has
 * microseconds. In this canonical form string order equals time order.
 */
const CANONICAL = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?$/;
const INPUT = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

function validDate(y: number, m: number, d: number): boolean {
  if (y < 1 || m < 1 || m > 12 || d < 1) return false;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return d <= days;
}

/** Pads to six fractional digits so equal instants compare equal as strings. */
export function canonicalTimestamp(value: string): string {
  const m = CANONICAL.exec(value);
  if (!m) throw badInput(`invalid timestamp "${value}": expected YYYY-MM-DD HH:MM:SS[.ffffff]`);
  const [, y, mo, d, h, mi, s, frac = ''] = m;
  return canonicalOf([y, mo, d, h, mi, s, frac], value);
}

/** Checked parts as the canonical form; a refusal quotes `shown`, the value as the user gave it. */
function canonicalOf([y, mo, d, h, mi, s, frac]: string[], shown: string): string {
  if (!validDate(+y, +mo, +d) || +h > 23 || +mi > 59 || +s > 59) {
    throw badInput(`invalid timestamp "${shown}": no such date or time`);
  }
  return `${y}-${mo}-${d} ${h}:${mi}:${s}.${frac.padEnd(6, '0')}`;
}

/**
 * Reads a user-typed timestamp (`2025-08-01`, `2025-08-01T10:00:00.5+02:00`,
 * `... Z`). Without an offset it is taken as UTC. Refuses `None`, empty,
 * zero dates and anything that is not a real calendar instant.
 */
export function parseUserTimestamp(value: string): string {
  const text = typeof value === 'string' ? value.trim() : '';
  const m = INPUT.exec(text);
  if (!m) {
    throw badInput(`invalid timestamp "${value}": expected YYYY-MM-DD[ HH:MM:SS[.ffffff]][Z|±HH:MM]`);
  }
  const [, y, mo, d, h = '00', mi = '00', s = '00', frac = '', offset] = m;
  const local = canonicalOf([y, mo, d, h, mi, s, frac], value);
  if (!offset || offset === 'Z') return local;
  return shiftMinutes(local, -offsetMinutes(offset, value));
}

/** Real UTC offsets run from -12:00 (Baker Island) to +14:00 (Line Islands). */
const MIN_OFFSET_MINUTES = -12 * 60;
const MAX_OFFSET_MINUTES = 14 * 60;

/** `±HH:MM` or `±HHMM` as signed minutes; refused unless it is an offset some place on Earth can have. */
function offsetMinutes(offset: string, value: string): number {
  const sign = offset[0] === '-' ? -1 : 1;
  const digits = offset.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const mins = Number(digits.slice(2));
  const total = sign * (hours * 60 + mins);
  if (mins >= 60 || total < MIN_OFFSET_MINUTES || total > MAX_OFFSET_MINUTES) {
    throw badInput(`invalid UTC offset "${offset}" in "${value}": offsets run from -12:00 to +14:00, minutes below 60`);
  }
  return total;
}

/** Adds whole seconds to a canonical timestamp, keeping the microseconds exact. */
export function shiftSeconds(canonical: string, seconds: number): string {
  const [date, time] = canonical.split(' ');
  const [hms, micros] = time.split('.');
  const iso = new Date(Date.parse(`${date}T${hms}Z`) + seconds * 1000).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}.${micros}`;
}

/** Adds minutes to a canonical timestamp, keeping the microseconds exact. */
export function shiftMinutes(canonical: string, minutes: number): string {
  return shiftSeconds(canonical, minutes * 60);
}

/** A JS Date (milliseconds) as a canonical UTC timestamp. */
export function canonicalFromDate(at: Date): string {
  return at.toISOString().replace('T', ' ').replace('Z', '000');
}

/**
 * A canonical UTC timestamp as milliseconds since the epoch, for spans such
 * as a cursor's age. Digits below the millisecond are dropped (never rounded
 * up), so the result is never later than the timestamp.
 */
export function millisFromCanonical(canonical: string): number {
  return Date.parse(`${canonicalTimestamp(canonical).slice(0, 23).replace(' ', 'T')}Z`);
}
