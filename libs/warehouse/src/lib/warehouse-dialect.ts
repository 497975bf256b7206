import { IdentifierRules, TargetColumn } from '@tidemark/schema';
import { ColumnSchema } from '@tidemark/watermark-model';

/**
 * How a table's manifests are written into the target:
 * - merge: the newest version of each key replaces the older one (needs a key);
 * - append: every version is a new row, with the manifest and extraction time;
 * - full_sync: like merge, but a snapshot manifest rebuilds the table and swaps it in.
 */
export type LoadMode = 'merge' | 'append' | 'full_sync';

/** Redshift physical layout, in warehouse column names. */
export interface TableLayout {
  distKey?: string;
  sortKey?: string[];
  /** Column → compression encoding (`zstd`, `az64`, …). */
  encode?: Record<string, string>;
}

export interface TargetTable {
  schema: string;
  table: string;
  columns: TargetColumn[];
  /** Warehouse names of the primary-key columns. */
  primaryKey: string[];
  mode: LoadMode;
  layout?: TableLayout;
  /**
   * Binlog tables (Manifest.changes): the staged change columns. In append
   * mode they are also columns of `columns` (the target keeps them); in merge
   * mode only staging has them, under names clear of `columns`.
   */
  changes?: ChangeColumns;
}

/** The staged columns of a binlog manifest's change columns, by role, with their warehouse names. */
export interface ChangeColumns {
  operation: TargetColumn;
  position: TargetColumn;
  order: TargetColumn;
}

/** The staging table's columns besides the load order: the target's, then the change columns it does not keep. */
export function stagedColumns(t: Pick<TargetTable, 'columns' | 'changes'>): TargetColumn[] {
  if (!t.changes) return t.columns;
  const own = new Set(t.columns.map((c) => c.name));
  const { operation, position, order } = t.changes;
  return [...t.columns, ...[operation, position, order].filter((c) => !own.has(c.name))];
}

/** A warehouse column: a mapped source column, or one Tidemark adds (append mode). */
export interface WarehouseColumn {
  name: string;
  type: string;
}

/** Tidemark's ledger and column map (defined in the schema model lib, which config also reads). */
export { COLUMN_MAP_TABLE, LEDGER_TABLE } from '@tidemark/schema';
/** Staging column that numbers rows in load order: the highest is the newest version (the files' own column). */
export { LOAD_ORDER_COLUMN } from '@tidemark/schema';
export const EXTRACTED_AT_COLUMN = '_tidemark_extracted_at';
export const MANIFEST_COLUMN = '_tidemark_manifest';

/** Every SQL text the loader runs; values are always bound, never pasted. */
export interface WarehouseDialect {
  readonly name: 'postgres' | 'redshift';
  readonly identifiers: IdentifierRules;
  typeOf(column: ColumnSchema): string;
  /** Statements at the start of every load transaction. */
  sessionSetup(): string[];
  createSchema(schema: string): string;
  /** The target's columns: the mapped ones, plus the manifest and time columns in append mode. */
  warehouseColumns(t: TargetTable): WarehouseColumn[];
  /**
   * `name` builds the table under another name (a full_sync replacement);
   * `columns` default to warehouseColumns(t); `key: false` leaves the
   * primary key out, for addPrimaryKey once the rows are in.
   */
  createTable(t: TargetTable, name?: string, columns?: WarehouseColumn[], options?: { key?: boolean }): string;
  /** The primary key of a table created without it (the same constraint createTable gives); undefined when it has none. */
  addPrimaryKey(t: TargetTable, name?: string): string | undefined;
  dropTable(schema: string, table: string): string;
  /** `table` + suffix, shortened to fit the identifier limit. */
  derivedName(table: string, suffix: string): string;
  /** `$1` schema, `$2` table: information_schema.columns rows. */
  describeColumns(): string;
  addColumn(t: TargetTable, column: WarehouseColumn): string;
  widenColumn(t: TargetTable, column: WarehouseColumn): string;
  /**
   * Why widenColumn cannot change this column in place (Redshift refuses
   * ALTER COLUMN TYPE on key columns and some encodings), or undefined when it can.
   */
  widenInPlaceRefusal(t: TargetTable, column: string): string | undefined;
  /**
   * Rebuilds the target with `columns` (its columns in order, some of a wider
   * type) inside the load transaction: a new table of the same keys and
   * layout, the rows copied, swapped in by renames, the old one dropped.
   */
  rebuildTable(t: TargetTable, columns: WarehouseColumn[]): string[];
  /** `$1` schema, `$2` table: the views bound to the table (view_schema, view_name), which block a swap. */
  dependentViews(): string;
  createStaging(t: TargetTable, staging: string): string[];
  dropStaging(staging: string): string[];
  /** Removes rows of `into` whose key is staged, then inserts the newest staged version of each key. */
  merge(t: TargetTable, staging: string, into?: string): string[];
  /** Append mode, after each manifest is staged: `$1` manifest id, `$2` extracted at; empties the staging table. */
  appendFromStaging(t: TargetTable, staging: string): string[];
  /**
   * Append mode, after one COPY staged several manifests: one INSERT, each
   * row's manifest id and extraction time chosen by its load order. Per
   * manifest i (from 0), `$(3i+1)` its load order, `$(3i+2)` its id,
   * `$(3i+3)` its extraction time. Leaves the staging table as it is.
   */
  appendBatchFromStaging(t: TargetTable, staging: string, manifests: number): string;
  /** One row of the table, if it has any: whether a load starts from an empty table. */
  anyRow(schema: string, table: string): string;
  /** Empties the target inside the load transaction (a snapshot merged into a live table). */
  deleteAll(t: TargetTable): string;
  /** Puts the full_sync replacement in the target's place and drops the old table, inside the load transaction. */
  replaceTable(t: TargetTable, replacement: string, targetExists: boolean): string[];
  createLedger(schema: string): string;
  /** One placeholder per id: `$1 … $count`. */
  ledgerLookup(schema: string, count: number): string;
  /** `rows` ledger rows in one statement: `$1 … $5` manifest id, pipeline, table key, target table, row count; then the next row's. */
  ledgerInsert(schema: string, rows?: number): string;
  /** Every (pipeline, table key) that loaded into one warehouse table: `$1` its `schema.table`. */
  ledgerOwners(schema: string): string;
  /** Manifests and rows the ledger records for one (pipeline, table): `$1` pipeline, `$2` table key, `$3` loaded after. */
  ledgerTotals(schema: string): string;
  createColumnMap(schema: string): string;
  /** `$1` table: source_column, target_column, target_type in position order. */
  columnMapRows(schema: string): string;
  /** `$1` table (and for the map of a whole schema: no filter). */
  columnMapAll(schema: string): string;
  columnMapDelete(schema: string): string;
  /** `rows` rows in one statement, each `$1` table, `$2` source column, `$3` warehouse column, `$4` type, `$5` position (then `$6 …`). */
  columnMapInsert(schema: string, rows?: number): string;
  /** The fence of one target table (ADR 0017): one row per (pipeline, table key). */
  createFence(schema: string, fence: string): string;
  /** Locks the fence table until the transaction ends; run first in a transaction, it comes before its snapshot. */
  lockFence(schema: string, fence: string): string;
  /** `$1` pipeline, `$2` table key: the row's `token` and `committed_token` (the raise reads both: ADR 0017). */
  fenceToken(schema: string, fence: string): string;
  /** `$1` pipeline, `$2` table key, `$3` token. */
  fenceInsert(schema: string, fence: string): string;
  /** `$1` pipeline, `$2` table key, `$3` the new token. */
  fenceRaise(schema: string, fence: string): string;
  /** Changes the row only while it holds `$3` (this loader's token): one row changed means the fence is still ours. */
  fencePass(schema: string, fence: string): string;
  /** `$1` schema, `$2 … $count+1` table names: those of them that exist (`table_name`). */
  existingTables(count: number): string;
  /** `$1` schema, `$2` table: one row when the table exists. */
  tableExists(): string;
  /** `$1` schema, `$2` table: one row (`column_name`) per column of its primary key. */
  primaryKeyColumns(): string;
  countRows(schema: string, table: string): string;
}
