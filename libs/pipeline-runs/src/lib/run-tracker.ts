import { BeforeApplicationShutdown, Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { conflict } from '@tidemark/errors';
import { PipelineRunner, RunEvent, TableOutcome } from '@tidemark/sync';
import { RUN_REPORTER, RUN_STAGE, RunReporter, RunStage } from './run-stage';

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
    @Inject(PipelineRunner) private readonly runner: PipelineRunner,
    @Inject(RUN_STAGE) private readonly stage: RunStage,
    @Optional() @Inject(RUN_REPORTER) private readonly reporter?: RunReporter,
  ) {}

  isRunning(pipeline: string): boolean {
    return this.running.has(pipeline);
  }

  run(pipeline: string, tables?: string[]): Promise<TableOutcome[]> {
    if (this.running.has(pipeline)) throw conflict(`pipeline ${pipeline} is already running its ${this.stage} stage here`);
    if (this.stop.signal.aborted) throw conflict('the service is shutting down');
    const report = this.reporter?.startRun(this.stage, pipeline);
    const run = this.runner
      .run(pipeline, {
        tables,
        extract: this.stage === 'extract',
        load: this.stage === 'load',
        signal: this.stop.signal,
        onEvent: (event) => {
          this.logBug(pipeline, event);
          report?.(event);
        },
      })
      .finally(() => this.running.delete(pipeline));
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
