import { badInput } from '@tidemark/errors';
import { Cursor, describeCursor } from './cursor';

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

/**
 * True when `next` would start the next run before `current`: an earlier
 * timestamp, the same timestamp with a lower key, or any cursor given up
 * (a part present now and absent next means "from the beginning" again).
 * Canonical timestamps compare as text.
 */
export function cursorMovesBack(current: Cursor, next: Cursor): boolean {
  if (current.timestamp !== null) {
    if (next.timestamp === null || next.timestamp < current.timestamp) return true;
    if (next.timestamp > current.timestamp) return false;
  }
  if (current.primaryKey === null) return false;
  return next.primaryKey === null || compareKeys(next.primaryKey, current.primaryKey) < 0;
}

/** Refuses a backward move of a table's cursor unless the user allowed it, saying how. */
export function refuseRewind(table: string, current: Cursor, next: Cursor, allowRewind: boolean | undefined): void {
  if (allowRewind || !cursorMovesBack(current, next)) return;
  throw badInput(
    `importing would move ${table} back from ${describeCursor(current)} to ${describeCursor(next)}: ` +
      'the rows between would be extracted again; add --allow-rewind if that is what you want',
  );
}
