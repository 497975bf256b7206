import { badInput } from '@tidemark/errors';
import { leaseHolderHost } from '@tidemark/watermark-model';
import { hostname } from 'node:os';

/** Who holds a lease: host and process, so an operator can find it. */
export function leaseHolderName(): string {
  return `${hostname()}:${process.pid}`;
}

/**
 * `TIDEMARK_LEASE_TTL_SECONDS`: how long a table stays locked after its
 * holder died without releasing it (default 60). Shorter means a crashed
 * run is retried sooner; it must stay well above the longest pause of a
 * live holder, which renews at a third of it.
 */
export function leaseTtlSeconds(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const raw = env['TIDEMARK_LEASE_TTL_SECONDS'];
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 3 || n > 3600) {
    throw badInput(`TIDEMARK_LEASE_TTL_SECONDS must be a whole number of seconds from 3 to 3600, got "${raw}"`);
  }
  return n;
}

/**
 * Whether a lease holder named by `leaseHolderName` is a process of this
 * host that no longer runs (it crashed or was killed): its lease can be taken
 * over at once instead of waiting for it to expire. A holder on another host,
 * or a pid that runs (even a reused one), is never taken for dead.
 */
export function isDeadLocalHolder(holder: string, host: string = hostname()): boolean {
  if (leaseHolderHost(holder) !== host) return false;
  const pid = Number(holder.slice(holder.lastIndexOf(':') + 1));
  if (!Number.isSafeInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    // EPERM: it runs, under another user.
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
