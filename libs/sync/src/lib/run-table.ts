import { Inject, Injectable } from '@nestjs/common';
import { PipelineConfig } from '@tidemark/config';
import { ExtractResult } from '@tidemark/extraction';
import { strategyFor } from '@tidemark/cdc';
import { EnsuredSchemas, LoadResult } from '@tidemark/loading';
import { FollowedLoad, LoadFollower } from './load-follower';
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
 * Runs one table: resolves it once, extracts and loads, and says how that
 * went; never throws. With both stages asked, the load follows the extract
 * (ADR 0036): each manifest the extract commits is loaded while the
 * extract goes on, and what is left is loaded after it, also after an
 * extract that failed (unless the run was stopped). A table is a success
 * when each stage asked for finished (the loader checks every manifest's
 * rows as it stages them). After an abort, a table not yet started is
 * skipped.
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
      const loads = o.load !== false ? this.loads(job, emit, ensuredSchemas) : undefined;
      const follower = o.extract !== false && loads ? new LoadFollower(loads) : undefined;
      if (o.extract !== false) result.extract = await this.extract(job, o, emit, follower, result);
      stage = 'load';
      if (follower) result.load = await follower.finish('all');
      else if (loads) result.load = await loads({ early: false, newKeysExpected: false });
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

  /**
   * Extracts the table; with a follower, each manifest committed asks it
   * for a load. When the extract fails after committing manifests, the
   * follower still loads them (into `result`) before the failure is thrown,
   * unless that would replace the target; a load failure then is recorded
   * on the load stage, and the table fails on its extract.
   */
  private async extract(
    job: TableJob,
    o: TableRunOptions,
    emit: RunEventListener,
    follower: LoadFollower | undefined,
    result: SyncResult,
  ): Promise<ExtractResult> {
    const table = job.target.key;
    const expectedRows = o.estimateRows ? await this.estimates.extractRows(job, o.limitRows) : o.limitRows;
    emit({ type: 'extract-started', table, expectedRows });
    // A snapshot is registered whole at the end of its extract: nothing to follow before.
    const follows = follower && !strategyFor(job.config.strategy ?? 'hybrid').snapshot;
    let files = 0;
    try {
      const done = await this.sync.extract(job, {
        ...o,
        onProgress: (p) => {
          o.onProgress?.(p);
          emit({ type: 'extract-progress', table, rows: p.rows, files: p.files });
          if (follows && p.files > files) follower.ask();
          files = p.files;
        },
      });
      emit({ type: 'extract-finished', table, result: done });
      return done;
    } catch (error) {
      result.load = await follower?.finish(o.signal?.aborted ? 'none' : 'adding').catch(() => undefined);
      throw error;
    }
  }

  /**
   * A load of the table, with its events. One that finds nothing pending
   * says so only as the run's last and only load: the empty turns of loads
   * following the extract stay quiet.
   */
  private loads(job: TableJob, emit: RunEventListener, ensuredSchemas: EnsuredSchemas) {
    const table = job.target.key;
    let announced = false;
    return async (how: FollowedLoad): Promise<LoadResult> => {
      let told = false;
      const done = await this.sync.load(job, {
        ensuredSchemas,
        ...how,
        onPending: (manifests) => {
          if (manifests.length === 0 && (announced || how.early)) return;
          announced = told = true;
          emit({ type: 'load-started', table, manifests: manifests.length, rows: manifests.reduce((n, m) => n + m.rowCount, 0) });
        },
        onStaged: (p) => emit({ type: 'load-progress', table, ...p }),
        onCommitted: (manifests) => emit({ type: 'load-committed', table, manifests, committedAt: Date.now() }),
      });
      if (told) emit({ type: 'load-finished', table, result: done });
      return done;
    };
  }
}
