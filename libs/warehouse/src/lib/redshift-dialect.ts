import { badInput } from '@tidemark/errors';
import {
  REDSHIFT_IDENTIFIERS,
  RedshiftTypeOptions,
  TargetColumn,
  quotePostgres as q,
  quotePostgresQualified as qq,
  redshiftTypeOf,
} from '@tidemark/schema';
import { ColumnSchema } from '@tidemark/watermark-model';
import {
  columnList,
  countRowsSql,
  deleteAllSql,
  ledgerInsertSql,
  ledgerTotalsSql,
  mergeStatements,
  TABLE_EXISTS_SQL,
} from './shared-sql';
import { LEDGER_TABLE, LOAD_ORDER_COLUMN, TargetTable, WarehouseDialect } from './warehouse-dialect';

export interface RedshiftDialectOptions extends RedshiftTypeOptions {
  /** Warehouse column name for DISTKEY; without it Redshift picks the distribution (AUTO). */
  distKey?: string;
  /** Warehouse column names for a compound SORTKEY. */
  sortKey?: string[];
}

/** The COPY target next to a staging table: exactly the file's columns, in the file's order. */
export const copyTableOf = (staging: string) => `${staging}_copy`;

/**
 * Staging keeps JSON as text: COPY puts a Parquet string into a SUPER column
 * as a SUPER string, not the parsed value, so the merge applies JSON_PARSE.
 * A JSON value loaded this way is limited to VARCHAR's 65535 bytes.
 */
const stagingType = (c: TargetColumn) => (c.type === 'SUPER' ? 'VARCHAR(65535)' : c.type);
const selectList = (t: TargetTable) =>
  t.columns.map((c) => (c.type === 'SUPER' ? `JSON_PARSE(${q(c.name)}) AS ${q(c.name)}` : q(c.name))).join(', ');

/**
 * Redshift SQL. Differences from PostgreSQL:
 *
 * Staging. `COPY … FORMAT AS PARQUET` maps columns by position and cannot
 * fill an extra load-order column, so there are two temp tables:
 * - `<staging>_copy` has exactly the file's columns in the file's order
 *   (t.columns must be built from the manifest's columns, which
 *   `targetColumns` keeps in order); every COPY goes there;
 * - `<staging>` has the same columns plus `_tidemark_load_order`.
 * After each COPY (one per file, files in manifest-sequence order) the loader
 * runs `stageCopied(t, staging)` with `$1` = a counter it increments per COPY:
 * that moves the copied rows into `<staging>` with their load order and
 * empties `<staging>_copy` (DELETE, as TRUNCATE would commit the
 * transaction). The merge then keeps the highest load order per key, as on
 * PostgreSQL. Rows of one file share a load order: if one file held two
 * versions of a key, which wins is not defined (Redshift keeps no row order).
 *
 * Ledger lookup: Redshift has no array parameters, so `ledgerLookup(schema,
 * n)` takes one bound placeholder per manifest id (`IN ($1, …, $n)`) and the
 * ids are bound spread, not as one array.
 *
 * Ledger time: `loaded_at TIMESTAMP DEFAULT GETDATE()` is UTC wall time;
 * `ledgerTotals` expects `$3` as a UTC timestamp.
 */
export class RedshiftDialect implements WarehouseDialect {
  readonly name = 'redshift';
  readonly identifiers = REDSHIFT_IDENTIFIERS;

  constructor(private readonly options: RedshiftDialectOptions = {}) {}

  typeOf = (column: ColumnSchema): string => redshiftTypeOf(column, { varcharMode: this.options.varcharMode });

  createSchema(schema: string): string {
    return `CREATE SCHEMA IF NOT EXISTS ${q(schema)}`;
  }

  /** PRIMARY KEY is informational on Redshift (not enforced) but helps the planner. */
  createTable(t: TargetTable): string {
    const names = new Set(t.columns.map((c) => c.name));
    const known = (name: string) => {
      if (!names.has(name)) throw badInput(`table ${t.schema}.${t.table} has no column ${name} for DISTKEY/SORTKEY`);
      return q(name);
    };
    const cols = t.columns.map((c) => `${q(c.name)} ${c.type}`);
    cols.push(`PRIMARY KEY (${t.primaryKey.map(q).join(', ')})`);
    let sql = `CREATE TABLE IF NOT EXISTS ${qq(t.schema, t.table)} (${cols.join(', ')})`;
    if (this.options.distKey !== undefined) sql += ` DISTKEY (${known(this.options.distKey)})`;
    if (this.options.sortKey?.length) sql += ` SORTKEY (${this.options.sortKey.map(known).join(', ')})`;
    return sql;
  }

  createLedger(schema: string): string {
    return (
      `CREATE TABLE IF NOT EXISTS ${qq(schema, LEDGER_TABLE)} (` +
      `manifest_id VARCHAR(80) PRIMARY KEY, pipeline VARCHAR(64) NOT NULL, table_key VARCHAR(200) NOT NULL, ` +
      `target_table VARCHAR(300) NOT NULL, row_count BIGINT NOT NULL, loaded_at TIMESTAMP NOT NULL DEFAULT GETDATE())`
    );
  }

  /** Temp tables live until the session ends (Redshift has no ON COMMIT DROP); staging names are unique. */
  createStaging(t: TargetTable, staging: string): string[] {
    const cols = t.columns.map((c) => `${q(c.name)} ${stagingType(c)}`);
    return [
      `CREATE TEMP TABLE ${q(copyTableOf(staging))} (${cols.join(', ')})`,
      `CREATE TEMP TABLE ${q(staging)} (${cols.join(', ')}, ${q(LOAD_ORDER_COLUMN)} BIGINT NOT NULL)`,
    ];
  }

  /** After each COPY into `<staging>_copy`: `$1` is that COPY's load order (higher = newer). */
  stageCopied(t: TargetTable, staging: string): string[] {
    const copy = q(copyTableOf(staging));
    return [
      `INSERT INTO ${q(staging)} (${columnList(t)}, ${q(LOAD_ORDER_COLUMN)}) SELECT ${columnList(t)}, CAST($1 AS BIGINT) FROM ${copy}`,
      `DELETE FROM ${copy}`,
    ];
  }

  merge(t: TargetTable, staging: string): string[] {
    return mergeStatements(t, staging, selectList(t));
  }

  /** DELETE, not TRUNCATE: TRUNCATE commits the open transaction on Redshift. */
  deleteAll(t: TargetTable): string {
    return deleteAllSql(t);
  }

  /** One placeholder per id: `$1 … $count` (Redshift has no `= ANY($1)` over an array). */
  ledgerLookup(schema: string, count = 1): string {
    if (!Number.isSafeInteger(count) || count < 1)
      throw badInput(`ledger lookup needs at least one manifest id, got ${count}`);
    const placeholders = Array.from({ length: count }, (_, i) => `$${i + 1}`).join(', ');
    return `SELECT manifest_id FROM ${qq(schema, LEDGER_TABLE)} WHERE manifest_id IN (${placeholders})`;
  }

  ledgerInsert(schema: string): string {
    return ledgerInsertSql(schema);
  }

  ledgerTotals(schema: string): string {
    return ledgerTotalsSql(schema);
  }

  tableExists(): string {
    return TABLE_EXISTS_SQL;
  }

  countRows(schema: string, table: string): string {
    return countRowsSql(schema, table);
  }
}

export const redshiftDialect: WarehouseDialect = new RedshiftDialect();
