import { isLeaseRefusal, TableOutcome } from '@tidemark/sync';

/** A table that failed because another holder had (or took) its lease, not because of its data. */
export function isLeaseConflict(outcome: TableOutcome): boolean {
  return outcome.status === 'failed' && isLeaseRefusal(outcome.errorCode, outcome.error);
}
