import { shiftSeconds } from '@tidemark/watermark-model';
import { oneTickBefore, truncateToPrecision } from './cursor-precision';

/**
 * What the source said about time when a run started. `openWrites` is
 * null when the source user cannot see other sessions' transactions
 * (no PROCESS privilege).
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
  } | null;
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
