import { COLUMN_MAP_TABLE, LEDGER_TABLE, Warehouse, WarehouseDialect, WarehouseSession } from '@tidemark/warehouse';
import { Manifest } from '@tidemark/watermark-model';

/**
 * Schemas whose ledger and column map one run already ensured. A run's
 * loads share one, so each schema's bookkeeping is checked once per run and
 * loads starting at once into one new schema wait for the one that creates
 * it (PostgreSQL fails the second of two CREATEs of one name running at once).
 */
export class EnsuredSchemas {
  private readonly ensured = new Map<string, Promise<void>>();

  ensure(warehouse: Warehouse, dialect: WarehouseDialect, schema: string): Promise<void> {
    let ensuring = this.ensured.get(schema);
    if (!ensuring) {
      ensuring = createMissing(warehouse, dialect, schema, [
        [LEDGER_TABLE, dialect.createLedger(schema)],
        [COLUMN_MAP_TABLE, dialect.createColumnMap(schema)],
      ]);
      this.ensured.set(schema, ensuring);
      ensuring.catch(() => this.ensured.delete(schema));
    }
    return ensuring;
  }
}

/** The target's fence table (ADR 0017), created on its first load. */
export function ensureFence(warehouse: Warehouse, dialect: WarehouseDialect, schema: string, fence: string): Promise<void> {
  return createMissing(warehouse, dialect, schema, [[fence, dialect.createFence(schema, fence)]]);
}

/** Creates those of the tables that are missing: one catalog read, DDL only when one is. */
async function createMissing(warehouse: Warehouse, dialect: WarehouseDialect, schema: string, wanted: [string, string][]): Promise<void> {
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
 * Two processes' first loads into a new schema may both find a table missing;
 * PostgreSQL's `IF NOT EXISTS` does not stop the slower CREATE from failing
 * then: on the catalog's unique index (23505), or finding the schema (42P06),
 * the table (42P07) or the table's row type (42710, seen in CI) made
 * meanwhile. The table exists: that is all we wanted.
 */
const CREATED_MEANWHILE = new Set(['23505', '42P06', '42P07', '42710']);

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
