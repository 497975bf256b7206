import { StagingProgress } from '@tidemark/loading';
import { TableOutcome } from '@tidemark/sync';
import { formatCount } from './format';
import { TableProgress } from './table-progress';

/** `42s`, `3m05s`, `2h07m`. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** `1,234 of ~5,000 rows in 2 file(s) so far, 617 rows/s, ETA ~6s` (expected rows, rate and ETA when known). */
export function extractProgressText(t: TableProgress, now: number): string {
  const of = t.expectedRows === undefined || t.rows > t.expectedRows ? '' : ` of ~${formatCount(t.expectedRows)}`;
  const parts = [`${formatCount(t.rows)}${of} rows in ${t.files} file(s) so far`];
  const rate = t.rowsPerSecond(now);
  if (rate !== undefined) parts.push(`${formatCount(Math.round(rate))} rows/s`);
  const eta = t.etaSeconds(now);
  if (eta !== undefined) parts.push(`ETA ~${formatDuration(eta)}`);
  return parts.join(', ');
}

export const loadStartText = (t: TableProgress) =>
  `loading ${t.loadManifests} pending manifest(s) with ${formatCount(t.loadRows)} rows`;

/** `staged 3 of 12 manifest(s), 1,234 rows so far`. */
export const stagedText = (p: StagingProgress) =>
  `staged ${p.manifests} of ${p.of} manifest(s), ${formatCount(p.rows)} rows so far`;

/** stagedText for a table's load as the run's events told it. */
export const loadProgressText = (t: TableProgress) =>
  stagedText({ manifests: t.stagedManifests, of: t.loadManifests, rows: t.stagedRows });

/** What a table's line says while it runs. */
export function runningText(t: TableProgress, now: number): string {
  if (t.phase === 'extracting') {
    const loaded = t.loadedRows > 0 ? `; ${formatCount(t.loadedRows)} rows loaded` : '';
    return `extracting: ${extractProgressText(t, now)}${loaded}`;
  }
  if (t.phase === 'loading') {
    const staged = t.stagedManifests > 0 ? `, ${loadProgressText(t)}` : '';
    return `${loadStartText(t)}${staged}, ${formatDuration((now - (t.loadStartedAt ?? now)) / 1000)}`;
  }
  return t.phase;
}

/** `success: extracted 2 rows in 1 file(s), loaded 2 rows, 0.4 s` or `failed (load): why`. */
export function finishedText(o: TableOutcome): string {
  const moved: string[] = [];
  if (o.result?.extract)
    moved.push(`extracted ${formatCount(o.result.extract.rows)} rows in ${o.result.extract.files} file(s)`);
  if (o.result?.load) moved.push(`loaded ${formatCount(o.result.load.rowsStaged)} rows`);
  const seconds = `${(o.seconds ?? 0).toFixed(1)} s`;
  if (o.status === 'success') return `success: ${[...moved, seconds].join(', ')}`;
  if (o.status === 'skipped') return `skipped: ${o.error ?? 'not started'}`;
  return `failed (${o.failedStage ?? 'run'}) after ${seconds}: ${o.error}`;
}
