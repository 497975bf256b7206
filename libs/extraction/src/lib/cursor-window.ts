import { Cursor, shiftSeconds } from '@tidemark/watermark-model';

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

/**
 * Whether a timestamp window surely holds rows to read: its ceiling (the
 * newest cursor value at or below the safe ceiling) is past where reading
 * starts, or reading starts nowhere yet and the ceiling exists. False when
 * that cannot be told (no ceiling, no timestamp); a wrong true costs only
 * time, never rows.
 */
export function rowsAhead(ceiling: string | null | undefined, start: Cursor): boolean {
  if (typeof ceiling !== 'string') return false;
  return start.timestamp === null ? start.primaryKey === null : ceiling > start.timestamp;
}
