import { sanitizeIdentifier } from '@tidemark/schema';
import { recordedBooleans, recordedColumns, Warehouse, WarehouseDialect } from '@tidemark/warehouse';

/** Source columns an earlier load of the table recorded as BOOLEAN (recordedBooleans); [] before its first load. */
export async function recordedBooleanColumns(
  warehouse: Warehouse,
  dialect: WarehouseDialect,
  schema: string,
  table: string,
): Promise<string[]> {
  const recorded = await recordedColumns(
    warehouse,
    dialect,
    sanitizeIdentifier(schema, dialect.identifiers),
    sanitizeIdentifier(table, dialect.identifiers),
  );
  return recordedBooleans(recorded);
}
