import { EntityManager } from 'typeorm';
import { TableId, Watermark } from '@tidemark/watermark-model';
import { HistoryEntity } from './entities/history.entity';
import { WatermarkEntity } from './entities/watermark.entity';
import { KeyedRows } from './keyed-rows';
import { lockOrCreate } from './lock-or-create';
import { TransactionRunner } from './transaction-runner';
import { toWatermark } from './watermark-mapper';

export const now = () => new Date().toISOString();

export const NEW_WATERMARK: Partial<WatermarkEntity> = {
  extractCursorTs: null,
  extractCursorPk: null,
  extractCursorBinlog: null,
  extractCursorKeyScan: null,
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
  private readonly rows: KeyedRows<WatermarkEntity>;
  private readonly history: KeyedRows<HistoryEntity>;

  constructor(private readonly tx: TransactionRunner) {
    this.rows = new KeyedRows(tx.dataSource, WatermarkEntity);
    this.history = new KeyedRows(tx.dataSource, HistoryEntity);
  }

  apply(id: TableId, action: string, actor: string, change: Change): Promise<Watermark> {
    return this.tx.run((m) => this.applyIn(m, id, action, actor, change));
  }

  async applyIn(m: EntityManager, id: TableId, action: string, actor: string, change: Change): Promise<Watermark> {
    const repo = m.getRepository(WatermarkEntity);
    const where = { pipeline: id.pipeline, tableKey: id.table };
    const fresh = { ...NEW_WATERMARK, ...where, createdAt: now(), updatedAt: now(), version: 1 };
    const { row: e, created: isNew } = await lockOrCreate(
      () => this.rows.find(m, where, true),
      () => repo.createQueryBuilder().insert().values(fresh).orIgnore().execute(),
    );
    const before = isNew ? null : JSON.stringify(toWatermark(e));
    await change(e, m);
    const { after, record } = this.stamp(e, action, actor, before);
    // An UPDATE of the locked row (not save(), which reads the row back first to diff it) with its history row.
    await this.rows.writeAndRecord(m, e, this.history, record);
    return after;
  }

  /**
   * Marks `e` changed by `action` (its time, the next version) once the change
   * is applied; `before`: the state it changed from, as JSON. Returns the new
   * state and its history row.
   */
  stamp(
    e: WatermarkEntity,
    action: string,
    actor: string,
    before: string | null,
  ): { after: Watermark; record: Partial<HistoryEntity> } {
    e.updatedAt = now();
    e.version += 1;
    const after = toWatermark(e);
    const record = { pipeline: e.pipeline, tableKey: e.tableKey, action, actor, at: e.updatedAt, before, after: JSON.stringify(after) };
    return { after, record };
  }
}
