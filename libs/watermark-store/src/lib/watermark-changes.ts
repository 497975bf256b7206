import { EntityManager, Repository } from 'typeorm';
import { TableId, Watermark } from '@tidemark/watermark-model';
import { HistoryEntity } from './entities/history.entity';
import { WatermarkEntity } from './entities/watermark.entity';
import { TransactionRunner } from './transaction-runner';
import { toWatermark } from './watermark-mapper';

export const now = () => new Date().toISOString();

export const NEW_WATERMARK: Partial<WatermarkEntity> = {
  extractCursorTs: null,
  extractCursorPk: null,
  extractStatus: 'pending',
  extractRows: 0,
  extractFiles: 0,
  extractLastRunAt: null,
  extractStrategy: 'hybrid',
  extractError: null,
  loadStatus: 'pending',
  loadRows: 0,
  loadManifests: 0,
  loadLastRunAt: null,
  loadError: null,
  backupStrategy: 'sequential',
  metadata: '{}',
};

export type Change = (e: WatermarkEntity, m: EntityManager) => Promise<void> | void;

/**
 * The one way a watermark row changes: in a transaction, row locked, and
 * recorded in the append-only history with the state before and after.
 */
export class WatermarkChanges {
  constructor(private readonly tx: TransactionRunner) {}

  apply(id: TableId, action: string, actor: string, change: Change): Promise<Watermark> {
    return this.tx.run((m) => this.applyIn(m, id, action, actor, change));
  }

  async applyIn(m: EntityManager, id: TableId, action: string, actor: string, change: Change): Promise<Watermark> {
    const repo = m.getRepository(WatermarkEntity);
    const where = { pipeline: id.pipeline, tableKey: id.table };
    const locked = () => repo.findOne({ where, lock: this.tx.writeLock });
    const existing = await locked();
    if (!existing) {
      // Concurrent first commits on one table must not race to INSERT the
      // same row: create it if absent, then lock whatever row is there.
      const fresh = { ...NEW_WATERMARK, ...where, createdAt: now(), updatedAt: now(), version: 1 };
      await repo.createQueryBuilder().insert().values(fresh).orIgnore().execute();
    }
    const e = existing ?? ((await locked()) as WatermarkEntity);
    const before = existing ? JSON.stringify(toWatermark(e)) : null;
    const read = { ...e };
    await change(e, m);
    e.updatedAt = now();
    await updateChanged(repo, where, read, e);
    const after = toWatermark(e);
    await m.getRepository(HistoryEntity).insert({
      pipeline: id.pipeline,
      tableKey: id.table,
      action,
      actor,
      at: e.updatedAt,
      before,
      after: JSON.stringify(after),
    });
    return after;
  }
}

/**
 * Writes the columns `change` set, by the row's key: one UPDATE (which also
 * moves the version). TypeORM's `save` would first read the row again to
 * find them; the row is already read and locked here.
 */
async function updateChanged(
  repo: Repository<WatermarkEntity>,
  where: Pick<WatermarkEntity, 'pipeline' | 'tableKey'>,
  read: WatermarkEntity,
  e: WatermarkEntity,
): Promise<void> {
  const changed = Object.fromEntries(
    (Object.keys(e) as (keyof WatermarkEntity)[]).filter((k) => k !== 'version' && e[k] !== read[k]).map((k) => [k, e[k]]),
  );
  await repo.update(where, changed);
  e.version += 1;
}
