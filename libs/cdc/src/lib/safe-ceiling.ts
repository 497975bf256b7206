import { shiftSeconds } from '@tidemark/watermark-model';
import { oneTickBefore, truncateToPrecision } from './cursor-precision';

/** The connection whose write holds the ceiling back most, as the source names it. */
export interface OpenWrite {
  /** The source's thread (connection) id, what `SHOW PROCESSLIST` and `KILL` take; null for a transaction no connection owns (recovered, XA prepared). */
  thread: number | null;
  user: string | null;
  host: string | null;
  /** The connection's default database, which need not be the one it writes. */
  database: string | null;
  /** A transaction that has written and not committed, or a writing statement still running. */
  kind: 'transaction' | 'statement';
  /** The statement's text, for `statement`. */
  statement?: string;
}

/**
 * What the source said about time when a run started. `openWrites` is
 * null when the open transactions could not be seen: the source user
 * lacks the PROCESS privilege, or InnoDB cut its list short.
 */
export interface SourceClock {
  /** The source's current time, canonical UTC. */
  now: string;
  openWrites: {
    /**
     * Whole seconds since the oldest moment a statement that may still
     * commit a write began: an open transaction that has written, or a
     * writing statement still running. Null: none.
     */
    oldestAgeSeconds: number | null;
    /** Who that write belongs to, when the source said. */
    oldest?: OpenWrite;
  } | null;
  /** Why `openWrites` is null. */
  unseenBecause?: 'no-privilege' | 'incomplete-list';
}

export interface CeilingRule {
  /** Fractional digits of the cursor column. */
  precision: number;
  /** Configured extra delay (`lagSeconds`); default 0. */
  lagSeconds?: number;
  /** The delay used instead of the open-transaction check when the source hides transactions. */
  fallbackLagSeconds: number;
}

export type CeilingLimit = 'clock' | 'open-write' | 'fallback-lag';

export interface SafeCeiling {
  /** Canonical UTC: no row may later appear with a cursor at or below it. */
  notAfter: string;
  /** What held it back most. */
  limitedBy: CeilingLimit;
}

/**
 * The newest cursor value a run may read up to under live writes. A
 * statement that has not started yet writes at least the source's current
 * time, cut to the column's precision, so the ceiling is one tick before
 * that; a transaction or statement already under way can still commit a
 * value from when it began, so the ceiling also stays before the oldest of
 * them; `lagSeconds` moves it back further.
 */
export function safeCeiling(clock: SourceClock, rule: CeilingRule): SafeCeiling {
  let limitedBy: CeilingLimit = 'clock';
  let instant = clock.now;
  if (clock.openWrites === null) {
    instant = shiftSeconds(clock.now, -rule.fallbackLagSeconds);
    limitedBy = 'fallback-lag';
  } else if (clock.openWrites.oldestAgeSeconds !== null) {
    instant = shiftSeconds(clock.now, -clock.openWrites.oldestAgeSeconds);
    limitedBy = 'open-write';
  }
  if (rule.lagSeconds) instant = shiftSeconds(instant, -rule.lagSeconds);
  return { notAfter: oneTickBefore(truncateToPrecision(instant, rule.precision), rule.precision), limitedBy };
}
