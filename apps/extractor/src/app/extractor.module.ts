import { Module } from '@nestjs/common';
import { PipelineRunsModule } from '@tidemark/pipeline-runs';

/**
 * Extracts pipelines on their cron schedule and on POST /runs; stops cleanly
 * on SIGTERM. createServiceApp composes it with the core (config,
 * connections, sync services) and the service runtime.
 */
@Module({ imports: [PipelineRunsModule.forStage('extract')] })
export class ExtractorModule {}
