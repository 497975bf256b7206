import { badInput } from '@tidemark/errors';
import { KeyScanCursor } from './cursor';
import { canonicalTimestamp } from './cursor-timestamp';

/**
 * A key scan's state (ADR 0050) read from outside the process (an export):
 * an object whose `ceiling` is a canonical UTC timestamp, or BAD_INPUT naming
 * the field. Null or undefined: none.
 */
export function readKeyScanCursor(value: unknown, name: string): KeyScanCursor | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'object' || Array.isArray(value)) throw badInput(`${name} must be an object`);
  const ceiling = (value as Record<string, unknown>)['ceiling'];
  if (!isCanonical(ceiling)) {
    throw badInput(
      `${name}.ceiling must be a canonical UTC timestamp YYYY-MM-DD HH:MM:SS.ffffff, got ${JSON.stringify(ceiling) ?? 'nothing'}`,
    );
  }
  return { ceiling };
}

function isCanonical(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    return canonicalTimestamp(value) === value;
  } catch {
    return false;
  }
}
