import { Inject, Injectable } from '@nestjs/common';
import {
  loadModeOf,
  pipelineTable,
  PipelineConfig,
  PipelineTable,
  resolvePipeline,
  TidemarkConfig,
} from '@tidemark/config';
import { LoadMode } from '@tidemark/warehouse';
import { TableId } from '@tidemark/watermark-model';
import { TIDEMARK_CONFIG } from './connections/tokens';
import { WarehouseConnection } from './connections/warehouse-connection';

/** One table of a pipeline resolved once for a run: what it reads, where it loads, how. */
export interface TableJob extends PipelineTable {
  loadMode: LoadMode;
}

/** The watermark's name for the job's table. */
export const tableIdOf = ({ pipeline, target }: TableJob): TableId => ({ pipeline: pipeline.name, table: target.key });

/** Pipelines and tables of the config, resolved and checked against the warehouse's identifier rules. */
@Injectable()
export class TableJobs {
  constructor(
    @Inject(TIDEMARK_CONFIG) private readonly config: TidemarkConfig,
    @Inject(WarehouseConnection) private readonly warehouse: WarehouseConnection,
  ) {}

  pipeline(name: string): PipelineConfig {
    return resolvePipeline(this.config, name, this.warehouse.dialect.identifiers);
  }

  job(pipeline: PipelineConfig | string, tableKey: string): TableJob {
    const resolved = typeof pipeline === 'string' ? this.pipeline(pipeline) : pipeline;
    const table = pipelineTable(resolved, tableKey, this.warehouse.dialect.identifiers);
    return { ...table, loadMode: loadModeOf(table.config) };
  }
}
