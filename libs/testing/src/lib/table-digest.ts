import { createHash } from 'node:crypto';
import { canonicalTimestamp } from '@tidemark/watermark-model';
import { MysqlFixture } from './mysql-fixture';
import { PostgresFixture } from './postgres-fixture';

export interface TableDigest {
  count: number;
  /** sha256 over every row's normalized values, rows in sorted order. */
  sha256: string;
  /** The first differing rows are easier to read than two hashes. */
  sample: string[];
}

const TIMESTAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d+)?(\+00)?$/;

/** One textual form per value, whichever driver read it. */
export function normalizeValue(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  if (Buffer.isBuffer(value)) return 'x' + value.toString('hex');
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (typeof value === 'object') return JSON.stringify(value);
  const text = String(value);
  return TIMESTAMP.test(text) ? canonicalTimestamp(text.replace(/\+00$/, '')) : text;
}

export function digestRows(rows: Record<string, unknown>[], columns: string[]): TableDigest {
  const lines = rows.map((r) => columns.map((c) => normalizeValue(r[c])).join('\u0001')).sort();
  const hash = createHash('sha256');
  for (const line of lines) hash.update(line + '\n');
  return { count: lines.length, sha256: hash.digest('hex'), sample: lines.slice(0, 3) };
}

export async function mysqlDigest(db: MysqlFixture, table: string, columns: string[]): Promise<TableDigest> {
  const list = columns.map((c) => `\`${c}\``).join(', ');
  return digestRows(await db.rows(`SELECT ${list} FROM \`${table}\``), columns);
}

export async function postgresDigest(
  pg: PostgresFixture,
  schema: string,
  table: string,
  columns: string[],
): Promise<TableDigest> {
  const list = columns.map((c) => `"${c}"`).join(', ');
  return digestRows(await pg.rows(`SELECT ${list} FROM "${schema}"."${table}"`), columns);
}
