import { DataSource, EntityManager } from 'typeorm';
import { conflict } from '@tidemark/errors';
import {
  ExtractCommit,
  LoadCommit,
  Manifest,
  TableId,
  Watermark,
  WatermarkPort,
} from '@tidemark/watermark-model';
import { HistoryEntity } from './entities/history.entity';
import { ManifestEntity } from './entities/manifest.entity';
import { WatermarkEntity } from './entities/watermark.entity';
import { toWatermark } from './watermark-mapper';

const now = () => new Date().toISOString();

const NEW_WATERMARK: Partial<WatermarkEntity> = {
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
};

/**
 * The watermark authority over a TypeORM store. Every change happens in one
 * transaction with the row locked (PostgreSQL) and leaves a history record.
 */
export class WatermarkStore implements WatermarkPort {
  constructor(
    private readonly dataSource: DataSource,
    private readonly actor = 'tidemark',
  ) {}

  async get(id: TableId): Promise<Watermark | null> {
    const e = await this.dataSource.getRepository(WatermarkEntity).findOneBy({ pipeline: id.pipeline, tableKey: id.table });
    return e ? toWatermark(e) : null;
  }

  async list(pipeline?: string): Promise<Watermark[]> {
    const rows = await this.dataSource
      .getRepository(WatermarkEntity)
      .find({ where: pipeline ? { pipeline } : {}, order: { pipeline: 'ASC', tableKey: 'ASC' } });
    return rows.map(toWatermark);
  }

  /** Loads (or creates) the row under lock, applies `change`, records history. */
  private change(
    id: TableId,
    action: string,
    change: (e: WatermarkEntity, m: EntityManager) => Promise<void> | void,
  ): Promise<Watermark> {
    return this.dataSource.transaction(async (m) => {
      const repo = m.getRepository(WatermarkEntity);
      const lock = this.dataSource.options.type === 'postgres' ? { mode: 'pessimistic_write' as const } : undefined;
      let e = await repo.findOne({ where: { pipeline: id.pipeline, tableKey: id.table }, lock });
      const before = e ? JSON.stringify(toWatermark(e)) : null;
      if (!e) {
        e = repo.create({ ...NEW_WATERMARK, pipeline: id.pipeline, tableKey: id.table, createdAt: now(), updatedAt: now() });
      }
      await change(e, m);
      e.updatedAt = now();
      e = await repo.save(e);
      const after = toWatermark(e);
      await m.getRepository(HistoryEntity).insert({
        pipeline: id.pipeline,
        tableKey: id.table,
        action,
        actor: this.actor,
        at: e.updatedAt,
        before,
        after: JSON.stringify(after),
      });
      return after;
    });
  }

  async markExtractStarted(id: TableId, strategy: string): Promise<void> {
    await this.change(id, 'extract-started', (e) => {
      e.extractStatus = 'in_progress';
      e.extractStrategy = strategy;
      e.extractError = null;
    });
  }

  async markExtractFailed(id: TableId, error: string): Promise<void> {
    await this.change(id, 'extract-failed', (e) => {
      e.extractStatus = 'failed';
      e.extractError = error;
      e.extractLastRunAt = now();
    });
  }

  async markExtractSucceeded(id: TableId): Promise<void> {
    await this.change(id, 'extract-succeeded', (e) => {
      e.extractStatus = 'success';
      e.extractError = null;
      e.extractLastRunAt = now();
    });
  }

  commitExtract({ pipeline, table, manifest }: ExtractCommit): Promise<Watermark> {
    return this.change({ pipeline, table }, 'extract-commit', async (e, m) => {
      const manifests = m.getRepository(ManifestEntity);
      if (await manifests.existsBy({ id: manifest.id })) return; // a retried commit: counted once
      const current = e.extractCursorTs;
      const next = manifest.maxCursor.timestamp;
      if (current !== null && next !== null && next < current) {
        throw conflict(
          `manifest ${manifest.id} would move the cursor of ${pipeline}/${table} back from ${current} to ${next}`,
        );
      }
      await manifests.insert({
        id: manifest.id,
        pipeline,
        tableKey: table,
        status: 'pending',
        rowCount: manifest.rowCount,
        fileCount: manifest.files.length,
        byteCount: manifest.byteCount,
        body: JSON.stringify(manifest),
        createdAt: now(),
        loadedAt: null,
      });
      e.extractCursorTs = manifest.maxCursor.timestamp;
      e.extractCursorPk = manifest.maxCursor.primaryKey ? JSON.stringify(manifest.maxCursor.primaryKey) : null;
      e.extractRows += manifest.rowCount;
      e.extractFiles += manifest.files.length;
      e.extractStrategy = manifest.strategy;
    });
  }

  async pendingManifests(id: TableId): Promise<Manifest[]> {
    const rows = await this.dataSource.getRepository(ManifestEntity).find({
      where: { pipeline: id.pipeline, tableKey: id.table, status: 'pending' },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    return rows.map((r) => JSON.parse(r.body) as Manifest);
  }

  async manifests(id: TableId): Promise<ManifestEntity[]> {
    return this.dataSource.getRepository(ManifestEntity).find({
      where: { pipeline: id.pipeline, tableKey: id.table },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
  }

  async markLoadStarted(id: TableId): Promise<void> {
    await this.change(id, 'load-started', (e) => {
      e.loadStatus = 'in_progress';
      e.loadError = null;
    });
  }

  async markLoadFailed(id: TableId, error: string): Promise<void> {
    await this.change(id, 'load-failed', (e) => {
      e.loadStatus = 'failed';
      e.loadError = error;
      e.loadLastRunAt = now();
    });
  }

  commitLoad({ pipeline, table, manifestIds }: LoadCommit): Promise<Watermark> {
    return this.change({ pipeline, table }, 'load-commit', async (e, m) => {
      const repo = m.getRepository(ManifestEntity);
      for (const id of manifestIds) {
        const manifest = await repo.findOneBy({ id, pipeline, tableKey: table });
        if (!manifest) throw conflict(`manifest ${id} is not registered for ${pipeline}/${table}`);
        if (manifest.status === 'loaded') continue; // reported twice: counted once
        manifest.status = 'loaded';
        manifest.loadedAt = now();
        await repo.save(manifest);
        e.loadRows += manifest.rowCount;
        e.loadManifests += 1;
      }
      e.loadStatus = 'success';
      e.loadError = null;
      e.loadLastRunAt = now();
    });
  }
}
