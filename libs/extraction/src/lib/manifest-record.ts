import { KeysetTable } from '@tidemark/cdc';
import { faultPoint } from '@tidemark/fault-injection';
import { manifestKey, ObjectStore, TableLocation } from '@tidemark/object-store';
import { schemaFingerprint } from '@tidemark/schema';
import {
  Cursor,
  Manifest,
  ManifestChanges,
  ManifestFile,
  ManifestLoadOrder,
  SourceCommitTimes,
  ExtractSummary,
  LeaseEnd,
  WatermarkPort,
} from '@tidemark/watermark-model';

/** The table and lease a manifest is recorded for. */
export interface ManifestOwner {
  pipeline: string;
  tableKey: string;
  location: TableLocation;
  fencingToken: number;
  strategy: string;
  keyset: KeysetTable;
}

/** What one flush of an extraction run wrote. */
export interface ManifestBatch {
  runId: string;
  startedAt: Date;
  sequence: number;
  files: ManifestFile[];
  minCursor: Cursor;
  maxCursor: Cursor;
  loadOrder: ManifestLoadOrder;
  /** Binlog tables: the change columns of the files, and the source commit times of their rows. */
  changes?: ManifestChanges;
  sourceCommitTimes?: SourceCommitTimes;
}

/** A run's last commit: it ends the lease and marks the run succeeded with `summary`, in one store transaction. */
export interface RunEnding {
  end: LeaseEnd;
  summary: ExtractSummary;
}

/**
 * The one place a manifest is made and recorded. It is built once; its JSON
 * goes beside its files first (the copy that outlives the watermark store,
 * for rebuilding a table from the bucket), then the store registers it and
 * moves the cursor in one commit. The store's row is what loads read; the
 * Redshift COPY manifest a load writes is load input derived from it.
 */
export async function recordManifest(
  store: ObjectStore,
  watermarks: WatermarkPort,
  owner: ManifestOwner,
  batch: ManifestBatch,
  ending?: RunEnding,
): Promise<Manifest> {
  const { keyset } = owner;
  const { files } = batch;
  const manifest: Manifest = {
    version: 1,
    id: `${batch.runId}-${String(batch.sequence).padStart(5, '0')}`,
    pipeline: owner.pipeline,
    table: owner.tableKey,
    runId: batch.runId,
    sequence: batch.sequence,
    createdAt: new Date().toISOString(),
    strategy: owner.strategy,
    cursorColumn: keyset.cursorColumn?.name ?? null,
    primaryKey: keyset.keyColumns.map((k) => k.name),
    columns: keyset.columns,
    loadOrder: batch.loadOrder,
    schemaFingerprint: schemaFingerprint(keyset.columns),
    files,
    rowCount: files.reduce((n, f) => n + f.rows, 0),
    byteCount: files.reduce((n, f) => n + f.bytes, 0),
    minCursor: batch.minCursor,
    maxCursor: batch.maxCursor,
    ...(batch.changes ? { changes: batch.changes } : {}),
    ...(batch.sourceCommitTimes ? { sourceCommitTimes: batch.sourceCommitTimes } : {}),
  };
  await store.putBytes(manifestKey(owner.location, batch.startedAt, manifest.id), JSON.stringify(manifest, null, 2));
  await faultPoint('extract:after-manifest');
  const commit = { pipeline: owner.pipeline, table: owner.tableKey, manifest, fencingToken: owner.fencingToken };
  await (ending
    ? ending.end.commit((release) => watermarks.commitExtract({ ...commit, release, summary: ending.summary }))
    : watermarks.commitExtract(commit));
  await faultPoint('extract:after-commit');
  return manifest;
}
