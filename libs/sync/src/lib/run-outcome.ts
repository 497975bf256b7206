import { isTidemarkError } from '@tidemark/errors';
import { SyncResult } from './run-table';

export type OutcomeStatus = 'success' | 'failed' | 'skipped';

export interface TableOutcome {
  table: string;
  /** `success` only when every stage asked for finished and the load's checks held. */
  status: OutcomeStatus;
  /** What the stages did; for a failed table, the stages that finished. */
  result?: SyncResult;
  error?: string;
  /** The TidemarkError's code, or INTERNAL for a bug (an error Tidemark did not expect). */
  errorCode?: string;
  /** The stage that failed. */
  failedStage?: 'extract' | 'load';
  /** ISO instant the table started (or was skipped). */
  startedAt?: string;
  seconds?: number;
}

/** The code an outcome records for an error: the TidemarkError's, else INTERNAL. */
export const errorCodeOf = (error: unknown): string => (isTidemarkError(error) ? error.code : 'INTERNAL');

export const errorMessageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));
