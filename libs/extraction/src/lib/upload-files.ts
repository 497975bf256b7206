import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { dataFileKey, ObjectStore, sha256File, TableLocation } from '@tidemark/object-store';
import { ManifestFile, ManifestLoadOrder } from '@tidemark/watermark-model';
import { RowFileWriter } from './row-file-writer';

/** Where a flush's files go: the table's location, the run and its work directory. */
export interface UploadTarget {
  store: ObjectStore;
  location: TableLocation;
  runId: string;
  startedAt: Date;
  workDir: string;
}

/** Writes the buffered rows as `parts` files numbered from `firstSeq`, each ending with `loadOrder`, and uploads them, in order. */
export async function uploadFiles(
  target: UploadTarget,
  writer: RowFileWriter,
  firstSeq: number,
  parts: number,
  loadOrder: ManifestLoadOrder,
): Promise<ManifestFile[]> {
  const { store, location, runId, startedAt, workDir } = target;
  const seqs = Array.from({ length: parts }, (_, i) => firstSeq + i);
  const paths = seqs.map((seq) => join(workDir, `${seq}.parquet`));
  const written = await writer.flushParts(paths, { name: loadOrder.column, value: loadOrder.value });
  const files: ManifestFile[] = [];
  for (const [i, { path, rows }] of written.entries()) {
    const key = dataFileKey(location, startedAt, runId, seqs[i]);
    const sha256 = await sha256File(path);
    const stored = await store.putFile(key, path);
    await rm(path, { force: true });
    files.push({ key, uri: store.uri(key), rows, bytes: stored.bytes, sha256 });
  }
  return files;
}
