import { In } from 'typeorm';
import { badInput, notFound } from '@tidemark/errors';
import { TableId } from '@tidemark/watermark-model';
import { ManifestEntity } from './entities/manifest.entity';
import { now, WatermarkChanges } from './watermark-changes';

/**
 * `s3clean` records which manifests it took objects from: restores then
 * know what they can still load from the store alone, without listing the
 * bucket. A watermark change, so the history says who deleted and when.
 */
export class ManifestFileDeletions {
  constructor(private readonly changes: WatermarkChanges) {}

  async mark(id: TableId, manifestIds: string[], actor: string): Promise<void> {
    const wanted = [...new Set(manifestIds)];
    if (wanted.length === 0) return;
    if (wanted.some((m) => typeof m !== 'string' || m === '')) throw badInput('manifest ids must be non-empty strings');
    await this.changes.apply(id, 'files-deleted', actor, async (_e, m) => {
      const repo = m.getRepository(ManifestEntity);
      const rows = await repo.findBy({ id: In(wanted), pipeline: id.pipeline, tableKey: id.table });
      const unknown = wanted.filter((w) => !rows.some((r) => r.id === w));
      if (unknown.length > 0) {
        throw notFound(
          `no manifest ${unknown.join(', ')} for ${id.pipeline} / ${id.table}: \`tidemark manifest list\` shows its manifests`,
        );
      }
      const at = now();
      // The first deletion is the one that broke restores: a later clean of the same manifest keeps its time.
      for (const r of rows.filter((row) => row.filesDeletedAt === null)) await repo.update({ id: r.id }, { filesDeletedAt: at });
    });
  }
}
