import { ColumnNameMapping } from '@tidemark/schema';
import { TargetTable, Warehouse, WarehouseDialect, WarehouseSession } from '@tidemark/warehouse';

export interface RecordedColumn {
  table: string;
  sourceColumn: string;
  warehouseColumn: string;
  type: string;
  position: number;
}

interface ColumnMapRow {
  target_table: string;
  source_column: string;
  target_column: string;
  target_type: string;
  position: number | string;
}

const toRecorded = (r: ColumnMapRow): RecordedColumn => ({
  table: r.target_table,
  sourceColumn: r.source_column,
  warehouseColumn: r.target_column,
  type: r.target_type,
  position: Number(r.position),
});

/** The column names earlier loads of `table` recorded in the warehouse. */
export async function recordedNames(
  warehouse: Warehouse,
  dialect: WarehouseDialect,
  schema: string,
  table: string,
): Promise<ColumnNameMapping[]> {
  const rows = await warehouse.query<ColumnMapRow>(dialect.columnMapRows(schema), [table]);
  return rows.map((r) => ({ source: r.source_column, target: r.target_column }));
}

/** Every recorded mapping of a schema, or of one table of it; [] when nothing was loaded there yet. */
export async function recordedColumns(
  warehouse: Warehouse,
  dialect: WarehouseDialect,
  schema: string,
  table?: string,
): Promise<RecordedColumn[]> {
  const exists = await warehouse.query(dialect.tableExists(), [schema, '_tidemark_columns']);
  if (exists.length === 0) return [];
  const rows =
    table === undefined
      ? await warehouse.query<ColumnMapRow>(`${dialect.columnMapAll(schema)} ORDER BY target_table, position`)
      : await warehouse.query<ColumnMapRow>(dialect.columnMapRows(schema), [table]);
  return rows.map(toRecorded);
}

/**
 * Records the table's mapping inside the load transaction. Columns the
 * source dropped keep their entries, so a column that comes back later gets
 * its old name again.
 */
export async function recordColumns(session: WarehouseSession, dialect: WarehouseDialect, t: TargetTable, previous: ColumnNameMapping[]): Promise<void> {
  const current = new Set(t.columns.map((c) => c.source.name));
  const kept = previous.filter((p) => !current.has(p.source));
  await session.query(dialect.columnMapDelete(t.schema), [t.table]);
  let position = 0;
  for (const c of t.columns) {
    await session.query(dialect.columnMapInsert(t.schema), [t.table, c.source.name, c.name, c.type, ++position]);
  }
  for (const p of kept) {
    await session.query(dialect.columnMapInsert(t.schema), [t.table, p.source, p.target, 'dropped at the source', ++position]);
  }
}
