import { WatermarkApi } from '@tidemark/watermark-model';
import { CleanupDecision } from './cleanup-decision';
import { RegisteredTable } from './restore-needs';

/**
 * Deletes the objects one by one and records in the watermark store every
 * manifest that lost one, per watermark that registered it — also when a
 * delete fails half-way, so the store never believes a manifest whole that
 * is not.
 */
export async function recordDeletions(
  watermarks: WatermarkApi,
  pipeline: string,
  registered: RegisteredTable[],
  objects: CleanupDecision[],
  actor: string,
  remove: (o: CleanupDecision) => Promise<void>,
): Promise<void> {
  const touched = new Set<string>();
  try {
    for (const o of objects) {
      // Counted before the delete: one that fails may still have removed the object.
      if (o.manifestId !== null) touched.add(o.manifestId);
      await remove(o);
    }
  } finally {
    for (const { table, manifests } of registered) {
      const ids = manifests.filter((m) => touched.has(m.id)).map((m) => m.id);
      if (ids.length > 0) await watermarks.markFilesDeleted({ pipeline, table }, ids, actor);
    }
  }
}
