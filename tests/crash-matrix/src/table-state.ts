import { EMPTY_CURSOR, Manifest, Watermark } from '@tidemark/watermark-model';
import { plural } from './crash-matrix.fixture';

export interface RegisteredManifest {
  status: string;
  body: Manifest;
}

/** One table after a run: its watermark, manifests and leases, its Parquet objects, the warehouse ledger and target. */
export interface TableState {
  loadMode: 'append' | 'merge';
  watermark: Watermark | null;
  manifests: RegisteredManifest[];
  /** The table's lease of each stage that ever had one; `live` until it expires or is released. */
  leases: { stage: string; token: number; live: boolean }[];
  /** Every Parquet object under the table's prefix, by key, with its size. */
  parquet: Map<string, number>;
  /** Ledger rows of the table: manifest id → rows. */
  ledger: Map<string, number>;
  /**
   * Target rows, grouped by the manifest that loaded them (append mode
   * records it; null in merge mode); null before the first load.
   */
  target: { rows: number; rowsByManifest: Map<string, number> | null } | null;
}

export interface Digest {
  count: number;
  sha256: string;
}

/** Stages whose lease is live. */
export const liveLeases = (s: TableState): string[] => s.leases.filter((l) => l.live).map((l) => l.stage);

const sum = (list: RegisteredManifest[], f: (m: Manifest) => number) => list.reduce((n, m) => n + f(m.body), 0);

function extractSide(s: TableState): string[] {
  const problems: string[] = [];
  for (const { body } of s.manifests) {
    for (const f of body.files) {
      const stored = s.parquet.get(f.key);
      if (stored !== f.bytes)
        problems.push(`manifest ${body.id} registers ${f.key} (${f.bytes} B), S3 holds ${stored ?? 'nothing'}`);
    }
  }
  // Manifest ids start with their run id, which starts with the run's start time.
  const newest = [...s.manifests].sort((a, b) => a.body.id.localeCompare(b.body.id)).at(-1);
  const cursor = JSON.stringify(s.watermark?.extract.cursor ?? EMPTY_CURSOR);
  const expected = JSON.stringify(newest?.body.maxCursor ?? EMPTY_CURSOR);
  if (cursor !== expected) problems.push(`extract cursor ${cursor} is not the newest manifest's end ${expected}`);
  const extract = s.watermark?.extract;
  const rows = sum(s.manifests, (m) => m.rowCount);
  const files = sum(s.manifests, (m) => m.files.length);
  if ((extract?.rowsExtracted ?? 0) !== rows)
    problems.push(`extract rows recorded ${extract?.rowsExtracted}, manifests hold ${rows}`);
  if ((extract?.filesCreated ?? 0) !== files)
    problems.push(`extract files recorded ${extract?.filesCreated}, manifests hold ${files}`);
  return problems;
}

function loadSide(s: TableState): string[] {
  const problems: string[] = [];
  const registered = new Map(s.manifests.map((m) => [m.body.id, m]));
  const loaded = s.manifests.filter((m) => m.status === 'loaded');
  const load = s.watermark?.load;
  const rows = sum(loaded, (m) => m.rowCount);
  if ((load?.rowsLoaded ?? 0) !== rows)
    problems.push(`load rows recorded ${load?.rowsLoaded}, loaded manifests hold ${rows}`);
  if ((load?.manifestsLoaded ?? 0) !== loaded.length) {
    problems.push(`load manifests recorded ${load?.manifestsLoaded}, ${loaded.length} marked loaded`);
  }
  for (const m of loaded)
    if (!s.ledger.has(m.body.id)) problems.push(`manifest ${m.body.id} is marked loaded but not in the ledger`);
  for (const [id, count] of s.ledger) {
    const manifest = registered.get(id);
    if (!manifest) problems.push(`ledger holds ${id}, which the watermark store never registered`);
    else if (manifest.body.rowCount !== count)
      problems.push(`ledger says ${id} has ${count} rows, its manifest ${manifest.body.rowCount}`);
    const byManifest = s.target?.rowsByManifest;
    if (byManifest === null) continue; // merge mode: a manifest's rows may have been replaced by newer ones
    const inTarget = byManifest?.get(id) ?? 0;
    if (inTarget !== count) problems.push(`target holds ${inTarget} rows of ${id}, the ledger ${count}`);
  }
  for (const [id, count] of s.target?.rowsByManifest ?? []) {
    if (!s.ledger.has(id)) problems.push(`target holds ${count} rows of ${id}, which is not in the ledger`);
  }
  return problems;
}

/**
 * What no failure may leave, whatever step it hit: a registered manifest
 * whose files are not all in S3, a cursor ahead of (or behind) the newest
 * registered manifest, counts that disagree with the manifests, a load
 * that is partly in the target, or a ledger entry the store never issued.
 */
export function halfCommitted(s: TableState): string[] {
  return [...extractSide(s), ...loadSide(s)];
}

/**
 * After a clean re-run: nothing half committed, nothing pending, every
 * manifest in the ledger once, each source row extracted once, and the
 * target equal to the source row by row.
 */
export function notConverged(s: TableState, source: Digest, target: Digest): string[] {
  const problems = halfCommitted(s);
  if (target.count !== source.count || target.sha256 !== source.sha256) {
    problems.push(
      `target has ${target.count} rows (sha256 ${target.sha256.slice(0, 12)}), source ${source.count} (${source.sha256.slice(0, 12)})`,
    );
  }
  const pending = s.manifests.filter((m) => m.status === 'pending');
  if (pending.length > 0) problems.push(`${pending.length} manifest(s) still pending`);
  const notInLedger = s.manifests.filter((m) => !s.ledger.has(m.body.id));
  if (notInLedger.length > 0) problems.push(`${notInLedger.length} registered manifest(s) never loaded`);
  // In append mode the source only grew: each row was extracted and loaded exactly once. In merge
  // mode updated rows are extracted again; the counts are checked against the manifests above.
  if (s.loadMode === 'append' && s.watermark?.extract.rowsExtracted !== source.count) {
    problems.push(`${s.watermark?.extract.rowsExtracted} rows extracted for ${source.count} source rows`);
  }
  if (s.loadMode === 'append' && s.watermark?.load.rowsLoaded !== s.target?.rows) {
    problems.push(`load rows recorded ${s.watermark?.load.rowsLoaded}, target holds ${s.target?.rows}`);
  }
  const held = liveLeases(s);
  if (held.length > 0) problems.push(`the ${held.join(' and ')} lease is still held`);
  return problems;
}

/** Parquet objects no registered manifest names: left by a run that died before its commit; never loaded. */
export function orphanFiles(s: TableState): number {
  const registered = new Set(s.manifests.flatMap((m) => m.body.files.map((f) => f.key)));
  return [...s.parquet.keys()].filter((k) => !registered.has(k)).length;
}

/** e.g. `2 manifests committed, 0 loaded, 1 orphan file, extract lease held`. */
export function describeLeftBehind(s: TableState): string {
  const loaded = s.manifests.filter((m) => m.status === 'loaded').length;
  const unreported = s.ledger.size - loaded;
  const parts = [`${plural(s.manifests.length, 'manifest')} committed, ${loaded} loaded`];
  if (unreported > 0) parts.push(`${unreported} in the ledger but unreported`);
  const orphans = orphanFiles(s);
  if (orphans > 0) parts.push(`${plural(orphans, 'orphan file')}`);
  const held = liveLeases(s);
  if (held.length > 0) parts.push(`${held.join(' + ')} lease held`);
  return parts.join(', ');
}

/**
 * What the warehouse ledger holds of the table's manifests: whether they are
 * the oldest ones (a load takes the oldest pending first, also while the
 * extract still commits more: ADR 0036) and the rows they hold.
 */
export function ledgerHoldsOldest(s: TableState): { manifests: number; oldestFirst: boolean; rows: number } {
  const inOrder = [...s.manifests].sort((a, b) => a.body.id.localeCompare(b.body.id));
  const held = inOrder.filter((m) => s.ledger.has(m.body.id));
  return {
    manifests: s.ledger.size,
    oldestFirst: held.length === s.ledger.size && held.every((m, i) => m === inOrder[i]),
    rows: held.reduce((n, m) => n + m.body.rowCount, 0),
  };
}
