import { RecordedColumn, recordedColumns, Warehouse, WarehouseDialect } from '@tidemark/warehouse';

/** How long a schema's column map read for one table's extract serves the next tables' extracts. */
export const COLUMN_MAP_MAX_AGE_MS = 30_000;

/**
 * The warehouse's column maps (`_tidemark_columns`), read for a whole target
 * schema at once and reused for COLUMN_MAP_MAX_AGE_MS: a run over many tables
 * of a schema reads them in 2 statements instead of 2 per table. A table's
 * entries change only when a load of it records a new mapping; `forget`
 * drops the schema's copy after this process loads a table there. A read
 * that fails is not kept.
 */
export class RecentColumnMaps {
  private readonly bySchema = new Map<string, { readAt: number; tables: Promise<Map<string, RecordedColumn[]>> }>();

  constructor(private readonly now: () => number = Date.now) {}

  async of(warehouse: Warehouse, dialect: WarehouseDialect, schema: string, table: string): Promise<RecordedColumn[]> {
    let entry = this.bySchema.get(schema);
    if (!entry || this.now() - entry.readAt > COLUMN_MAP_MAX_AGE_MS) {
      const fresh = { readAt: this.now(), tables: readByTable(warehouse, dialect, schema) };
      fresh.tables.catch(() => this.bySchema.get(schema) === fresh && this.bySchema.delete(schema));
      this.bySchema.set(schema, fresh);
      entry = fresh;
    }
    return (await entry.tables).get(table) ?? [];
  }

  forget(schema: string): void {
    this.bySchema.delete(schema);
  }
}

async function readByTable(
  warehouse: Warehouse,
  dialect: WarehouseDialect,
  schema: string,
): Promise<Map<string, RecordedColumn[]>> {
  const byTable = new Map<string, RecordedColumn[]>();
  for (const column of await recordedColumns(warehouse, dialect, schema)) {
    byTable.set(column.table, [...(byTable.get(column.table) ?? []), column]);
  }
  return byTable;
}
