import { BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import { conflict } from '@tidemark/errors';
import { EmbeddedContext, runPipeline, TableOutcome } from '@tidemark/sync';
import { RUN_STAGE, RunStage } from './run-stage';

/**
 * Runs one stage of pipelines, one run per pipeline at a time. On shutdown
 * (SIGTERM) it aborts what is running and waits: extraction stops between
 * rows and drops the file in progress; nothing partial is committed.
 */
@Injectable()
export class RunTracker implements BeforeApplicationShutdown {
  private readonly logger = new Logger(RunTracker.name);
  private readonly stop = new AbortController();
  private readonly running = new Map<string, Promise<TableOutcome[]>>();

  constructor(
    @Inject(EmbeddedContext) private readonly ctx: EmbeddedContext,
    @Inject(RUN_STAGE) private readonly stage: RunStage,
  ) {}

  isRunning(pipeline: string): boolean {
    return this.running.has(pipeline);
  }

  run(pipeline: string, tables?: string[]): Promise<TableOutcome[]> {
    if (this.running.has(pipeline)) throw conflict(`pipeline ${pipeline} is already running its ${this.stage} stage here`);
    if (this.stop.signal.aborted) throw conflict('the service is shutting down');
    const run = runPipeline(this.ctx, pipeline, {
      tables,
      extract: this.stage === 'extract',
      load: this.stage === 'load',
      signal: this.stop.signal,
    }).finally(() => this.running.delete(pipeline));
    this.running.set(pipeline, run);
    return run;
  }

  async beforeApplicationShutdown(signal?: string): Promise<void> {
    if (this.running.size === 0) return;
    this.logger.log(`${signal ?? 'shutdown'}: stopping ${this.running.size} running ${this.stage} run(s)`);
    this.stop.abort();
    await Promise.allSettled(this.running.values());
  }
}
