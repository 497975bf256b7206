import { InvalidArgumentError } from 'commander';
import { millisFromCanonical, parseUserTimestamp } from '@tidemark/watermark-model';

/** `--into SCHEMA.TABLE`: split at the first dot; names are sanitized for the warehouse like any target's. */
export function intoTable(value: string): { schema: string; table: string } {
  const dot = value.indexOf('.');
  if (dot <= 0 || dot === value.length - 1) {
    throw new InvalidArgumentError(
      `"${value}" is not SCHEMA.TABLE: name the warehouse schema and table to build, e.g. analytics.orders_restored`,
    );
  }
  return { schema: value.slice(0, dot), table: value.slice(dot + 1) };
}

/**
 * `--as-of`: a timestamp as every command reads one (parseUserTimestamp: a
 * date, or a date and time, in UTC unless it names its offset), as an ISO
 * instant.
 */
export function restoreTime(value: string): string {
  try {
    return new Date(millisFromCanonical(parseUserTimestamp(value))).toISOString();
  } catch {
    throw new InvalidArgumentError(
      `"${value}" is not a time: give YYYY-MM-DD, or YYYY-MM-DD HH:MM[:SS[.ffffff]], in UTC unless followed by Z or ±HH:MM`,
    );
  }
}
