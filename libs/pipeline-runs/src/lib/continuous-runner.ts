import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ContinuousSettings, PipelineConfig, TidemarkConfig } from '@tidemark/config';
import { TableJobs, TIDEMARK_CONFIG, WaitingRows } from '@tidemark/sync';
import { waitForNextBatch } from './next-batch';
import { RUN_STAGE, RunStage } from './run-stage';
import { RunTracker } from './run-tracker';

/**
 * Runs each pipeline that has a `continuous` section as back-to-back
 * micro-batches of this service's stage (ADR 0043): one run of all its
 * tables, then a wait for the interval or for enough waiting rows, then
 * the next. On shutdown the wait ends at once and the batch in progress
 * is stopped by RunTracker, which commits nothing partial.
 */
@Injectable()
export class ContinuousRunner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ContinuousRunner.name);
  private readonly stop = new AbortController();
  private readonly loops: Promise<void>[] = [];

  constructor(
    @Inject(TIDEMARK_CONFIG) private readonly config: TidemarkConfig,
    @Inject(RUN_STAGE) private readonly stage: RunStage,
    @Inject(RunTracker) private readonly runs: RunTracker,
    @Inject(TableJobs) private readonly jobs: TableJobs,
    @Inject(WaitingRows) private readonly waiting: WaitingRows,
  ) {}

  onApplicationBootstrap(): void {
    for (const pipeline of Object.values(this.config.pipelines)) {
      if (!pipeline.continuous) continue;
      const { intervalSeconds, maxBufferedRows } = pipeline.continuous;
      const sooner = maxBufferedRows === undefined ? '' : ` or when ${maxBufferedRows} rows wait`;
      this.logger.log(`${pipeline.name}: ${this.stage} runs continuously, every ${intervalSeconds} s${sooner}`);
      this.loops.push(this.loop(pipeline, pipeline.continuous));
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stop.abort();
    await Promise.all(this.loops);
  }

  private async loop(pipeline: PipelineConfig, settings: ContinuousSettings): Promise<void> {
    while (!this.stop.signal.aborted) {
      await this.batch(pipeline.name);
      const next = await waitForNextBatch(
        settings,
        (atMost) => this.waitingRows(pipeline, atMost),
        this.stop.signal,
        (error) => this.logger.warn(`${pipeline.name}: counting the waiting rows failed: ${(error as Error).message}`),
      );
      if (next === 'rows') this.logger.debug(`${pipeline.name}: ${settings.maxBufferedRows} rows wait, next batch now`);
    }
  }

  /** One run of the pipeline's stage; a failure is logged (and counted by the run reporter) and the loop goes on. */
  private async batch(pipeline: string): Promise<void> {
    if (this.stop.signal.aborted) return;
    if (this.runs.isRunning(pipeline)) return; // a POST /runs is working it: the next batch comes after the wait
    try {
      const outcomes = await this.runs.run(pipeline);
      for (const o of outcomes) {
        if (o.status === 'failed') this.logger.warn(`${pipeline} ${o.table}: ${this.stage} failed: ${o.error}`);
      }
    } catch (error) {
      if (!this.stop.signal.aborted) this.logger.error(`${pipeline}: ${(error as Error).message}`);
    }
  }

  /** The pipeline's waiting rows for this stage, summed over its tables until `atMost` is reached. */
  private async waitingRows(pipeline: PipelineConfig, atMost: number): Promise<number> {
    let total = 0;
    for (const table of pipeline.tables) {
      const job = this.jobs.job(pipeline, table.key);
      total +=
        this.stage === 'extract' ? await this.waiting.toExtract(job, atMost - total) : await this.waiting.toLoad(job);
      if (total >= atMost) break;
    }
    return total;
  }
}
