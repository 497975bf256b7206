import { Inject, Injectable } from '@nestjs/common';
import { isTidemarkError, TidemarkError } from '@tidemark/errors';
import { ExtractStage, LoadStage, TableId, WatermarkApi } from '@tidemark/watermark-model';
import { WatermarkConnection } from './connections/watermark-connection';
import { isLeaseRefusal } from './lease-refusal';
import { errorCodeOf, errorMessageOf } from './run-outcome';
import { TableJob, tableIdOf } from './table-job';

export type Stage = 'extract' | 'load';

/** Errors of the watermark authority itself: there is nowhere to record them. */
const AUTHORITY_DOWN = new Set(['WATERMARK_SERVICE', 'WATERMARK_STORE']);

/**
 * Refusals of what was asked (a table that does not exist, has no key, a
 * config that does not fit it): on a table never synced they are bad input
 * and change nothing, so a mistyped `-t` or table entry leaves no watermark
 * behind. On a table already synced they are recorded: the source changed
 * under it, and every run will fail until someone fixes it.
 */
const REQUEST_REFUSALS = new Set(['BAD_INPUT', 'NOT_FOUND', 'CONFIG']);

/**
 * Keeps a table's stage status true to its last run. The extractor and the
 * loader mark a stage failed only once it has started, under its lease;
 * whatever fails before that (connecting to MySQL, a bastion, the warehouse,
 * checking the source table) is recorded here, on the stage it hit, with
 * its one-line message and the time. Not recorded: a lease held by another
 * process (the stage is that process's to report), a refusal of the
 * request on a table never synced (REQUEST_REFUSALS), and a failure of the
 * watermark authority, which can record nothing: then the error itself says
 * the step was not recorded, and the services count it in /metrics.
 */
@Injectable()
export class StageFailures {
  constructor(@Inject(WatermarkConnection) private readonly watermarks: WatermarkConnection) {}

  /** Runs a stage of the job's table; a failure is recorded on it, then thrown. */
  async recorded<T>(job: TableJob, stage: Stage, run: () => Promise<T>): Promise<T> {
    const started = new Date();
    try {
      return await run();
    } catch (error) {
      throw await this.record(job, stage, error, started);
    }
  }

  /**
   * A load with nothing pending records no run, so a failed load stage
   * (say, the warehouse was down) would stay failed while every later load
   * works: this records the empty load as a finished one. Refused while
   * another loader holds the lease; that loader reports the stage itself.
   */
  async clearFailedLoad(id: TableId): Promise<void> {
    const api = await this.watermarks.api();
    if ((await api.get(id))?.load.status !== 'failed') return;
    await api.commitLoad({ ...id, manifestIds: [] }).catch((error) => {
      if (!isLeaseRefusal(errorCodeOf(error), errorMessageOf(error))) throw error;
    });
  }

  /** The error to throw: the stage's own, or one that also says it could not be recorded. */
  private async record(job: TableJob, stage: Stage, error: unknown, started: Date): Promise<unknown> {
    const id = tableIdOf(job);
    const code = errorCodeOf(error);
    const message = errorMessageOf(error);
    if (AUTHORITY_DOWN.has(code) || isLeaseRefusal(code, message)) return error;
    try {
      const api = await this.watermarks.api();
      const current = await api.get(id);
      if (current === null && REQUEST_REFUSALS.has(code)) return error;
      if (!recordedSince(current?.[stage], message, started)) await markFailed(api, id, stage, message);
      return error;
    } catch (recordError) {
      return new TidemarkError(
        isTidemarkError(recordError) ? recordError.code : 'WATERMARK_STORE',
        `${message} (this failure is not recorded on the ${stage} stage: ${errorMessageOf(recordError)})`,
        { cause: error },
      );
    }
  }
}

/** Whether the stage already recorded this failure itself (the extractor and loader do once started). */
function recordedSince(state: ExtractStage | LoadStage | undefined, message: string, since: Date): boolean {
  if (!state || state.status !== 'failed' || state.lastRunAt === null) return false;
  return state.lastError === message && new Date(state.lastRunAt) >= since;
}

function markFailed(api: WatermarkApi, id: TableId, stage: Stage, message: string): Promise<void> {
  return stage === 'extract' ? api.markExtractFailed(id, message) : api.markLoadFailed(id, message);
}
