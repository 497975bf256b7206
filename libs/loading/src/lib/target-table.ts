import { badInput } from '@tidemark/errors';
import {
  changeColumnSchemas,
  ColumnNameMapping,
  mapColumns,
  sanitizeIdentifier,
  TargetColumn,
  unionColumns,
  unusedName,
} from '@tidemark/schema';
import {
  ChangeColumns,
  EXTRACTED_AT_COLUMN,
  LoadMode,
  MANIFEST_COLUMN,
  TableLayout,
  TargetTable,
  WarehouseDialect,
} from '@tidemark/warehouse';
import { ColumnSchema, Manifest } from '@tidemark/watermark-model';

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
  const append = spec.mode === 'append';
  const reserved = append ? [EXTRACTED_AT_COLUMN, MANIFEST_COLUMN] : [];
  const changing = [...manifests].reverse().find((m) => m.changes)?.changes;
  const changeSchemas = changing ? changeColumnSchemas(changing) : [];
  const columns = mapColumns(
    [...unionColumns(manifests.map((m) => m.columns)), ...(append ? changeSchemas : [])],
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
    changes: changing && changeColumnsOf(changeSchemas, columns, append, dialect),
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

/**
 * The change columns by role: in append mode the target's own columns; in
 * merge mode staging-only columns, named as in the manifest unless a target
 * column has that name.
 */
function changeColumnsOf(
  schemas: ColumnSchema[],
  columns: TargetColumn[],
  append: boolean,
  dialect: WarehouseDialect,
): ChangeColumns {
  const taken = columns.map((c) => c.name);
  const [operation, position, order] = schemas.map((source): TargetColumn => {
    const kept = append && columns.find((c) => c.source.name === source.name);
    if (kept) return kept;
    const name = unusedName(sanitizeIdentifier(source.name, dialect.identifiers), taken);
    taken.push(name);
    return { source, name, type: dialect.typeOf(source) };
  });
  return { operation, position, order };
}

/**
 * A manifest's file columns before the load order, with their staged names:
 * its source columns, then its change columns (which it may name otherwise
 * than the newest manifest: they are matched by role).
 */
export function fileColumnsOf(target: TargetTable, manifest: Manifest): TargetColumn[] {
  const source = manifest.columns.map((c) => target.columns.find((t) => t.source.name === c.name) as TargetColumn);
  if (!manifest.changes) return source;
  const roles = target.changes as ChangeColumns;
  const schemas = changeColumnSchemas(manifest.changes);
  return [...source, ...[roles.operation, roles.position, roles.order].map((c, i) => ({ ...c, source: schemas[i] }))];
}
