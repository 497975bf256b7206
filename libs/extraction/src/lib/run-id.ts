import { randomBytes } from 'node:crypto';

/** Sortable and unique: `20261121T234500123Z-1a2b3c`. */
export function newRunId(at = new Date()): string {
  const stamp = at.toISOString().replace(/[-:.]/g, '');
  return `${stamp}-${randomBytes(3).toString('hex')}`;
}
