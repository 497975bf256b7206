import { badInput, TidemarkError } from '@tidemark/errors';
import { Warehouse, WarehouseDialect } from '@tidemark/warehouse';
import { Manifest } from '@tidemark/watermark-model';
import { LoadRequest } from './load-request';

/**
 * Two source tables whose names sanitize alike (`Orders` and `orders`), or
 * one table synced by two pipelines, would overwrite each other's rows in
 * one warehouse table without a word. The first to load keeps it.
 */
export function sharedTargetError(req: LoadRequest, target: string, others: string[]): TidemarkError {
  return badInput(
    `table ${req.tableKey} of pipeline ${req.pipeline} would load into ${target}, which already holds ${others.join(', ')}: ` +
      `two source tables cannot share one warehouse table; give one of the pipelines its own targetSchema. Nothing was loaded`,
  );
}

/** Manifest ids the warehouse already committed: their report was lost. */
export async function manifestsInLedger(
  warehouse: Warehouse,
  dialect: WarehouseDialect,
  schema: string,
  pending: Manifest[],
): Promise<Set<string>> {
  if (pending.length === 0) return new Set();
  const ids = pending.map((m) => m.id);
  const rows = await warehouse.query<{ manifest_id: string }>(dialect.ledgerLookup(schema, ids.length), ids);
  return new Set(rows.map((r) => r.manifest_id));
}

/** Other (pipeline, table) pairs the ledger says loaded into this warehouse table. */
export async function otherOwners(
  warehouse: Warehouse,
  dialect: WarehouseDialect,
  req: LoadRequest,
  schema: string,
  table: string,
): Promise<string[]> {
  const owners = await warehouse.query<{ pipeline: string; table_key: string }>(dialect.ledgerOwners(schema), [
    `${schema}.${table}`,
  ]);
  return owners
    .filter((o) => o.pipeline !== req.pipeline || o.table_key !== req.tableKey)
    .map((o) => `${o.table_key} of pipeline ${o.pipeline}`);
}
