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

const BINLOG_FILE = /^[A-Za-z0-9_.-]{1,200}\.\d{1,10}$/;
const GTID_POSITION = /^\d{1,10}-\d{1,10}-\d{1,20}(,\d{1,10}-\d{1,10}-\d{1,20})*$/;

/**
 * A binlog position typed by a person: `FILE:POS` (as `SHOW MASTER STATUS`
 * or `watermark get` print it), optionally with a GTID position
 * (`domain-server-seq[,...]`). It must be a commit position the server
 * reported; the next run checks that the server still has it.
 */
export function parseBinlogPositionInput(value: string, gtid?: string): { file: string; pos: number; gtid?: string } {
  const match = /^(.+):(\d{1,12})$/.exec(value);
  if (!match || !BINLOG_FILE.test(match[1]) || Number(match[2]) < 4) {
    throw badInput(
      `invalid binlog position "${value}": give FILE:POS, e.g. mysql-bin.000042:1234 (SHOW MASTER STATUS)`,
    );
  }
  if (gtid !== undefined && !GTID_POSITION.test(gtid)) {
    throw badInput(`invalid GTID position "${gtid}": give domain-server-seq[,domain-server-seq...], e.g. 0-1-42`);
  }
  return { file: match[1], pos: Number(match[2]), ...(gtid !== undefined ? { gtid } : {}) };
}
