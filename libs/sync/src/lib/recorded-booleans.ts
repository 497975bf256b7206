import { isTidemarkError } from '@tidemark/errors';
import { BooleanColumns } from '@tidemark/extraction';
import { InformationSchemaColumn, sanitizeIdentifier } from '@tidemark/schema';
import { booleanSources, recordedColumns, Warehouse, WarehouseDialect } from '@tidemark/warehouse';
import { RecentColumnMaps } from './recent-column-maps';

/**
 * Source columns whose warehouse column is BOOLEAN now: a TINYINT(1) loaded
 * before it became SMALLINT by default stays BOOLEAN (ADR 0028). Read from
 * the column map and the table's actual types, so a column the user altered
 * to SMALLINT counts as SMALLINT. [] before the table's first load.
 */
export async function warehouseBooleanColumns(
  warehouse: Warehouse,
  dialect: WarehouseDialect,
  schema: string,
  table: string,
  maps?: RecentColumnMaps,
): Promise<string[]> {
  const s = sanitizeIdentifier(schema, dialect.identifiers);
  const t = sanitizeIdentifier(table, dialect.identifiers);
  const recorded = maps ? await maps.of(warehouse, dialect, s, t) : await recordedColumns(warehouse, dialect, s, t);
  if (recorded.length === 0) return [];
  return booleanSources(recorded, await warehouse.query<InformationSchemaColumn>(dialect.describeColumns(), [s, t]));
}

/**
 * warehouseBooleanColumns for an extract, which must not need the warehouse
 * (backup-only, extract-only): when it cannot be reached, no column is kept
 * BOOLEAN and the run says so.
 */
export async function booleanColumnsForExtract(
  open: () => Promise<Warehouse>,
  dialect: WarehouseDialect,
  schema: string,
  table: string,
  maps?: RecentColumnMaps,
): Promise<BooleanColumns> {
  try {
    return { names: await warehouseBooleanColumns(await open(), dialect, schema, table, maps) };
  } catch (error) {
    if (!isTidemarkError(error) || error.code !== 'WAREHOUSE_UNREACHABLE') throw error;
    return {
      names: [],
      warning:
        `${schema}.${table}: TINYINT(1) columns are extracted as SMALLINT because the warehouse could not be read ` +
        `to see whether they are BOOLEAN there (${error.message}); if one is, its load stops with a type conflict`,
    };
  }
}
