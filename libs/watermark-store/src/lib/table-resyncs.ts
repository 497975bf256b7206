import { EntityManager, In } from 'typeorm';
import { RESYNC_ACTION, TableId, TableResync, withSkipped } from '@tidemark/watermark-model';
import { ManifestEntity } from './entities/manifest.entity';
import { WatermarkEntity } from './entities/watermark.entity';
import { LeaseBook } from './lease-book';
import { TransactionRunner } from './transaction-runner';
import { WatermarkChanges } from './watermark-changes';
import { resetStage } from './watermark-edits';
import { toWatermark } from './watermark-mapper';

/** Every manifest that could still load, or did: after a resync they are history. */
const LIVE_STATUSES = ['pending', 'loaded', 'skipped'] as const;

/**
 * `tidemark resync`, on the store's side: a table started over in one
 * transaction, so a crash leaves it either as it was or fully started over.
 * The target itself is replaced later, inside the rebuild load's own
 * warehouse transaction (the flag set here asks for it).
 */
export class TableResyncs {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly changes: WatermarkChanges,
    private readonly leases: LeaseBook,
  ) {}

  resync(id: TableId, actor: string): Promise<TableResync> {
    return this.tx.run(async (m) => {
      let before: TableResync['before'] = null;
      let superseded: TableResync['superseded'] = { manifests: 0, rows: 0 };
      const after = await this.changes.applyIn(m, id, RESYNC_ACTION, actor, async (e, em) => {
        // Checked with the watermark row locked, in the order a commit locks them (watermark, then lease).
        await this.leases.revokeIdle(em, id, 'extract', 'resync');
        await this.leases.revokeIdle(em, id, 'load', 'resync');
        before = toWatermark(e);
        superseded = await this.supersedeAll(em, id, e);
        resetStage(e, 'all');
        e.loadRebuild = true;
      });
      return { before, after, superseded };
    });
  }

  private async supersedeAll(m: EntityManager, id: TableId, e: WatermarkEntity): Promise<TableResync['superseded']> {
    const repo = m.getRepository(ManifestEntity);
    const where = { pipeline: id.pipeline, tableKey: id.table, status: In([...LIVE_STATUSES]) };
    // No commit can register a manifest meanwhile: it would need the watermark row this change holds.
    const live = await repo.find({ where, select: { id: true, status: true, rowCount: true } });
    if (live.length === 0) return { manifests: 0, rows: 0 };
    const skipped = live.filter((row) => row.status === 'skipped');
    await repo.update(where, { status: 'superseded' });
    // Superseded skips are no longer set aside: the table's skipped counts drop them.
    const skippedRows = skipped.reduce((n, row) => n + row.rowCount, 0);
    e.metadata = JSON.stringify(
      withSkipped(JSON.parse(e.metadata || '{}') as Record<string, unknown>, -skipped.length, -skippedRows),
    );
    return { manifests: live.length, rows: live.reduce((n, row) => n + row.rowCount, 0) };
  }
}
