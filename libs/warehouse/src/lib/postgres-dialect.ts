import { POSTGRES_IDENTIFIERS, postgresTypeOf, quotePostgres as q, quotePostgresQualified as qq } from '@tidemark/schema';
import { ColumnSchema } from '@tidemark/watermark-model';
import { BaseDialect } from './base-dialect';
import { loadOrderColumn } from './generated-names';
import { TargetTable } from './warehouse-dialect';

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

  /** EXCLUSIVE: other writers and lockers wait, plain readers (status, verify) do not. */
  lockFence(schema: string, fence: string): string {
    return `LOCK TABLE ${qq(schema, fence)} IN EXCLUSIVE MODE`;
  }

  createStaging(t: TargetTable, staging: string): string[] {
    const cols = t.columns.map((c) => `${q(c.name)} ${c.type}`);
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
