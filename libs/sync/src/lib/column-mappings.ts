import { badInput } from '@tidemark/errors';
import { recordedColumns } from '@tidemark/warehouse';
import { sanitizeIdentifier } from '@tidemark/schema';
import { Inject, Injectable } from '@nestjs/common';
import { tableTarget } from '@tidemark/config';
import { WarehouseConnection } from './connections/warehouse-connection';
import { TableJobs } from './table-job';

export interface ColumnMappingView {
  table: string;
  /** The warehouse table, `schema.table`. */
  target: string;
  /** Empty when the table was never loaded. */
  columns: { source: string; warehouse: string; type: string }[];
}

/**
 * The source → warehouse column names the loads recorded, for one table or
 * every table of a pipeline. Reads only the warehouse.
 */
@Injectable()
export class ColumnMappings {
  constructor(
    @Inject(TableJobs) private readonly jobs: TableJobs,
    @Inject(WarehouseConnection) private readonly connection: WarehouseConnection,
  ) {}

  async list(pipelineName: string, tableKey?: string): Promise<ColumnMappingView[]> {
    const pipeline = this.jobs.pipeline(pipelineName);
    const keys = tableKey === undefined ? pipeline.tables.map((t) => t.key) : [tableKey];
    if (keys.length === 0) throw badInput(`pipeline "${pipeline.name}" lists no tables: name one with -t SCHEMA.TABLE`);
    const warehouse = await this.connection.warehouse();
    const { dialect } = this.connection;
    const rules = dialect.identifiers;
    const views: ColumnMappingView[] = [];
    for (const key of keys) {
      const t = tableTarget(pipeline, key);
      const schema = sanitizeIdentifier(t.targetSchema, rules);
      const table = sanitizeIdentifier(t.targetTable, rules);
      const columns = await recordedColumns(warehouse, dialect, schema, table);
      views.push({
        table: t.key,
        target: `${schema}.${table}`,
        columns: columns.map((c) => ({ source: c.sourceColumn, warehouse: c.warehouseColumn, type: c.type })),
      });
    }
    return views;
  }
}
