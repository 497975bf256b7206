import { Cursor } from '@tidemark/watermark-model';

/** Moves a canonical UTC timestamp by whole seconds, keeping its microseconds. */
function shiftSeconds(canonical: string, seconds: number): string {
  const [date, time] = canonical.split(' ');
  const [hms, micros] = time.split('.');
  const iso = new Date(Date.parse(`${date}T${hms}Z`) + seconds * 1000).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}.${micros}`;
}

/** now − lag, as a canonical UTC timestamp; no lag: no limit. */
export function lagLimit(lagSeconds: number | undefined, now = new Date()): string | undefined {
  if (!lagSeconds) return undefined;
  return shiftSeconds(now.toISOString().replace('T', ' ').replace('Z', '000'), -lagSeconds);
}

/** A start `lookback` before the stored cursor, inclusive (no key): rows there are read again. */
export function lookbackStart(start: Cursor, lookbackSeconds: number | undefined): Cursor {
  if (!lookbackSeconds || start.timestamp === null) return start;
  return { timestamp: shiftSeconds(start.timestamp, -lookbackSeconds), primaryKey: null };
}

/**
 * The cursor to commit: a lookback re-reads rows behind the stored cursor,
 * and the watermark must not move back because of them.
 */
export function notBehind(next: Cursor, stored: Cursor): Cursor {
  if (stored.timestamp === null || next.timestamp === null) return next;
  if (next.timestamp > stored.timestamp) return next;
  if (next.timestamp < stored.timestamp) return stored;
  return next.primaryKey ? next : stored;
}
