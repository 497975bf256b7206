import { parseSqlType, sanitizeIdentifier } from '@tidemark/schema';
import { recordedColumns, Warehouse, WarehouseDialect } from '@tidemark/warehouse';

/**
 * Source columns an earlier load recorded as BOOLEAN in the warehouse table:
 * TINYINT(1) loaded before it became SMALLINT by default. They stay BOOLEAN
 * (ADR 0028), so an upgrade never turns a working load into a type conflict.
 */
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
  return recorded.filter((c) => parseSqlType(c.type).base === 'boolean').map((c) => c.sourceColumn);
}
