import { conflict } from '@tidemark/errors';
import {
  ColumnWidening,
  formatSqlType,
  InformationSchemaColumn,
  planSchemaChanges,
  SchemaChanges,
  typeOfInformationSchema,
} from '@tidemark/schema';
import { TargetTable, Warehouse, WarehouseColumn, WarehouseDialect } from '@tidemark/warehouse';

export interface SchemaEvolution {
  /** False when the load creates the table. */
  exists: boolean;
  added: string[];
  widened: string[];
  /** Statements that widen what ALTER cannot, by rebuilding the table inside the load transaction; empty if none. */
  rebuild: string[];
}

/** Widenings the warehouse cannot make in place, each with its reason, and the table's columns after them. */
export interface TableRebuild {
  widenings: { widening: ColumnWidening; reason: string }[];
  /** The table's columns in their order, the widened ones with their new type. */
  columns: WarehouseColumn[];
}

export interface SchemaInspection {
  exists: boolean;
  changes: SchemaChanges;
  /** The ALTER statements the changes need (none when there are conflicts to resolve first). */
  statements: string[];
  rebuild?: TableRebuild;
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
  const refused = changes.widen
    .map((widening) => ({ widening, reason: dialect.widenInPlaceRefusal(t, widening.column.name) }))
    .filter((r): r is TableRebuild['widenings'][number] => r.reason !== undefined);
  const statements = [
    ...changes.add.map((c) => dialect.addColumn(t, c)),
    ...changes.widen.filter((w) => !refused.some((r) => r.widening === w)).map((w) => dialect.widenColumn(t, w.column)),
  ];
  if (refused.length === 0) return { exists: true, changes, statements };
  // The columns the table will have once the ADD COLUMNs ran: its own in order, then the added ones.
  const columns = [
    ...existing.map((c) => ({ name: c.name, type: wanted.find((w) => w.name === c.name)?.type ?? formatSqlType(c.type) })),
    ...changes.add.map((c) => ({ name: c.name, type: c.type })),
  ];
  return { exists: true, changes, statements, rebuild: { widenings: refused, columns } };
}

/**
 * Brings an existing target up to the columns being loaded: adds new
 * columns and widens text columns, each in its own statement before the load
 * transaction (Redshift cannot alter a table inside one). Both changes are
 * additive, so a load that fails afterwards leaves a table that still works.
 * A column the warehouse cannot widen in place (a Redshift key column) is
 * widened by rebuilding the table in the load transaction: the statements
 * are returned for it, after checking that no view blocks the swap.
 * Anything else stops the table with every conflict named.
 */
export async function evolveSchema(warehouse: Warehouse, dialect: WarehouseDialect, t: TargetTable): Promise<SchemaEvolution> {
  const { exists, changes, statements, rebuild } = await inspectSchema(warehouse, dialect, t);
  if (changes.conflicts.length > 0) throw conflict(changes.conflicts.join('; '));
  if (rebuild) await refuseBlockedRebuild(warehouse, dialect, t, rebuild);
  for (const sql of statements) await warehouse.query(sql);
  return {
    exists,
    added: changes.add.map((c) => c.name),
    widened: changes.widen.map((w) => w.column.name),
    rebuild: rebuild ? dialect.rebuildTable(t, rebuild.columns) : [],
  };
}

/** A view bound to the table would stop the swap at the end of the rebuild: say so before anything changes. */
async function refuseBlockedRebuild(warehouse: Warehouse, dialect: WarehouseDialect, t: TargetTable, rebuild: TableRebuild) {
  const views = await warehouse.query<{ view_schema: string; view_name: string }>(dialect.dependentViews(), [t.schema, t.table]);
  if (views.length === 0) return;
  throw conflict(
    `${rebuildReason(t, rebuild)}; but view(s) ${views.map((v) => `${v.view_schema}.${v.view_name}`).join(', ')} ` +
      `depend on the table and would block the swap: drop them, run the load again, then recreate them` +
      `${dialect.name === 'redshift' ? ' (created WITH NO SCHEMA BINDING they no longer block it)' : ''}. Nothing was changed`,
  );
}

function rebuildReason(t: TargetTable, rebuild: TableRebuild): string {
  const why = rebuild.widenings.map(
    ({ widening: w, reason }) => `column ${w.column.name} from ${formatSqlType(w.from)} to ${w.column.type} (${reason})`,
  );
  return `${t.schema}.${t.table} must be rebuilt to widen ${why.join(', ')}, which ALTER COLUMN TYPE cannot do in place`;
}

/** The columns append mode adds have no source column; describe them for messages. */
function extraSource(name: string) {
  return { name, dataType: 'tidemark', columnType: 'added by Tidemark', nullable: true, length: null, precision: null, scale: null, charset: null };
}
