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

export interface LeaseRequest {
  pipeline: string;
  table: string;
  stage: LeaseStage;
  holder: string;
  ttlSeconds: number;
}
