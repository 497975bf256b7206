import { unusedName, unusedNames } from '@tidemark/schema';
import {
  EXTRACTED_AT_COLUMN,
  LOAD_ORDER_COLUMN,
  MANIFEST_COLUMN,
  stagedColumns,
  TargetTable,
} from './warehouse-dialect';

/**
 * The names the merge writes: the staging table's alias in the DELETE, the
 * subquery of newest versions and its rank column. Each yields to any table
 * or column name of the statement (unusedName), so a table named `s` or a
 * column named `_tidemark_rank` loads like any other. They stay lower-case
 * letters, digits and `_`, so they need no quotes.
 */
export const MERGE_NAMES = { staged: 's', newest: 'newest', rank: '_tidemark_rank' } as const;

/**
 * Tables Tidemark builds beside a target are named `<table>` + one of these
 * suffixes. `$` is a character sanitizeIdentifier never leaves in a name, so
 * no table Tidemark loads can be named like one of them.
 */
export const REPLACEMENT_SUFFIX = '$tidemark_new';
export const RETIRED_SUFFIX = '$tidemark_old';
export const KEY_CONSTRAINT_SUFFIX = '$pk_';
/** A target's fence table (ADR 0017): `<table>$tidemark_fence`. */
export const FENCE_SUFFIX = '$tidemark_fence';

/**
 * Every name the dialects write inside a statement that a source table or
 * column could also have: the hostile-names tests create tables and columns
 * named like each, so a new one is covered by adding it here.
 */
export const WAREHOUSE_GENERATED_NAMES: string[] = [
  ...Object.values(MERGE_NAMES),
  LOAD_ORDER_COLUMN,
  EXTRACTED_AT_COLUMN,
  MANIFEST_COLUMN,
];

/** The staging table's load-order column: LOAD_ORDER_COLUMN, unless the target or staging has a column of that name. */
export function loadOrderColumn(t: Pick<TargetTable, 'columns' | 'changes'>): string {
  return unusedName(
    LOAD_ORDER_COLUMN,
    stagedColumns(t).map((c) => c.name),
  );
}

/** MERGE_NAMES for one merge, none of them a name of its schema, tables or columns. */
export function mergeNames(t: TargetTable, staging: string, into: string): Record<keyof typeof MERGE_NAMES, string> {
  const taken = [t.schema, t.table, into, staging, loadOrderColumn(t), ...stagedColumns(t).map((c) => c.name)];
  return unusedNames(MERGE_NAMES, taken);
}
