import { conflict } from '@tidemark/errors';
import { InformationSchemaColumn, planSchemaChanges, SchemaChanges, typeOfInformationSchema } from '@tidemark/schema';
import { TargetTable, Warehouse, WarehouseDialect } from '@tidemark/warehouse';

export interface SchemaEvolution {
  /** False when the load creates the table. */
  exists: boolean;
  added: string[];
  widened: string[];
}

export interface SchemaInspection {
  exists: boolean;
  changes: SchemaChanges;
  /** The ALTER statements the changes need (none when there are conflicts to resolve first). */
  statements: string[];
}

/** Compares the existing target with the columns being loaded; reads only. */
export async function inspectSchema(warehouse: Warehouse, dialect: WarehouseDialect, t: TargetTable): Promise<SchemaInspection> {
  const rows = await warehouse.query<InformationSchemaColumn>(dialect.describeColumns(), [t.schema, t.table]);
  if (rows.length === 0) return { exists: false, changes: { add: [], widen: [], conflicts: [] }, statements: [] };
  const existing = rows.map((r) => ({ name: r.column_name, type: typeOfInformationSchema(r) }));
  const wanted = dialect
    .warehouseColumns(t)
    .map((c) => t.columns.find((m) => m.name === c.name) ?? { ...c, source: extraSource(c.name) });
  const changes = planSchemaChanges(`${t.schema}.${t.table}`, existing, wanted);
  const statements = [
    ...changes.add.map((c) => dialect.addColumn(t, c)),
    ...changes.widen.map((w) => dialect.widenColumn(t, w.column)),
  ];
  return { exists: true, changes, statements };
}

/**
 * Brings an existing target up to the columns being loaded: adds new
 * columns and widens text columns, each in its own statement before the load
 * transaction (Redshift cannot alter a table inside one). Both changes are
 * additive, so a load that fails afterwards leaves a table that still works.
 * Anything else stops the table with every conflict named.
 */
export async function evolveSchema(warehouse: Warehouse, dialect: WarehouseDialect, t: TargetTable): Promise<SchemaEvolution> {
  const { exists, changes, statements } = await inspectSchema(warehouse, dialect, t);
  if (changes.conflicts.length > 0) throw conflict(changes.conflicts.join('; '));
  for (const sql of statements) await warehouse.query(sql);
  return { exists, added: changes.add.map((c) => c.name), widened: changes.widen.map((w) => w.column.name) };
}

/** The columns append mode adds have no source column; describe them for messages. */
function extraSource(name: string) {
  return { name, dataType: 'tidemark', columnType: 'added by Tidemark', nullable: true, length: null, precision: null, scale: null, charset: null };
}
