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
}
