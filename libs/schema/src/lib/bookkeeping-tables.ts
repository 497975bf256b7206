/** The ledger of loaded manifests, one per target schema. */
export const LEDGER_TABLE = '_tidemark_loads';
/** Source column → warehouse column, per table, as the loads recorded it. */
export const COLUMN_MAP_TABLE = '_tidemark_columns';

/**
 * Tidemark's own tables in every target schema: no loaded table may take
 * their names (config refuses a pipeline whose table would, so they sit in
 * this model lib rather than in the warehouse adapter).
 */
export const BOOKKEEPING_TABLES = [LEDGER_TABLE, COLUMN_MAP_TABLE];
