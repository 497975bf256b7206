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

/** Past this, a message is a dump, not a sentence: it is cut (the whole error is in the run report and the debug log). */
const MESSAGE_MAX_CHARS = 1000;

/**
 * An error's message as one line, as outcomes, error lines and the
 * watermark's last error show it: a driver's multi-line message has its
 * lines joined, and an AggregateError without a message (a connection
 * refused on every address of a host) gives its first error's.
 */
export function errorMessageOf(error: unknown): string {
  if (error instanceof AggregateError && !error.message && error.errors.length > 0) return errorMessageOf(error.errors[0]);
  const text = error instanceof Error ? error.message : String(error);
  const line = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .join(' ');
  if (line === '') return `${error instanceof Error ? error.name : typeof error} without a message`;
  return line.length > MESSAGE_MAX_CHARS ? `${line.slice(0, MESSAGE_MAX_CHARS - 1)}…` : line;
}
