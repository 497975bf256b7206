import { IdentifierRules, TargetColumn } from '@tidemark/schema';
import { ColumnSchema } from '@tidemark/watermark-model';

export interface TargetTable {
  schema: string;
  table: string;
  columns: TargetColumn[];
  /** Warehouse names of the primary-key columns. */
  primaryKey: string[];
}

export const LEDGER_TABLE = '_tidemark_loads';
/** Staging column that numbers rows in load order: the highest is the newest version. */
export const LOAD_ORDER_COLUMN = '_tidemark_load_order';

/** Every SQL text the loader runs; values are always bound, never pasted. */
export interface WarehouseDialect {
  readonly name: string;
  readonly identifiers: IdentifierRules;
  typeOf(column: ColumnSchema): string;
  createSchema(schema: string): string;
  createTable(t: TargetTable): string;
  createLedger(schema: string): string;
  createStaging(t: TargetTable, staging: string): string[];
  /** Removes target rows whose key is staged, then inserts the newest staged version of each key. */
  merge(t: TargetTable, staging: string): string[];
  /** Empties the target inside the load transaction (a full_sync snapshot replaces it). */
  deleteAll(t: TargetTable): string;
  ledgerLookup(schema: string): string;
  ledgerInsert(schema: string): string;
  /** Manifests and rows the ledger records for one (pipeline, table): `$1` pipeline, `$2` table key, `$3` loaded after. */
  ledgerTotals(schema: string): string;
  /** `$1` schema, `$2` table: one row when the table exists. */
  tableExists(): string;
  countRows(schema: string, table: string): string;
}
