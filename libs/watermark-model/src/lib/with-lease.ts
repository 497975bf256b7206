import { LeaseStage } from './lease';
import { TableId, WatermarkPort } from './watermark-port';

export const LEASE_TTL_SECONDS = 60;
/**
 * How long work may show no progress before its lease is no longer
 * renewed. Above every timeout a step can wait on (the source's and the
 * warehouse's read-idle rules, five minutes by default, plus a probe), so
 * live work is never left without a lease; a run stuck where no timeout
 * reaches loses its table to the next run one TTL later.
 */
export const LEASE_STUCK_SECONDS = 15 * 60;

/**
 * The stuck time for work whose longest silent wait (a read-idle timeout
 * plus a liveness check) is `longestWaitSeconds`: twice that, and never
 * below LEASE_STUCK_SECONDS, so a raised timeout never costs a live run its lease.
 */
export function leaseStuckSeconds(longestWaitSeconds: number): number {
  return Math.max(LEASE_STUCK_SECONDS, 2 * longestWaitSeconds);
}

/** Called by leased work whenever it moves (a batch read, a statement done). */
export type Progress = () => void;

export interface LeaseTiming {
  ttlSeconds?: number;
  stuckSeconds?: number;
}

/**
 * Runs `work` while holding the stage's lease, renewed at a third of its
 * time to live while the work signals progress, and released at the end.
 * Work that signalled nothing for `stuckSeconds` is stuck: its lease is no
 * longer renewed and expires, so other runs of the table are not refused
 * forever. A holder that loses its lease finds out at its next commit,
 * which its stale fencing token makes fail.
 */
export async function withLease<T>(
  port: WatermarkPort,
  id: TableId,
  stage: LeaseStage,
  holder: string,
  work: (fencingToken: number, progress: Progress) => Promise<T>,
  timing: number | LeaseTiming = {},
): Promise<T> {
  const { ttlSeconds = LEASE_TTL_SECONDS, stuckSeconds = LEASE_STUCK_SECONDS } =
    typeof timing === 'number' ? { ttlSeconds: timing } : timing;
  const lease = await port.acquireLease({ ...id, stage, holder, ttlSeconds });
  let lastProgress = Date.now();
  const progress: Progress = () => (lastProgress = Date.now());
  const renewal = setInterval(() => {
    if (Date.now() - lastProgress > stuckSeconds * 1000) return clearInterval(renewal);
    port.renewLease(lease, ttlSeconds).catch(() => clearInterval(renewal));
  }, (ttlSeconds * 1000) / 3);
  renewal.unref();
  try {
    return await work(lease.token, progress);
  } finally {
    clearInterval(renewal);
    await port.releaseLease(lease).catch(() => undefined);
  }
}
