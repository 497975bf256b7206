import { LeaseStage } from './lease';
import { TableId, WatermarkPort } from './watermark-port';

export const LEASE_TTL_SECONDS = 60;

/**
 * Runs `work` while holding the stage's lease, renewed at a third of its
 * time to live, and released at the end. A holder that loses its lease (a
 * pause longer than the TTL) finds out at its next commit, which its stale
 * fencing token makes fail.
 */
export async function withLease<T>(
  port: WatermarkPort,
  id: TableId,
  stage: LeaseStage,
  holder: string,
  work: (fencingToken: number) => Promise<T>,
  ttlSeconds = LEASE_TTL_SECONDS,
): Promise<T> {
  const lease = await port.acquireLease({ ...id, stage, holder, ttlSeconds });
  const renewal = setInterval(
    () => port.renewLease(lease, ttlSeconds).catch(() => clearInterval(renewal)),
    (ttlSeconds * 1000) / 3,
  );
  renewal.unref();
  try {
    return await work(lease.token);
  } finally {
    clearInterval(renewal);
    await port.releaseLease(lease).catch(() => undefined);
  }
}
