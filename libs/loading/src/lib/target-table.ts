import { badInput } from '@tidemark/errors';
import { ColumnNameMapping, mapColumns, sanitizeIdentifier, TargetColumn, unionColumns } from '@tidemark/schema';
import {
  EXTRACTED_AT_COLUMN,
  LoadMode,
  MANIFEST_COLUMN,
  TableLayout,
  TargetTable,
  WarehouseDialect,
} from '@tidemark/warehouse';
import { Manifest } from '@tidemark/watermark-model';

export interface TargetSpec {
  /** Warehouse schema and table name before sanitizing. */
  schema: string;
  table: string;
  mode: LoadMode;
  /** Redshift layout in source or warehouse column names. */
  layout?: TableLayout;
}

/**
 * The warehouse table a batch of manifests loads into, derived only from the
 * manifests (never from MySQL) and the column names earlier loads recorded.
 */
export function targetTableFor(
  manifests: Manifest[],
  spec: TargetSpec,
  recorded: ColumnNameMapping[],
  dialect: WarehouseDialect,
): TargetTable {
  const reserved = spec.mode === 'append' ? [EXTRACTED_AT_COLUMN, MANIFEST_COLUMN] : [];
  const columns = mapColumns(
    unionColumns(manifests.map((m) => m.columns)),
    recorded,
    dialect.identifiers,
    (c) => dialect.typeOf(c),
    reserved,
  );
  const newest = manifests[manifests.length - 1];
  const table = sanitizeIdentifier(spec.table, dialect.identifiers);
  const warehouseName = nameResolver(columns, `${spec.schema}.${spec.table}`);
  return {
    schema: sanitizeIdentifier(spec.schema, dialect.identifiers),
    table,
    columns,
    primaryKey: newest.primaryKey.map((k) => warehouseName(k)),
    mode: spec.mode,
    layout: spec.layout && {
      distKey: spec.layout.distKey === undefined ? undefined : warehouseName(spec.layout.distKey),
      sortKey: spec.layout.sortKey?.map(warehouseName),
      encode:
        spec.layout.encode &&
        Object.fromEntries(Object.entries(spec.layout.encode).map(([name, enc]) => [warehouseName(name), enc])),
    },
  };
}

/** A column named by its source or its warehouse name → its warehouse name. */
function nameResolver(columns: TargetColumn[], table: string): (name: string) => string {
  return (name) => {
    const found = columns.find((c) => c.name === name) ?? columns.find((c) => c.source.name === name);
    if (!found) throw badInput(`table ${table} has no column "${name}" (configured in its redshift section or key)`);
    return found.name;
  };
}
