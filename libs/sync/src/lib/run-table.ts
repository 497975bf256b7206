import { Inject, Injectable } from '@nestjs/common';
import { PipelineConfig } from '@tidemark/config';
import { ExtractResult } from '@tidemark/extraction';
import { EnsuredSchemas, LoadResult } from '@tidemark/loading';
import { RunEventListener } from './run-events';
import { RowEstimates } from './run-estimate';
import { errorCodeOf, errorMessageOf, TableOutcome } from './run-outcome';
import { TableJob, TableJobs } from './table-job';
import { ExtractOptions, TableSync } from './table-sync';

export interface TableRunOptions extends ExtractOptions {
  extract?: boolean;
  load?: boolean;
  onEvent?: RunEventListener;
  /** Ask MySQL for a cheap row estimate before extracting, so a progress display can show an ETA. */
  estimateRows?: boolean;
}

export interface SyncResult {
  pipeline: string;
  table: string;
  extract?: ExtractResult;
  load?: LoadResult;
}

/**
 * Runs one table: resolves it once, extracts, then loads, and says how that
 * went; never throws. A table is a success when each stage asked for
 * finished (the loader checks every manifest's rows as it stages them).
 * After an abort, a table not yet started is skipped.
 */
@Injectable()
export class TableRunner {
  constructor(
    @Inject(TableJobs) private readonly jobs: TableJobs,
    @Inject(TableSync) private readonly sync: TableSync,
    @Inject(RowEstimates) private readonly estimates: RowEstimates,
  ) {}

  async run(
    pipeline: PipelineConfig,
    table: string,
    o: TableRunOptions = {},
    ensuredSchemas = new EnsuredSchemas(),
  ): Promise<TableOutcome> {
    const emit: RunEventListener = o.onEvent ?? (() => undefined);
    const started = Date.now();
    const outcome: TableOutcome = { table, status: 'skipped', startedAt: new Date(started).toISOString(), seconds: 0 };
    if (o.signal?.aborted) {
      outcome.error = 'not started: the run was stopped';
      emit({ type: 'table-finished', outcome });
      return outcome;
    }
    emit({ type: 'table-started', table });
    const result: SyncResult = { pipeline: pipeline.name, table };
    let stage: 'extract' | 'load' = 'extract';
    let failure: unknown;
    try {
      const job = this.jobs.job(pipeline, table);
      if (o.extract !== false) result.extract = await this.extract(job, o, emit);
      stage = 'load';
      if (o.load !== false) result.load = await this.load(job, emit, ensuredSchemas);
      outcome.status = 'success';
    } catch (error) {
      failure = error;
      Object.assign(outcome, {
        status: 'failed',
        error: errorMessageOf(error),
        errorCode: errorCodeOf(error),
        failedStage: stage,
      });
    }
    outcome.result = result;
    outcome.seconds = (Date.now() - started) / 1000;
    emit({ type: 'table-finished', outcome, error: failure });
    return outcome;
  }

  private async extract(job: TableJob, o: TableRunOptions, emit: RunEventListener): Promise<ExtractResult> {
    const table = job.target.key;
    const expectedRows = o.estimateRows ? await this.estimates.extractRows(job, o.limitRows) : o.limitRows;
    emit({ type: 'extract-started', table, expectedRows });
    const done = await this.sync.extract(job, {
      ...o,
      onProgress: (p) => {
        o.onProgress?.(p);
        emit({ type: 'extract-progress', table, rows: p.rows, files: p.files });
      },
    });
    emit({ type: 'extract-finished', table, result: done });
    return done;
  }

  private async load(job: TableJob, emit: RunEventListener, ensuredSchemas: EnsuredSchemas): Promise<LoadResult> {
    const table = job.target.key;
    const done = await this.sync.load(job, {
      ensuredSchemas,
      onPending: (manifests) =>
        emit({
          type: 'load-started',
          table,
          manifests: manifests.length,
          rows: manifests.reduce((n, m) => n + m.rowCount, 0),
        }),
      onStaged: (p) => emit({ type: 'load-progress', table, ...p }),
    });
    emit({ type: 'load-finished', table, result: done });
    return done;
  }
}
