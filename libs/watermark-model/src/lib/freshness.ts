import { Cursor } from './cursor';
import { millisFromCanonical } from './cursor-timestamp';
import { SourceCommitTimes } from './manifest';
import { ManifestSummary } from './watermark-api';

/**
 * Seconds from the oldest source commit a manifest's rows stand for to
 * `queryableAt` (ADR 0043): its binlog commit times when it has them, else
 * its min cursor timestamp (a cursor table's rows carry their commit time
 * in the cursor column). The oldest row, so every row of the manifest was
 * queryable within this. Null for key-only strategies, which know no time;
 * never negative (a future-dated row counts 0).
 */
export function freshnessSeconds(
  m: { minCursor: Cursor; sourceCommitTimes?: SourceCommitTimes },
  queryableAt: number,
): number | null {
  const oldest = m.sourceCommitTimes
    ? Date.parse(m.sourceCommitTimes.oldest)
    : m.minCursor.timestamp
      ? millisFromCanonical(m.minCursor.timestamp)
      : NaN;
  return Number.isFinite(oldest) ? Math.max(0, (queryableAt - oldest) / 1000) : null;
}

/** A table's freshness over its recent loads, as `status --lag` and the dashboard show it. */
export interface FreshnessSummary {
  /** The most recently loaded manifest's. */
  lastSeconds: number;
  /** When that manifest was loaded (ISO). */
  lastLoadedAt: string;
  /** Over the manifests loaded in the window (nearest rank); null when none was. */
  p50Seconds: number | null;
  p99Seconds: number | null;
  loads: number;
  windowSeconds: number;
}

/** How far back `summarizeFreshness` looks unless told. */
export const FRESHNESS_WINDOW_SECONDS = 3600;

const nearestRank = (sorted: number[], p: number) => sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)];

/**
 * Freshness of the loaded manifests, each measured at its `loadedAt` (the
 * load's report, right after the warehouse commit); null when none was
 * loaded or none knows a time.
 */
export function summarizeFreshness(
  manifests: ManifestSummary[],
  now: number,
  windowSeconds = FRESHNESS_WINDOW_SECONDS,
): FreshnessSummary | null {
  const measured = manifests.flatMap((m) => {
    const at = m.status === 'loaded' && m.loadedAt && m.rows > 0 ? Date.parse(m.loadedAt) : NaN;
    const seconds = Number.isFinite(at) ? freshnessSeconds(m, at) : null;
    return seconds === null ? [] : [{ at, loadedAt: m.loadedAt as string, seconds }];
  });
  if (measured.length === 0) return null;
  const last = measured.reduce((a, b) => (b.at > a.at ? b : a));
  const recent = measured
    .filter((m) => m.at >= now - windowSeconds * 1000)
    .map((m) => m.seconds)
    .sort((a, b) => a - b);
  return {
    lastSeconds: last.seconds,
    lastLoadedAt: last.loadedAt,
    p50Seconds: recent.length ? nearestRank(recent, 0.5) : null,
    p99Seconds: recent.length ? nearestRank(recent, 0.99) : null,
    loads: recent.length,
    windowSeconds,
  };
}
