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
import { BaseDialect } from './base-dialect';
import { loadOrderColumn } from './generated-names';
import { stagedColumns, TargetTable, WarehouseColumn } from './warehouse-dialect';

/** Redshift's column compression encodings (CREATE TABLE … ENCODE). */
export const REDSHIFT_ENCODINGS = [
  'raw', 'az64', 'bytedict', 'delta', 'delta32k', 'lzo', 'mostly8', 'mostly16', 'mostly32', 'runlength', 'text255', 'text32k', 'zstd',
];

/**
 * Encodings with which Redshift refuses `ALTER COLUMN … TYPE`
 * (https://docs.aws.amazon.com/redshift/latest/dg/r_ALTER_TABLE.html).
 */
export const ENCODINGS_WITHOUT_ALTER_TYPE = ['bytedict', 'runlength', 'text255', 'text32k'];

/**
 * Staging keeps JSON as text: COPY puts a Parquet string into a SUPER column
 * as a SUPER string, not the parsed value, so the merge applies JSON_PARSE.
 * A JSON value loaded this way is limited to VARCHAR's 65535 bytes.
 */
const stagingType = (c: TargetColumn) => (c.type === 'SUPER' ? 'VARCHAR(65535)' : c.type);

/**
 * Redshift SQL. Differences from PostgreSQL:
 *
 * Staging. `COPY … FORMAT AS PARQUET` maps columns by position. Files
 * written with a load-order column (their last column, the manifest's load
 * order in every row) are staged by ONE COPY for all the manifests of a load
 * that share a schema, into a staging table of exactly the files' columns
 * (`createBatchStaging`); rows per manifest are counted by load order
 * (`stagedPerLoadOrder`). Manifests of earlier versions, without that
 * column, or of several schemas, are copied one by one into a temp table
 * of exactly their files' columns (`createCopyTable`), then `stageCopied`
 * moves those rows into the staging table with the manifest's load order
 * (`$1`) and drops the copy table. The merge keeps the highest load order
 * per key, as on PostgreSQL. One manifest holds a key at most once (one
 * extraction window), so a per-manifest order is enough.
 *
 * Temp tables live until the session ends (no ON COMMIT DROP): staging is
 * dropped at the end of the load transaction.
 *
 * Schema changes (ADD COLUMN, ALTER COLUMN TYPE) cannot run inside a
 * transaction block on Redshift: the loader runs them before the load
 * transaction, on both dialects. A VARCHAR that ALTER COLUMN TYPE may not
 * widen (widenInPlaceRefusal) is widened by rebuilding the table inside the
 * load transaction instead (rebuildTable).
 */
export class RedshiftDialect extends BaseDialect {
  readonly name = 'redshift';
  readonly identifiers = REDSHIFT_IDENTIFIERS;
  protected readonly ledgerTime = 'TIMESTAMP NOT NULL DEFAULT GETDATE()';
  protected readonly timestampType = 'TIMESTAMPTZ';

  constructor(private readonly options: RedshiftTypeOptions = {}) {
    super();
  }

  typeOf(column: ColumnSchema): string {
    return redshiftTypeOf(column, { varcharMode: this.options.varcharMode });
  }

  /** SET LOCAL does not exist on Redshift; the session belongs to the loader's pool. */
  sessionSetup(): string[] {
    return ["SET TIME ZONE 'UTC'"];
  }

  /** Redshift's only lock: ACCESS EXCLUSIVE on the table, until the transaction ends (https://docs.aws.amazon.com/redshift/latest/dg/r_LOCK.html). */
  lockFence(schema: string, fence: string): string {
    return `LOCK ${qq(schema, fence)}`;
  }

  /**
   * AWS refuses ALTER COLUMN TYPE on PRIMARY KEY, UNIQUE and FOREIGN KEY
   * columns, columns with a default, and the encodings above. It says
   * nothing of dist and sort key columns: those are rebuilt too, the
   * conservative choice. Tidemark gives no column a default or UNIQUE.
   */
  override widenInPlaceRefusal(t: TargetTable, column: string): string | undefined {
    if (t.mode !== 'append' && t.primaryKey.includes(column)) return 'it is part of the primary key';
    if (t.layout?.distKey === column) return 'it is the dist key';
    if (t.layout?.sortKey?.includes(column)) return 'it is part of the sort key';
    const encoding = t.layout?.encode?.[column]?.toLowerCase();
    if (encoding && ENCODINGS_WITHOUT_ALTER_TYPE.includes(encoding)) return `its encoding is ${encoding}`;
    return undefined;
  }

  protected override selectColumn(c: TargetColumn): string {
    return c.type === 'SUPER' ? `JSON_PARSE(${q(c.name)}) AS ${q(c.name)}` : q(c.name);
  }

  protected override columnDefinition(t: TargetTable, c: WarehouseColumn): string {
    const encoding = t.layout?.encode?.[c.name];
    if (encoding === undefined) return `${q(c.name)} ${c.type}`;
    if (!REDSHIFT_ENCODINGS.includes(encoding.toLowerCase())) {
      throw badInput(
        `table ${t.schema}.${t.table}: encode.${c.name}: "${encoding}" is not a Redshift encoding (${REDSHIFT_ENCODINGS.join(', ')})`,
      );
    }
    return `${q(c.name)} ${c.type} ENCODE ${encoding.toLowerCase()}`;
  }

  protected override tableOptions(t: TargetTable): string {
    const layout = t.layout ?? {};
    const columns = new Set(this.warehouseColumns(t).map((c) => c.name));
    const known = (name: string, what: string) => {
      if (!columns.has(name)) throw badInput(`table ${t.schema}.${t.table} has no column ${name} for ${what}`);
      return q(name);
    };
    for (const name of Object.keys(layout.encode ?? {})) known(name, 'ENCODE');
    let sql = '';
    if (layout.distKey !== undefined) sql += ` DISTKEY (${known(layout.distKey, 'DISTKEY')})`;
    if (layout.sortKey?.length) sql += ` SORTKEY (${layout.sortKey.map((k) => known(k, 'SORTKEY')).join(', ')})`;
    return sql;
  }

  createStaging(t: TargetTable, staging: string): string[] {
    const cols = stagedColumns(t).map((c) => `${q(c.name)} ${stagingType(c)}`);
    return [`CREATE TEMP TABLE ${q(staging)} (${cols.join(', ')}, ${q(loadOrderColumn(t))} BIGINT NOT NULL)`];
  }

  dropStaging(staging: string): string[] {
    return [`DROP TABLE IF EXISTS ${q(staging)}`];
  }

  /**
   * The COPY target for one manifest: exactly its files' columns, in their
   * order: its source columns, then the load-order column its files end with,
   * if they carry one (ADR 0015).
   */
  createCopyTable(columns: TargetColumn[], copyTable: string, filesHaveLoadOrder = false): string {
    const defs = columns.map((c) => `${q(c.name)} ${stagingType(c)}`);
    if (filesHaveLoadOrder) defs.push(`${q(loadOrderColumn({ columns }))} BIGINT NOT NULL`);
    return `CREATE TEMP TABLE ${q(copyTable)} (${defs.join(', ')})`;
  }

  /**
   * The staging table one COPY fills from several manifests' files: exactly
   * the files' columns (`columns`, in file order), then the load-order column
   * the files end with. The merge ranks by it as by createStaging's.
   */
  createBatchStaging(t: TargetTable, columns: TargetColumn[], staging: string): string {
    const cols = columns.map((c) => `${q(c.name)} ${stagingType(c)}`);
    return `CREATE TEMP TABLE ${q(staging)} (${cols.join(', ')}, ${q(loadOrderColumn(t))} BIGINT NOT NULL)`;
  }

  /** Rows staged per load order (`load_order`, `row_count`): each manifest's rows, checked against it. */
  stagedPerLoadOrder(t: TargetTable, staging: string): string {
    const order = q(loadOrderColumn(t));
    return `SELECT ${order} AS load_order, COUNT(*) AS row_count FROM ${q(staging)} GROUP BY ${order}`;
  }

  /** After the COPY of one manifest (`columns`, a part of `t`'s): `$1` is its load order (higher = newer). */
  stageCopied(t: TargetTable, columns: TargetColumn[], copyTable: string, staging: string): string[] {
    const list = columns.map((c) => q(c.name)).join(', ');
    return [
      `INSERT INTO ${q(staging)} (${list}, ${q(loadOrderColumn(t))}) SELECT ${list}, CAST($1 AS BIGINT) FROM ${q(copyTable)}`,
      `DROP TABLE ${q(copyTable)}`,
    ];
  }
}
