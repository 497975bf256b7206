import { parseSqlType } from '@tidemark/schema';
import type { BackendChannel } from './backend-channel';
import { RedshiftError } from './redshift-error';
import type { WrittenName } from './redshift-sql';
import type { TableLayouts } from './table-layouts';

/** Encodings ALTER COLUMN TYPE refuses (AWS ALTER TABLE page). */
const FIXED_ENCODINGS = ['bytedict', 'runlength', 'text255', 'text32k'];

/**
 * Redshift's limits on `ALTER TABLE … ALTER COLUMN … TYPE`, from
 * https://docs.aws.amazon.com/redshift/latest/dg/r_ALTER_TABLE.html: only a
 * VARCHAR's size changes; not inside a transaction block; not for columns
 * encoded BYTEDICT, RUNLENGTH, TEXT255 or TEXT32K; not for columns with a
 * default; not for UNIQUE, PRIMARY KEY or FOREIGN KEY columns. The page does
 * not say whether a dist key or sort key column may be altered; the emulator
 * refuses those too (the conservative choice, docs/decisions/0016).
 * Resolves when Redshift would run the statement; throws RedshiftError when not.
 */
export async function checkAlterColumnType(
  backend: BackendChannel,
  layouts: TableLayouts,
  statement: { table: WrittenName; column: string; type: string },
): Promise<void> {
  const what = `ALTER TABLE ${statement.table.name} ALTER COLUMN ${statement.column} TYPE`;
  if (backend.status !== 'I') throw new RedshiftError('ALTER TABLE ALTER COLUMN cannot run inside a transaction block', '25001');
  const [column] = await backend.query(
    `SELECT a.attrelid::text AS oid, format_type(a.atttypid, a.atttypmod) AS type, a.atthasdef AS has_default,
       EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conrelid = a.attrelid AND c.contype IN ('p', 'u', 'f') AND a.attnum = ANY (c.conkey)) AS in_key
     FROM pg_attribute a WHERE a.attrelid = to_regclass($1) AND a.attname = $2 AND a.attnum > 0 AND NOT a.attisdropped`,
    [statement.table.text, statement.column],
  );
  if (!column) return; // PostgreSQL names the missing table or column itself
  const refuse = (why: string) => new RedshiftError(`${what}: ${why}`, '0A000');
  if (parseSqlType(column.type ?? '').base !== 'varchar' || parseSqlType(statement.type).base !== 'varchar') {
    throw refuse(`only the size of a VARCHAR column can be changed (column is ${column.type}, new type ${statement.type})`);
  }
  const layout = layouts.of(column.oid ?? '');
  const encoding = layout.encodings[statement.column];
  if (encoding && FIXED_ENCODINGS.includes(encoding)) throw refuse(`column has encoding ${encoding.toUpperCase()}`);
  if (column.has_default === 't') throw refuse('column has a default value');
  if (column.in_key === 't') throw refuse('column is part of a UNIQUE, PRIMARY KEY or FOREIGN KEY constraint');
  if (layout.distKey.includes(statement.column)) throw refuse('column is the table\'s DISTKEY');
  if (layout.sortKey.includes(statement.column)) throw refuse('column is part of the table\'s SORTKEY');
}
