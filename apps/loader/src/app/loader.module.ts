import { Module } from '@nestjs/common';
import { PipelineRunsModule } from '@tidemark/pipeline-runs';

/**
 * Loads pipelines' registered manifests on their cron schedule and on POST
 * /runs; never opens MySQL. createServiceApp composes it with the core
 * (config, connections, sync services) and the service runtime.
 */
@Module({ imports: [PipelineRunsModule.forStage('load')] })
export class LoaderModule {}
