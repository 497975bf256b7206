import {
  POSTGRES_IDENTIFIERS,
  postgresTypeOf,
  quotePostgres as q,
  quotePostgresQualified as qq,
} from '@tidemark/schema';
import { ColumnSchema } from '@tidemark/watermark-model';
import { BaseDialect } from './base-dialect';
import { loadOrderColumn } from './generated-names';
import { stagedColumns, TargetTable } from './warehouse-dialect';

/**
 * PostgreSQL: staging is filled by `COPY … FROM STDIN` with the manifest's
 * column list; an identity column numbers the rows in load order, so no
 * second pass over the staged rows is needed.
 */
export class PostgresDialect extends BaseDialect {
  readonly name = 'postgres';
  readonly identifiers = POSTGRES_IDENTIFIERS;
  protected readonly ledgerTime = 'TIMESTAMPTZ NOT NULL DEFAULT now()';
  protected readonly timestampType = 'TIMESTAMPTZ(6)';

  typeOf(column: ColumnSchema): string {
    return postgresTypeOf(column);
  }

  sessionSetup(): string[] {
    return ["SET LOCAL TIME ZONE 'UTC'"];
  }

  /**
   * information_schema.columns' rows, read from pg_catalog with the view's
   * own expressions and privilege rule: the view costs several times more
   * per call, and the loader and every extract ask it per table (ADR 0035).
   */
  override describeColumns(): string {
    const typ = 'information_schema._pg_truetypid(a.*, t.*), information_schema._pg_truetypmod(a.*, t.*)';
    return (
      'SELECT a.attname::information_schema.sql_identifier AS column_name, ' +
      "CAST(CASE WHEN t.typtype = 'd' THEN CASE WHEN bt.typelem <> 0 AND bt.typlen = -1 THEN 'ARRAY' " +
      "WHEN nbt.nspname = 'pg_catalog' THEN format_type(t.typbasetype, NULL) ELSE 'USER-DEFINED' END " +
      "ELSE CASE WHEN t.typelem <> 0 AND t.typlen = -1 THEN 'ARRAY' " +
      "WHEN nt.nspname = 'pg_catalog' THEN format_type(a.atttypid, NULL) ELSE 'USER-DEFINED' END END " +
      'AS information_schema.character_data) AS data_type, ' +
      `CAST(information_schema._pg_char_max_length(${typ}) AS information_schema.cardinal_number) AS character_maximum_length, ` +
      `CAST(information_schema._pg_numeric_precision(${typ}) AS information_schema.cardinal_number) AS numeric_precision, ` +
      `CAST(information_schema._pg_numeric_scale(${typ}) AS information_schema.cardinal_number) AS numeric_scale ` +
      'FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid ' +
      'JOIN pg_catalog.pg_namespace nc ON nc.oid = c.relnamespace ' +
      'JOIN pg_catalog.pg_type t ON t.oid = a.atttypid JOIN pg_catalog.pg_namespace nt ON nt.oid = t.typnamespace ' +
      "LEFT JOIN (pg_catalog.pg_type bt JOIN pg_catalog.pg_namespace nbt ON nbt.oid = bt.typnamespace) ON t.typtype = 'd' AND t.typbasetype = bt.oid " +
      "WHERE nc.nspname = $1 AND c.relname = $2 AND a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'v', 'f', 'p') " +
      "AND (pg_has_role(c.relowner, 'USAGE') OR has_column_privilege(c.oid, a.attnum, 'SELECT, INSERT, UPDATE, REFERENCES')) " +
      'ORDER BY a.attnum'
    );
  }

  /** The primary key's columns in key order, from pg_index (information_schema joins two views). */
  override primaryKeyColumns(): string {
    return (
      'SELECT a.attname::information_schema.sql_identifier AS column_name ' +
      'FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class c ON c.oid = i.indrelid ' +
      'JOIN pg_catalog.pg_namespace nc ON nc.oid = c.relnamespace ' +
      'JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey) ' +
      "WHERE i.indisprimary AND nc.nspname = $1 AND c.relname = $2 AND c.relkind IN ('r', 'p') " +
      "AND (pg_has_role(c.relowner, 'USAGE') OR has_table_privilege(c.oid, 'INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER')) " +
      'ORDER BY array_position(i.indkey::int2[], a.attnum)'
    );
  }

  /** EXCLUSIVE: other writers and lockers wait, plain readers (status, verify) do not. */
  lockFence(schema: string, fence: string): string {
    return `LOCK TABLE ${qq(schema, fence)} IN EXCLUSIVE MODE`;
  }

  createStaging(t: TargetTable, staging: string): string[] {
    const cols = stagedColumns(t).map((c) => `${q(c.name)} ${c.type}`);
    return [
      `CREATE TEMP TABLE ${q(staging)} (${cols.join(', ')}, ` +
        `${q(loadOrderColumn(t))} BIGINT GENERATED ALWAYS AS IDENTITY) ON COMMIT DROP`,
    ];
  }

  /** ON COMMIT DROP removes it. */
  dropStaging(): string[] {
    return [];
  }

  /**
   * `COPY table (columns of this manifest) FROM STDIN` in CSV, as DuckDB
   * writes it. The temp staging table has no schema; an empty target
   * table, filled directly, has one.
   */
  copyFromStdin(table: string, columns: string[], schema?: string): string {
    const name = schema === undefined ? q(table) : qq(schema, table);
    return `COPY ${name} (${columns.map(q).join(', ')}) FROM STDIN WITH (FORMAT csv)`;
  }
}

export const postgresDialect = new PostgresDialect();
