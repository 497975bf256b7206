import { quotePostgres as q, quotePostgresQualified as qq } from '@tidemark/schema';
import { LEDGER_TABLE, LOAD_ORDER_COLUMN, TargetTable } from './warehouse-dialect';

/** SQL that PostgreSQL and Redshift write the same way; values always bound. */

export const columnList = (t: TargetTable) => t.columns.map((c) => q(c.name)).join(', ');

/**
 * Removes target rows whose key is staged, then inserts the newest staged
 * version of each key. `selectList` is what the INSERT selects from staging
 * (Redshift wraps SUPER columns in JSON_PARSE).
 */
export function mergeStatements(t: TargetTable, staging: string, selectList = columnList(t)): string[] {
  const keys = t.primaryKey.map(q);
  const target = qq(t.schema, t.table);
  const matches = keys.map((k) => `${target}.${k} = s.${k}`).join(' AND ');
  return [
    `DELETE FROM ${target} USING ${q(staging)} s WHERE ${matches}`,
    `INSERT INTO ${target} (${columnList(t)}) SELECT ${selectList} FROM (` +
      `SELECT *, ROW_NUMBER() OVER (PARTITION BY ${keys.join(', ')} ORDER BY ${q(LOAD_ORDER_COLUMN)} DESC) AS _tidemark_rank ` +
      `FROM ${q(staging)}) newest WHERE _tidemark_rank = 1`,
  ];
}

export const deleteAllSql = (t: TargetTable) => `DELETE FROM ${qq(t.schema, t.table)}`;

export const ledgerInsertSql = (schema: string) =>
  `INSERT INTO ${qq(schema, LEDGER_TABLE)} (manifest_id, pipeline, table_key, target_table, row_count) ` +
  `VALUES ($1, $2, $3, $4, $5)`;

export const ledgerTotalsSql = (schema: string) =>
  `SELECT COUNT(*) AS manifests, COALESCE(SUM(row_count), 0) AS row_count FROM ${qq(schema, LEDGER_TABLE)} ` +
  `WHERE pipeline = $1 AND table_key = $2 AND loaded_at > $3`;

export const TABLE_EXISTS_SQL = 'SELECT 1 FROM information_schema.tables WHERE table_schema = $1 AND table_name = $2';

export const countRowsSql = (schema: string, table: string) => `SELECT COUNT(*) AS row_count FROM ${qq(schema, table)}`;
