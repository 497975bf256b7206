import { SourceZone, strategyFor, validateCustomFilter, zoneOfColumn } from '@tidemark/cdc';
import { PipelineTable } from '@tidemark/config';
import { badInput, notFound } from '@tidemark/errors';
import { InformationSchemaColumn, mapColumns, sanitizeIdentifier, withTinyint1Choice } from '@tidemark/schema';
import { MysqlSource, resolveConfiguredTable } from '@tidemark/source';
import { booleanSources, recordedColumns, Warehouse, WarehouseDialect } from '@tidemark/warehouse';
import { ColumnSchema, TableId } from '@tidemark/watermark-model';
import { checkKeyKind, columnKindOf } from './column-kind';
import { PendingRule } from './loaded-through';
import { mysqlSql } from './mysql-sql';
import { postgresSql } from './postgres-sql';
import { SideSql } from './side-sql';
import { VerifyColumn } from './verify-column';
import { VerifyInputs } from './verify-inputs';

/** Everything a verification of one table needs, checked before anything is compared. */
export interface VerifyPlan {
  id: TableId;
  source: MysqlSource;
  warehouse: Warehouse;
  dialect: WarehouseDialect;
  sourceSql: SideSql;
  warehouseSql: SideSql;
  /** `schema.table` in the warehouse, sanitized. */
  target: string;
  columns: VerifyColumn[];
  keyColumns: VerifyColumn[];
  /** The pipeline's `where` filter for this table: rows outside it are never synced. */
  filter?: string;
  pendingRule: PendingRule;
}

export async function planVerification(
  inputs: Pick<VerifyInputs, 'sources' | 'warehouse'>,
  { pipeline, target, config }: PipelineTable,
): Promise<VerifyPlan> {
  const { dialect } = inputs.warehouse;
  if (dialect.name !== 'postgres') {
    throw badInput(
      `verify compares with a PostgreSQL warehouse; its ${dialect.name} side is not written yet (docs/verify.md)`,
    );
  }
  if (config.loadMode === 'append') {
    throw badInput(
      `table ${target.key} loads in append mode: the warehouse keeps every version of a row, so it cannot be compared key by key`,
    );
  }
  const strategy = strategyFor(config.strategy);
  const filter = config.where === undefined ? undefined : validateCustomFilter(config.where);
  const source = await inputs.sources.source(target.connection);
  const { table, cursorColumn } = await resolveConfiguredTable(source, target, config, strategy, false);
  if (table.primaryKey.length === 0) {
    throw badInput(
      `table ${target.key} has no primary key (and no keyColumns in the pipeline config): verify compares rows by key`,
    );
  }
  const schema = sanitizeIdentifier(target.targetSchema, dialect.identifiers);
  const name = sanitizeIdentifier(target.targetTable, dialect.identifiers);
  const warehouse = await inputs.warehouse.warehouse();
  const columns = await warehouseColumns(warehouse, dialect, schema, name, table.columns, target.key);
  const keyColumns = table.primaryKey.map((k) => columns.find((c) => c.source.name === k.name) as VerifyColumn);
  for (const k of keyColumns) checkKeyKind(k.source, k.kind);
  const zone = zoneOfColumn(
    cursorColumn?.dataType,
    SourceZone.parse(inputs.sources.options(target.connection).timezone),
  );
  return {
    id: { pipeline: pipeline.name, table: target.key },
    source,
    warehouse,
    dialect,
    sourceSql: mysqlSql(target.sourceSchema, target.sourceTable),
    warehouseSql: postgresSql(schema, name),
    target: `${schema}.${name}`,
    columns,
    keyColumns,
    filter,
    pendingRule: { strategy, cursorColumn, keyColumns: table.primaryKey, zone },
  };
}

/**
 * The warehouse column of each source column: the name the loads recorded (a
 * column keeps its name however the source changes), else the name the
 * loader would give it. Every one must exist. The type is the one the current
 * source column maps to, which the loader widens the warehouse column to.
 */
async function warehouseColumns(
  warehouse: Warehouse,
  dialect: WarehouseDialect,
  schema: string,
  table: string,
  sourceColumns: ColumnSchema[],
  key: string,
): Promise<VerifyColumn[]> {
  const present = await warehouse.query<InformationSchemaColumn>(dialect.describeColumns(), [schema, table]);
  if (present.length === 0) {
    throw notFound(
      `warehouse table ${schema}.${table} does not exist: ${key} has not been loaded yet (run tidemark sync first)`,
    );
  }
  const recorded = await recordedColumns(warehouse, dialect, schema, table);
  const mapped = mapColumns(
    // A TINYINT(1) is compared as the warehouse holds it: BOOLEAN where it was loaded so.
    withTinyint1Choice(sourceColumns, false, booleanSources(recorded, present)),
    recorded.map((r) => ({ source: r.sourceColumn, target: r.warehouseColumn })),
    dialect.identifiers,
    (c) => dialect.typeOf(c),
  );
  const names = new Set(present.map((r) => r.column_name));
  const absent = mapped.filter((c) => !names.has(c.name)).map((c) => c.name);
  if (absent.length) {
    throw badInput(
      `warehouse table ${schema}.${table} has no column ${absent.join(', ')}: run tidemark sync to add the source's new columns`,
    );
  }
  return mapped.map((t) => ({
    source: t.source,
    target: t.name,
    targetType: t.type,
    kind: columnKindOf(t.source),
  }));
}
