import { InvalidArgumentError } from 'commander';

/** `--into SCHEMA.TABLE`: split at the first dot; names are sanitized for the warehouse like any target's. */
export function intoTable(value: string): { schema: string; table: string } {
  const dot = value.indexOf('.');
  if (dot <= 0 || dot === value.length - 1) {
    throw new InvalidArgumentError(`"${value}" is not SCHEMA.TABLE: name the warehouse schema and table to build, e.g. analytics.orders_restored`);
  }
  return { schema: value.slice(0, dot), table: value.slice(dot + 1) };
}

const TIME = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?))?(Z|[+-]\d{2}:\d{2})?$/;

/**
 * `--as-of`: a date, or a date and time, in UTC unless it names its offset
 * (`2026-12-01`, `2026-12-01 14:30`, `2026-12-01T14:30:00.5+01:00`); as an
 * ISO instant.
 */
export function restoreTime(value: string): string {
  const m = TIME.exec(value.trim());
  const ms = m ? Date.parse(`${m[1]}T${m[2] ?? '00:00'}${m[3] ?? 'Z'}`) : NaN;
  if (Number.isNaN(ms)) {
    throw new InvalidArgumentError(
      `"${value}" is not a time: give YYYY-MM-DD, or YYYY-MM-DD HH:MM[:SS[.ffffff]], in UTC unless followed by Z or ±HH:MM`,
    );
  }
  return new Date(ms).toISOString();
}
