import { Module } from '@nestjs/common';
import { PipelineRunsModule, TidemarkCoreModule } from '@tidemark/service-kit';

/** Loads pipelines' registered manifests on their cron schedule and on POST /runs; never opens MySQL. */
@Module({ imports: [TidemarkCoreModule.forRoot(), PipelineRunsModule.forStage('load')] })
export class LoaderModule {}
