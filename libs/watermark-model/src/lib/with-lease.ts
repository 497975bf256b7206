import { TidemarkError } from '@tidemark/errors';
import { HeldLease, LeaseRequest, LeaseStage } from './lease';
import { CommitRelease, TableId, WatermarkPort } from './watermark-port';

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

/**
 * Leased work's way to end its lease with its last commit: the store
 * releases it in the commit's transaction (CommitRelease), one request fewer.
 */
export interface LeaseEnd {
  /**
   * Sends the last commit, given the release to put in it. Renewals stop
   * first (one in flight is awaited, so it cannot land after the release);
   * once the commit succeeded the lease is not released again. A commit that
   * fails released nothing: the lease is released at the end as before.
   */
  commit<T>(send: (release: CommitRelease) => Promise<T>): Promise<T>;
  /** Whether a commit sent through `commit` succeeded, releasing the lease. */
  readonly released: boolean;
}

export interface LeaseTiming {
  ttlSeconds?: number;
  stuckSeconds?: number;
  /** Whether a live lease's holder is known dead (a crashed process of this host): its lease is then taken over at once. */
  isDeadHolder?: (holder: string) => boolean;
}

/**
 * The lease, or, while another holder's is live: taken over through the
 * store when that holder is known dead, else refused with when it frees.
 */
async function acquire(port: WatermarkPort, request: LeaseRequest, isDeadHolder: (holder: string) => boolean): Promise<HeldLease> {
  try {
    return await port.acquireLease(request);
  } catch (error) {
    if (!(error instanceof TidemarkError) || error.code !== 'CONFLICT') throw error;
    const current = await port.leaseHolder(request, request.stage);
    // Expired or released since: ask once more.
    if (current === null) return port.acquireLease(request);
    if (isDeadHolder(current.holder)) return port.acquireLease({ ...request, takeOverFrom: current.holder });
    throw new TidemarkError('CONFLICT', `${error.message}${untilFree(current.expiresAt)}`);
  }
}

/** How long a refused run would have had to wait, and why: the lease outlives its holder by up to a TTL. */
function untilFree(expiresAt: string): string {
  const seconds = Math.max(1, Math.ceil((Date.parse(expiresAt) - Date.now()) / 1000));
  return (
    ` (free in ${seconds} s at most: a holder not known to be dead keeps the table while it renews its lease;` +
    ' run again once that run ends, or once its lease expires if it died on another host)'
  );
}

/**
 * Runs `work` while holding the stage's lease, renewed at a third of its
 * time to live while the work signals progress, and released at the end
 * (or by the work's last commit, through `end`).
 * Work that signalled nothing for `stuckSeconds` is stuck: its lease is no
 * longer renewed and expires, so other runs of the table are not refused
 * forever. A renewal that fails (refused: another holder took the lease;
 * or unanswered: it may be gone) and a renewal given up on a stuck run
 * abort `signal`, its reason a "lease lost" error naming the table: work
 * that writes outside the watermark store (the loader) stops there. Its
 * stale fencing token also makes its commit to the store fail.
 */
export async function withLease<T>(
  port: WatermarkPort,
  id: TableId,
  stage: LeaseStage,
  holder: string,
  work: (fencingToken: number, progress: Progress, signal: AbortSignal, end: LeaseEnd) => Promise<T>,
  timing: number | LeaseTiming = {},
): Promise<T> {
  const { ttlSeconds = LEASE_TTL_SECONDS, stuckSeconds = LEASE_STUCK_SECONDS, isDeadHolder = () => false } =
    typeof timing === 'number' ? { ttlSeconds: timing } : timing;
  const lease = await acquire(port, { ...id, stage, holder, ttlSeconds }, isDeadHolder);
  const lost = new AbortController();
  const stop = (why: string) => {
    clearInterval(renewal);
    lost.abort(
      new TidemarkError(
        'CONFLICT',
        `lease lost: the ${stage} lease of ${id.table} of pipeline ${id.pipeline} (token ${lease.token}) ${why}; nothing was committed`,
      ),
    );
  };
  let lastProgress = Date.now();
  const progress: Progress = () => (lastProgress = Date.now());
  let renewing: Promise<unknown> = Promise.resolve();
  const renewal = setInterval(() => {
    if (Date.now() - lastProgress > stuckSeconds * 1000) {
      return stop(`was no longer renewed: the work showed no progress for ${stuckSeconds} s`);
    }
    renewing = port.renewLease(lease, ttlSeconds).catch((error: Error) => stop(`could not be renewed (${error.message})`));
  }, (ttlSeconds * 1000) / 3);
  renewal.unref();
  /** Renewals stopped, and none still on its way to the store. */
  const renewalsDone = () => {
    clearInterval(renewal);
    return renewing;
  };
  const end = {
    released: false,
    async commit<R>(send: (release: CommitRelease) => Promise<R>): Promise<R> {
      await renewalsDone();
      const done = await send({ secret: lease.secret });
      end.released = true;
      return done;
    },
  };
  try {
    return await work(lease.token, progress, lost.signal, end);
  } finally {
    await renewalsDone();
    if (!end.released) await port.releaseLease(lease).catch(() => undefined);
  }
}
