import { SqlTraceEvent } from '@tidemark/timeouts';

const MAX_SQL_CHARS = 2000;
const MAX_VALUE_CHARS = 200;

// Redshift COPY authorization and any password clause: the value is replaced, the keyword kept.
const SECRET_CLAUSE = /\b(SECRET_ACCESS_KEY|SESSION_TOKEN|ACCESS_KEY_ID|CREDENTIALS|PASSWORD)(\s+)'(?:[^']|'')*'/gi;

function truncated(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length - max} more characters)`;
}

function shownValue(value: unknown): string {
  if (Buffer.isBuffer(value)) return `<${value.length} bytes>`;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'bigint') return value.toString();
  return truncated(JSON.stringify(value) ?? String(value), MAX_VALUE_CHARS);
}

/**
 * `--debug`: a statement as sent, its text with secrets masked and cut at
 * 2,000 characters, its bound values on the next line, each cut at 200.
 */
export function sqlDebugLines(event: SqlTraceEvent, at: string): string {
  const sql = truncated(event.sql.replace(SECRET_CLAUSE, "$1$2'***'").replace(/\s+/g, ' ').trim(), MAX_SQL_CHARS);
  const head = `debug ${at} sql ${event.database} (${event.server}): ${sql}\n`;
  if (event.params.length === 0) return head;
  return `${head}debug ${at}   values: [${event.params.map(shownValue).join(', ')}]\n`;
}
