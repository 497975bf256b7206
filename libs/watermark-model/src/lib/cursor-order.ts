import { badInput } from '@tidemark/errors';
import { Cursor, describeCursor, KeyScanCursor } from './cursor';

/** Key parts compare as numbers when both are whole numbers (exactly, as BigInt), else as text. */
function compareKeyPart(a: string, b: string): number {
  if (/^-?\d+$/.test(a) && /^-?\d+$/.test(b)) {
    const x = BigInt(a);
    const y = BigInt(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareKeys(a: string[], b: string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const c = compareKeyPart(a[i], b[i]);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

/** A key given up (present now, absent next) or a lower one. */
function keyMovesBack(current: string[] | null, next: string[] | null): boolean {
  if (current === null) return false;
  return next === null || compareKeys(next, current) < 0;
}

/**
 * True when `next` would start the next run before `current`: an earlier
 * timestamp, the same timestamp with a lower key, or any cursor given up
 * (a part present now and absent next means "from the beginning" again).
 * Canonical timestamps compare as text. A first run read in key order
 * (`keyScan`, ADR 0050) has an order of its own: see keyScanMovesBack.
 */
export function cursorMovesBack(current: Cursor, next: Cursor): boolean {
  if (current.keyScan) return keyScanMovesBack(current.keyScan, current.primaryKey, next);
  // Only a table at the beginning starts a key scan: from anywhere else it reads again what was read.
  if (next.keyScan) return current.timestamp !== null || current.primaryKey !== null;
  if (current.timestamp !== null) {
    if (next.timestamp === null || next.timestamp < current.timestamp) return true;
    if (next.timestamp > current.timestamp) return false;
  }
  return keyMovesBack(current.primaryKey, next.primaryKey);
}

/**
 * From a key scan: within it, a lower ceiling or a lower key reads rows again.
 * The scan ends as an ordinary cursor at its ceiling, so moving to a timestamp
 * at or after the ceiling is forward, whatever the key; an earlier timestamp,
 * or none, reads again rows the scan has read.
 */
function keyScanMovesBack(scan: KeyScanCursor, key: string[] | null, next: Cursor): boolean {
  if (next.keyScan) return next.keyScan.ceiling < scan.ceiling || keyMovesBack(key, next.primaryKey);
  if (next.timestamp === null) return key !== null;
  return next.timestamp < scan.ceiling;
}

/** Refuses a backward move of a table's cursor unless the user allowed it, saying how. */
export function refuseRewind(table: string, current: Cursor, next: Cursor, allowRewind: boolean | undefined): void {
  if (allowRewind || !cursorMovesBack(current, next)) return;
  throw badInput(
    `importing would move ${table} back from ${describeCursor(current)} to ${describeCursor(next)}: ` +
      'the rows between would be extracted again; add --allow-rewind if that is what you want',
  );
}
