import { ColumnNameMapping, InformationSchemaColumn, typeOfInformationSchema } from '@tidemark/schema';
import { Warehouse, WarehouseSession } from './postgres-warehouse';
import { TargetTable, WarehouseDialect } from './warehouse-dialect';

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

/** What earlier loads of `table` recorded in the warehouse (the column map table exists). */
export async function recordedMapping(
  warehouse: Warehouse,
  dialect: WarehouseDialect,
  schema: string,
  table: string,
): Promise<RecordedColumn[]> {
  return (await warehouse.query<ColumnMapRow>(dialect.columnMapRows(schema), [table])).map(toRecorded);
}

/** Recorded columns as the name mapping targetTableFor keeps. */
export const recordedNames = (recorded: RecordedColumn[]): ColumnNameMapping[] =>
  recorded.map((r) => ({ source: r.sourceColumn, target: r.warehouseColumn }));

/**
 * Source columns whose warehouse column is BOOLEAN now (`actual`: the
 * table's information_schema rows, so a column altered to SMALLINT counts as
 * SMALLINT). A TINYINT(1) among them was loaded before TINYINT(1) became
 * SMALLINT by default and stays BOOLEAN (ADR 0028).
 */
export function booleanSources(recorded: RecordedColumn[], actual: InformationSchemaColumn[]): string[] {
  const booleans = new Set(actual.filter((c) => typeOfInformationSchema(c).base === 'boolean').map((c) => c.column_name));
  return recorded.filter((r) => booleans.has(r.warehouseColumn)).map((r) => r.sourceColumn);
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
 * Records the table's mapping inside the load transaction, only when it
 * differs from what `previous` (the recorded rows) says: a load that
 * changes nothing writes nothing, so concurrent loads of other tables have
 * nothing to conflict with (ADR 0017). Columns the source dropped keep
 * their entries, so a column that comes back later gets its old name again.
 */
export async function recordColumns(
  session: WarehouseSession,
  dialect: WarehouseDialect,
  t: TargetTable,
  previous: RecordedColumn[],
): Promise<void> {
  const current = new Set(t.columns.map((c) => c.source.name));
  const rows: RecordedColumn[] = [
    ...t.columns.map((c) => ({ sourceColumn: c.source.name, warehouseColumn: c.name, type: c.type })),
    ...previous
      .filter((p) => !current.has(p.sourceColumn))
      .map((p) => ({ sourceColumn: p.sourceColumn, warehouseColumn: p.warehouseColumn, type: DROPPED })),
  ].map((r, i) => ({ table: t.table, ...r, position: i + 1 }));
  if (sameMapping(rows, previous)) return;
  if (previous.length > 0) await session.query(dialect.columnMapDelete(t.schema), [t.table]);
  await session.query(
    dialect.columnMapInsert(t.schema, rows.length),
    rows.flatMap((r) => [r.table, r.sourceColumn, r.warehouseColumn, r.type, r.position]),
  );
}

const DROPPED = 'dropped at the source';

function sameMapping(a: RecordedColumn[], b: RecordedColumn[]): boolean {
  const sorted = (rows: RecordedColumn[]) => [...rows].sort((x, y) => x.position - y.position);
  const [x, y] = [sorted(a), sorted(b)];
  return (
    x.length === y.length &&
    x.every(
      (r, i) =>
        r.sourceColumn === y[i].sourceColumn &&
        r.warehouseColumn === y[i].warehouseColumn &&
        r.type === y[i].type &&
        r.position === y[i].position,
    )
  );
}
