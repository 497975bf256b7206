import { EntityManager } from 'typeorm';
import { badInput, conflict, notFound } from '@tidemark/errors';
import { ManifestSummary, TableId, withSkipped } from '@tidemark/watermark-model';
import { ManifestEntity, ManifestStatus } from './entities/manifest.entity';
import { WatermarkEntity } from './entities/watermark.entity';
import { LeaseBook } from './lease-book';
import { toManifestSummary } from './manifest-registry';
import { now, WatermarkChanges } from './watermark-changes';

const MAX_REASON = 500;

/** The watermark's metadata keeps how many manifests (and their rows) are set aside. */
function countSkip(e: WatermarkEntity, manifests: number, rows: number): void {
  e.metadata = JSON.stringify(withSkipped(JSON.parse(e.metadata || '{}') as Record<string, unknown>, manifests, rows));
}

/**
 * `tidemark manifest skip|retry`: an operator sets a pending manifest that
 * cannot load aside (state `skipped`: loads pass it by) or puts it back.
 * Each is a watermark change, so the history records who did it, and the
 * watermark's metadata counts what is set aside.
 */
export class ManifestSkips {
  constructor(
    private readonly changes: WatermarkChanges,
    private readonly leases: LeaseBook,
  ) {}

  async skip(id: TableId, manifestId: string, reason: string, actor: string): Promise<ManifestSummary> {
    const why = reason.trim();
    if (why === '' || why.length > MAX_REASON) throw badInput(`give the reason for skipping in 1 to ${MAX_REASON} characters`);
    await this.notLoading(id);
    let row!: ManifestEntity;
    await this.changes.apply(id, 'manifest-skip', actor, async (e, m) => {
      row = await this.manifestIn(m, id, manifestId, 'pending', 'skipped');
      Object.assign(row, { status: 'skipped', skippedBy: actor, skipReason: why, skippedAt: now() });
      await m.getRepository(ManifestEntity).save(row);
      countSkip(e, 1, row.rowCount);
      // The load failed on this manifest: with it set aside, that failure no longer stands.
      if (e.loadStatus === 'failed' && e.loadError?.includes(manifestId)) {
        e.loadStatus = 'pending';
        e.loadError = null;
      }
    });
    return toManifestSummary(row);
  }

  async retry(id: TableId, manifestId: string, actor: string): Promise<ManifestSummary> {
    let row!: ManifestEntity;
    await this.changes.apply(id, 'manifest-retry', actor, async (e, m) => {
      row = await this.manifestIn(m, id, manifestId, 'skipped', 'retried');
      Object.assign(row, { status: 'pending', skippedBy: null, skipReason: null, skippedAt: null });
      await m.getRepository(ManifestEntity).save(row);
      countSkip(e, -1, -row.rowCount);
    });
    return toManifestSummary(row);
  }

  /** A running load holds the manifests it read: skipping one under it would be undone by its commit. */
  private async notLoading(id: TableId): Promise<void> {
    const lease = await this.leases.holder(id, 'load');
    if (lease) throw conflict(`a load of ${id.pipeline}/${id.table} is running (${lease.holder}): skip the manifest once it ends`);
  }

  private async manifestIn(m: EntityManager, id: TableId, manifestId: string, from: ManifestStatus, verb: string) {
    const row = await m.getRepository(ManifestEntity).findOneBy({ id: manifestId, pipeline: id.pipeline, tableKey: id.table });
    if (!row) {
      throw notFound(`no manifest ${manifestId} for ${id.pipeline} / ${id.table}: \`tidemark manifest list\` shows its manifests`);
    }
    if (row.status !== from) throw conflict(`manifest ${manifestId} of ${id.pipeline}/${id.table} is ${row.status}: only a ${from} manifest can be ${verb}`);
    return row;
  }
}
