/**
 * The watermark authority's refusals of a lease (libs/watermark-store
 * lease-book: "… is leased by HOLDER …", "fencing token N … is stale"),
 * and a load stopped by its lease's loss (the warehouse fence or a failed
 * renewal, ADR 0017: "lease lost: …"): another process holds the table's
 * stage, or took it over.
 */
const LEASE_REFUSAL = /\bis leased by\b|\bfencing token \S+ .* is stale\b|^lease lost: /;

/** A stage refused or stopped because another holder had (or took) its lease, not because of its data or a server. */
export function isLeaseRefusal(code: string | undefined, message: string | undefined): boolean {
  return code === 'CONFLICT' && LEASE_REFUSAL.test(message ?? '');
}
