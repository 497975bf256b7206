import { TableOutcome } from '@tidemark/sync';

/**
 * The watermark authority's refusals of a lease (libs/watermark-store
 * lease-book: "… is leased by HOLDER …", "fencing token N … is stale"):
 * another process holds the table's stage, or took it over.
 */
const LEASE_REFUSAL = /\bis leased by\b|\bfencing token \S+ .* is stale\b/;

/** A table that failed because another holder had (or took) its lease, not because of its data. */
export function isLeaseConflict(outcome: TableOutcome): boolean {
  return outcome.status === 'failed' && outcome.errorCode === 'CONFLICT' && LEASE_REFUSAL.test(outcome.error ?? '');
}
