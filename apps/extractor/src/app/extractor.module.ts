import { Module } from '@nestjs/common';
import { PipelineRunsModule, TidemarkCoreModule } from '@tidemark/service-kit';

/** Extracts pipelines on their cron schedule and on POST /runs; stops cleanly on SIGTERM. */
@Module({ imports: [TidemarkCoreModule.forRoot(), PipelineRunsModule.forStage('extract')] })
export class ExtractorModule {}
