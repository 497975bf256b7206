import { TableOutcome } from '@tidemark/sync';

/**
 * The watermark authority's refusals of a lease (libs/watermark-store
 * lease-book: "… is leased by HOLDER …", "fencing token N … is stale"),
 * and a load stopped by its lease's loss (the warehouse fence or a failed
 * renewal, ADR 0017: "lease lost: …"): another process holds the table's
 * stage, or took it over.
 */
const LEASE_REFUSAL = /\bis leased by\b|\bfencing token \S+ .* is stale\b|^lease lost: /;

/** A table that failed because another holder had (or took) its lease, not because of its data. */
export function isLeaseConflict(outcome: TableOutcome): boolean {
  return outcome.status === 'failed' && outcome.errorCode === 'CONFLICT' && LEASE_REFUSAL.test(outcome.error ?? '');
}
