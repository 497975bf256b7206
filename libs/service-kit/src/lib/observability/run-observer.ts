import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { RunReporter, RunStage } from '@tidemark/pipeline-runs';
import { errorCodeOf, errorMessageOf, RunEvent, RunEventListener, TableOutcome } from '@tidemark/sync';
import { TidemarkMetrics } from './tidemark-metrics';

/** On every line of a run. */
interface RunFields {
  pipeline: string;
  stage: RunStage;
  runId: string;
}

/** The numbers of a finished table for its log line: only those its stage produced. */
function outcomeFields(outcome: TableOutcome) {
  const { extract, load } = outcome.result ?? {};
  return {
    status: outcome.status,
    seconds: outcome.seconds,
    ...(extract && { extractRunId: extract.runId, rows: extract.rows, files: extract.files, bytes: extract.bytes }),
    ...(load && { rows: load.rowsStaged, manifests: load.manifestsLoaded, target: load.target }),
    ...(outcome.error !== undefined && { errorCode: outcome.errorCode, error: outcome.error }),
  };
}

/**
 * Watches the runs of the extractor and the loader: each run gets a run id,
 * each event a JSON log line carrying it, and each finished table its
 * metrics.
 */
@Injectable()
export class RunObserver implements RunReporter {
  constructor(
    @Inject(PinoLogger) private readonly logger: PinoLogger,
    @Inject(TidemarkMetrics) private readonly metrics: TidemarkMetrics,
  ) {
    logger.setContext(RunObserver.name);
  }

  /** A listener for the events of one new run of `pipeline`'s `stage`. */
  startRun(stage: RunStage, pipeline: string): RunEventListener {
    const run: RunFields = { pipeline, stage, runId: randomUUID() };
    return (event: RunEvent) => this.observe(run, event);
  }

  private observe(run: RunFields, event: RunEvent): void {
    if (event.type === 'table-finished') this.tableFinished(run, event.outcome);
    else if (event.type === 'load-committed') {
      this.metrics.recordFreshness(run.pipeline, event.table, event.manifests, event.committedAt);
    } else if (event.type === 'run-failed') this.runFailed(run, event.error);
    else if (event.type === 'run-started') {
      this.logger.info({ ...run, tables: event.tables, parallel: event.parallel }, `${run.stage} run started`);
    } else this.logger.debug({ ...run, ...event }, event.type);
  }

  private runFailed(run: RunFields, error: unknown): void {
    const errorCode = errorCodeOf(error);
    this.metrics.recordRunError(run.stage, run.pipeline, errorCode);
    this.logger.error({ ...run, errorCode, error: errorMessageOf(error) }, `${run.stage} run failed before any table started`);
  }

  private tableFinished(run: RunFields, outcome: TableOutcome): void {
    this.metrics.recordOutcome(run.stage, run.pipeline, outcome);
    const line = { ...run, table: outcome.table, ...outcomeFields(outcome) };
    const message = `${run.stage} of ${outcome.table}: ${outcome.status}`;
    if (outcome.status === 'failed') this.logger.error(line, message);
    else if (outcome.status === 'skipped') this.logger.warn(line, message);
    else this.logger.info(line, message);
  }
}
