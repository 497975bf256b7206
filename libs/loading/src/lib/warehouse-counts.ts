import { sanitizeIdentifier } from '@tidemark/schema';
import { LEDGER_TABLE, Warehouse, WarehouseDialect } from '@tidemark/warehouse';

export interface WarehouseCounts {
  /** What the ledger says was committed for this (pipeline, table). */
  ledgerManifests: number;
  ledgerRows: number;
  /** Rows in the target table now (merged: one per key), or null when it does not exist. */
  targetRows: number | null;
}

/** Counts as the warehouse sees them, to compare with the watermark's. */
export async function warehouseCounts(
  warehouse: Warehouse,
  dialect: WarehouseDialect,
  target: { schema: string; table: string },
  pipeline: string,
  tableKey: string,
  loadedAfter = '1970-01-01T00:00:00Z',
): Promise<WarehouseCounts> {
  const schema = sanitizeIdentifier(target.schema, dialect.identifiers);
  const table = sanitizeIdentifier(target.table, dialect.identifiers);
  const exists = async (name: string) => (await warehouse.query(dialect.tableExists(), [schema, name])).length > 0;
  const counts: WarehouseCounts = { ledgerManifests: 0, ledgerRows: 0, targetRows: null };
  if (await exists(LEDGER_TABLE)) {
    const [row] = await warehouse.query<{ manifests: string; row_count: string }>(dialect.ledgerTotals(schema), [
      pipeline,
      tableKey,
      loadedAfter,
    ]);
    counts.ledgerManifests = Number(row.manifests);
    counts.ledgerRows = Number(row.row_count);
  }
  if (await exists(table)) {
    const [row] = await warehouse.query<{ row_count: string }>(dialect.countRows(schema, table));
    counts.targetRows = Number(row.row_count);
  }
  return counts;
}
