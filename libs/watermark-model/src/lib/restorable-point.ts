import { ChainEntry, ChainOptions, oldestRestorablePoint, restoreChain } from './restore-chain';
import { HistoryEntry, ManifestSummary, WatermarkApi } from './watermark-api';
import { TableId } from './watermark-port';

/** How far back a table can be rebuilt from the object store, as the watermark store knows it. */
export interface RestorablePoint {
  /** The oldest time a restore can reach (a manifest's createdAt); null when none. */
  oldest: string | null;
  /** Whether a reload can rebuild the table's current state. */
  current: boolean;
  /** Manifests whose files `s3clean` deleted, oldest first. */
  filesCleaned: string[];
  /** How many manifests can be restored from (all but skipped ones). */
  manifests: number;
}

/** The times of the table's `resync` history entries: each starts a new chain. */
export function resyncTimes(history: HistoryEntry[]): string[] {
  return history.filter((h) => h.action === 'resync').map((h) => h.at);
}

export function chainOptionsOf(history: HistoryEntry[], appendMode: boolean): ChainOptions {
  return { appendMode, resyncs: resyncTimes(history) };
}

export function restorablePoint(manifests: ManifestSummary[], opts: ChainOptions): RestorablePoint {
  const entries: ChainEntry[] = manifests;
  const cleaned = manifests.filter((m) => m.filesDeletedAt).map((m) => m.id);
  const missing = new Set(cleaned);
  return {
    oldest: oldestRestorablePoint(entries, opts, missing),
    current: restoreChain(entries, opts).every((e) => !missing.has(e.id)),
    filesCleaned: cleaned,
    manifests: manifests.filter((m) => m.status !== 'skipped').length,
  };
}

/** Reads what `restorablePoint` needs from the watermark authority (no object-store listing). */
export async function readRestorablePoint(api: WatermarkApi, id: TableId, appendMode: boolean): Promise<RestorablePoint> {
  const [manifests, history] = await Promise.all([api.manifests(id), api.history(id)]);
  return restorablePoint(manifests, chainOptionsOf(history, appendMode));
}

const SHOWN_IDS = 3;

/** `2025-11-21T10:15:00.000Z`, or `none (files cleaned: m1, m2 and 3 more)`; a note when only the current state is lost. */
export function describeRestorablePoint(p: RestorablePoint): string {
  if (p.manifests === 0) return 'none (no manifests yet)';
  const shown = p.filesCleaned.slice(0, SHOWN_IDS).join(', ');
  const more = p.filesCleaned.length > SHOWN_IDS ? ` and ${p.filesCleaned.length - SHOWN_IDS} more` : '';
  const cleaned = `files cleaned: ${shown}${more}`;
  if (p.oldest === null) return `none (${cleaned})`;
  return p.current ? p.oldest : `${p.oldest} (the current state cannot be rebuilt: ${cleaned})`;
}
