import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import { TidemarkConfig } from '@tidemark/config';
import { TIDEMARK_CONFIG } from '@tidemark/sync';
import { RUN_STAGE, RunStage } from './run-stage';
import { RunTracker } from './run-tracker';

/** Starts each pipeline's stage on the cron schedule its config gives (`schedule: { extract: '*\/15 * * * *' }`). */
@Injectable()
export class PipelineScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(PipelineScheduler.name);

  constructor(
    @Inject(TIDEMARK_CONFIG) private readonly config: TidemarkConfig,
    @Inject(RUN_STAGE) private readonly stage: RunStage,
    @Inject(RunTracker) private readonly runs: RunTracker,
    @Inject(SchedulerRegistry) private readonly registry: SchedulerRegistry,
  ) {}

  onApplicationBootstrap(): void {
    for (const pipeline of Object.values(this.config.pipelines)) {
      const cron = pipeline.schedule?.[this.stage];
      if (!cron) continue;
      const job = CronJob.from({ cronTime: cron, onTick: () => this.tick(pipeline.name), timeZone: 'UTC' });
      this.registry.addCronJob(`${this.stage}:${pipeline.name}`, job);
      job.start();
      this.logger.log(`${pipeline.name}: ${this.stage} scheduled at "${cron}" (UTC)`);
    }
  }

  private async tick(pipeline: string): Promise<void> {
    if (this.runs.isRunning(pipeline)) {
      this.logger.warn(`${pipeline}: previous ${this.stage} run still going, skipping this one`);
      return;
    }
    const outcomes = await this.runs.run(pipeline).catch((error: Error) => {
      this.logger.error(`${pipeline}: ${error.message}`);
      return [];
    });
    for (const o of outcomes) {
      if (o.status !== 'success') this.logger.warn(`${pipeline} ${o.table}: ${o.status}: ${o.error}`);
    }
  }
}
