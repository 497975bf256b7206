import { BeforeApplicationShutdown, Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { conflict } from '@tidemark/errors';
import { EmbeddedContext, RunEvent, runPipeline, TableOutcome } from '@tidemark/sync';
import { RunObserver } from '../observability/run-observer';
import { RUN_STAGE, RunStage } from './run-stage';

/**
 * Runs one stage of pipelines, one run per pipeline at a time, each working
 * up to `parallelTables` (from the config) tables at once. On shutdown
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
    @Optional() private readonly observer?: RunObserver,
  ) {}

  isRunning(pipeline: string): boolean {
    return this.running.has(pipeline);
  }

  run(pipeline: string, tables?: string[]): Promise<TableOutcome[]> {
    if (this.running.has(pipeline)) throw conflict(`pipeline ${pipeline} is already running its ${this.stage} stage here`);
    if (this.stop.signal.aborted) throw conflict('the service is shutting down');
    const observe = this.observer?.startRun(this.stage, pipeline);
    const run = runPipeline(this.ctx, pipeline, {
      tables,
      extract: this.stage === 'extract',
      load: this.stage === 'load',
      parallel: this.ctx.config.parallelTables,
      signal: this.stop.signal,
      onEvent: (event) => {
        this.logBug(pipeline, event);
        observe?.(event);
      },
    }).finally(() => this.running.delete(pipeline));
    this.running.set(pipeline, run);
    return run;
  }

  /** A table that failed on a bug: its outcome carries only the message, the log gets the stack. */
  private logBug(pipeline: string, event: RunEvent): void {
    if (event.type !== 'table-finished' || event.outcome.errorCode !== 'INTERNAL') return;
    this.logger.error(
      `${pipeline} ${event.outcome.table}: ${this.stage} failed on an internal error`,
      (event.error as Error)?.stack,
    );
  }

  async beforeApplicationShutdown(signal?: string): Promise<void> {
    if (this.running.size === 0) return;
    this.logger.log(`${signal ?? 'shutdown'}: stopping ${this.running.size} running ${this.stage} run(s)`);
    this.stop.abort();
    await Promise.allSettled(this.running.values());
  }
}
