import { COLUMN_MAP_TABLE, LEDGER_TABLE, Warehouse, WarehouseDialect, WarehouseSession } from '@tidemark/warehouse';
import { Manifest } from '@tidemark/watermark-model';

/**
 * Creates the schema's bookkeeping tables and the target's fence table,
 * only those missing: one catalog read on every load, DDL only on the first
 * (no catalog writes for concurrent loads to wait on or conflict with).
 */
export async function ensureBookkeeping(warehouse: Warehouse, dialect: WarehouseDialect, schema: string, fence: string): Promise<void> {
  const wanted: [string, string][] = [
    [LEDGER_TABLE, dialect.createLedger(schema)],
    [COLUMN_MAP_TABLE, dialect.createColumnMap(schema)],
    [fence, dialect.createFence(schema, fence)],
  ];
  const existing = await warehouse.query<{ table_name: string }>(dialect.existingTables(wanted.length), [
    schema,
    ...wanted.map(([name]) => name),
  ]);
  const missing = wanted.filter(([name]) => !existing.some((e) => e.table_name === name));
  if (missing.length === 0) return;
  await createdElsewhereIsFine(warehouse.query(dialect.createSchema(schema)));
  for (const [, ddl] of missing) await createdElsewhereIsFine(warehouse.query(ddl));
}

/**
 * Two first loads into a new schema may both find a table missing;
 * PostgreSQL's `IF NOT EXISTS` does not stop the slower CREATE from failing
 * on the catalog's unique index then. The table exists: that is all we wanted.
 */
const CREATED_MEANWHILE = new Set(['23505', '42P06', '42P07']);

async function createdElsewhereIsFine(ddl: Promise<unknown>): Promise<void> {
  try {
    await ddl;
  } catch (error) {
    if (!CREATED_MEANWHILE.has((error as { code?: string }).code ?? '')) throw error;
  }
}

/** The ledger rows of all the load's manifests, in one statement, values bound. */
export async function writeLedger(
  session: WarehouseSession,
  dialect: WarehouseDialect,
  at: { schema: string; table: string; pipeline: string; tableKey: string },
  manifests: Manifest[],
): Promise<void> {
  if (manifests.length === 0) return;
  const target = `${at.schema}.${at.table}`;
  await session.query(
    dialect.ledgerInsert(at.schema, manifests.length),
    manifests.flatMap((m) => [m.id, at.pipeline, at.tableKey, target, m.rowCount]),
  );
}
