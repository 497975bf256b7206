import { createHash } from 'node:crypto';
import { ColumnKind } from './column-kind';

/** Recursively sorted keys: the same JSON value gives the same text, however it was written. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function jsonText(value: unknown): string {
  const text = Buffer.isBuffer(value) ? value.toString('utf8') : String(value);
  try {
    return stableJson(JSON.parse(text));
  } catch {
    return text; // not JSON at all: compared as it is
  }
}

/**
 * Canonical text of a FLOAT, DOUBLE or JSON value read from either database:
 * - FLOAT: the float32 value (MySQL `col + 0` and PostgreSQL REAL both arrive
 *   as a JS number close enough to round to it);
 * - DOUBLE: the number's shortest text (-0 and 0 are equal);
 * - JSON: the parsed value with sorted keys (JSONB normalizes whitespace,
 *   key order and escapes; numbers compare as JS numbers).
 */
export function nodeCanonical(kind: ColumnKind, value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (kind === 'float') return String(Math.fround(Number(value)));
  if (kind === 'double') return String(Number(value));
  if (kind === 'json') return jsonText(value);
  throw new Error(`column kind ${kind} is compared in SQL, not in Node`);
}

/** Length-prefixed texts joined: no two different rows give the same text. */
export const rowText = (values: (string | null)[]) =>
  values.map((v) => (v === null ? '~' : `${[...v].length}:${v}`)).join(',');

/** The first 15 hex digits of the row text's md5, as the SQL side sums them. */
export const rowHashValue = (values: (string | null)[]) =>
  BigInt(`0x${createHash('md5').update(rowText(values)).digest('hex').slice(0, 15)}`);
