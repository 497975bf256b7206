import { setTimeout as sleep } from 'node:timers/promises';
import { BeforeApplicationShutdown, Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { conflict } from '@tidemark/errors';
import { PipelineRunner, RunEvent, TableOutcome } from '@tidemark/sync';
import { RUN_REPORTER, RUN_STAGE, RunReporter, RunStage } from './run-stage';

/**
 * How long a stopping service waits for its runs. Past it the process exits
 * anyway: a warehouse transaction not committed is rolled back with its
 * connection, a manifest not committed stays an unregistered orphan, and the
 * leases lapse at their TTL. Under Kubernetes' default 30 s grace period.
 */
export const STOP_WAIT_SECONDS = 25;

/**
 * Runs one stage of pipelines, one run per pipeline at a time, each working
 * up to `parallelTables` (from the config) tables at once. On shutdown
 * (SIGTERM) it aborts what is running and waits (at most STOP_WAIT_SECONDS):
 * extraction stops between rows and drops the file in progress; nothing
 * partial is committed.
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
    const done = Promise.allSettled(this.running.values()).then(() => true);
    const timer = new AbortController();
    const finished = await Promise.race([
      done,
      sleep(STOP_WAIT_SECONDS * 1000, false, { signal: timer.signal }).catch(() => false),
    ]);
    timer.abort();
    if (!finished) {
      this.logger.warn(
        `${STOP_WAIT_SECONDS} s passed: exiting with ${this.running.size} ${this.stage} run(s) abandoned (what they had not committed is dropped; their leases lapse)`,
      );
    }
  }
}
