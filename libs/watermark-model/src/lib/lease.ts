export type LeaseStage = 'extract' | 'load';
export const LEASE_STAGES: LeaseStage[] = ['extract', 'load'];

/**
 * A time-limited right to work one (pipeline, table, stage). Every grant
 * carries a larger fencing token than the one before, so a holder that lost
 * its lease (paused, partitioned) cannot commit over its successor.
 */
export interface Lease {
  pipeline: string;
  table: string;
  stage: LeaseStage;
  holder: string;
  token: number;
  expiresAt: string;
}

/**
 * A lease as its holder gets it at acquire time: with a random secret that
 * only the holder learns (the store keeps its hash). Renewing or releasing
 * the lease takes the secret; listing leases never shows it.
 */
export interface HeldLease extends Lease {
  secret: string;
}

export interface LeaseRequest {
  pipeline: string;
  table: string;
  stage: LeaseStage;
  holder: string;
  ttlSeconds: number;
  /**
   * A live lease's holder that the requester found dead (a process of its
   * own host that no longer runs): the store grants the lease over it, with
   * the next fencing token, only if that is still the holder and it names
   * the requester's host.
   */
  takeOverFrom?: string;
}

/** The host part of a holder name "HOST:PID"; undefined for a name of another form. */
export function leaseHolderHost(holder: string): string | undefined {
  const m = /^(.+):(\d+)$/.exec(holder);
  return m ? m[1] : undefined;
}

/** Whether `request` may take the lease over from its `current` holder, found dead on the requester's own host. */
export function takesOverDeadHolder(request: LeaseRequest, currentHolder: string): boolean {
  const host = leaseHolderHost(currentHolder);
  return (
    request.takeOverFrom === currentHolder && host !== undefined && host === leaseHolderHost(request.holder)
  );
}
