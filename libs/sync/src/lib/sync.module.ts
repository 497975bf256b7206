import { DynamicModule, Module } from '@nestjs/common';
import { TidemarkConfig } from '@tidemark/config';
import { ColumnMappings } from './column-mappings';
import { ConnectionsModule } from './connections/connections.module';
import { PipelineRunner } from './run-pipeline';
import { RowEstimates } from './run-estimate';
import { TableRunner } from './run-table';
import { TableRestores } from './restore/table-restore';
import { TableJobs } from './table-job';
import { StageFailures } from './stage-failures';
import { TableStatuses } from './table-status';
import { TableSync } from './table-sync';
import { WaitingRows } from './waiting-rows';

const SERVICES = [
  TableJobs,
  StageFailures,
  TableSync,
  RowEstimates,
  TableRunner,
  PipelineRunner,
  TableStatuses,
  ColumnMappings,
  TableRestores,
  WaitingRows,
];

/**
 * Syncing as a Nest module: the CLI and the services compose this one
 * module over the connections their config names, and take the services
 * they use from it.
 */
@Module({})
export class SyncModule {
  static forConfig(config: TidemarkConfig): DynamicModule {
    return {
      module: SyncModule,
      imports: [ConnectionsModule.forConfig(config)],
      providers: SERVICES,
      exports: [ConnectionsModule, ...SERVICES],
    };
  }
}
