import { badInput } from '@tidemark/errors';
import { canonicalFromDate, parseUserTimestamp, shiftMinutes } from './cursor-timestamp';

/** How far ahead of the clock a hand-set cursor may be (clock skew between machines). */
export const FUTURE_TOLERANCE_MINUTES = 5;

/** Whether a canonical timestamp lies after `now` by more than the clock-skew tolerance. */
export function isInFuture(canonical: string, now: Date): boolean {
  return canonical > shiftMinutes(canonicalFromDate(now), FUTURE_TOLERANCE_MINUTES);
}

/**
 * A cursor timestamp typed by a person: parsed as `parseUserTimestamp`
 * (no offset = UTC) and refused when it lies in the future, where it would
 * silently skip every row written until then.
 */
export function parseCursorInput(value: string, now = new Date()): string {
  const ts = parseUserTimestamp(value);
  if (isInFuture(ts, now)) throw badInput(`timestamp "${value}" is in the future (now is ${now.toISOString()})`);
  return ts;
}

/** A key value typed by a person: non-empty, printable, at most 255 characters. */
export function parseKeyInput(value: string): string {
  if (typeof value !== 'string' || value.trim() === '' || value.length > 255 || /\p{Cc}/u.test(value)) {
    throw badInput(`invalid id "${value}": give the primary key value as printable text`);
  }
  return value;
}
