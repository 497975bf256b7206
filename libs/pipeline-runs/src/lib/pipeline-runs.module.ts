import { DynamicModule, Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { ContinuousRunner } from './continuous-runner';
import { PipelineScheduler } from './pipeline-scheduler';
import { RUN_STAGE, RunStage } from './run-stage';
import { RunTracker } from './run-tracker';
import { RunsController } from './runs.controller';

/**
 * POST /runs, the cron schedule and continuous mode for one stage: what the extractor and
 * the loader services are. It runs pipelines with SyncModule's
 * PipelineRunner, which the app provides (service-kit's core module
 * imports SyncModule for the service's config), and reports each run to
 * RUN_REPORTER when the app provides one.
 */
@Module({})
export class PipelineRunsModule {
  static forStage(stage: RunStage): DynamicModule {
    return {
      module: PipelineRunsModule,
      imports: [ScheduleModule.forRoot()],
      controllers: [RunsController],
      providers: [{ provide: RUN_STAGE, useValue: stage }, RunTracker, PipelineScheduler, ContinuousRunner],
    };
  }
}
