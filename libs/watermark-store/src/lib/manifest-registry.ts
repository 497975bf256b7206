import { isDeepStrictEqual } from 'node:util';
import { DataSource, EntityManager } from 'typeorm';
import { conflict } from '@tidemark/errors';
import { Manifest, ManifestSummary, TableId } from '@tidemark/watermark-model';
import { ManifestEntity } from './entities/manifest.entity';
import { KeyedRows } from './keyed-rows';
import { readStoredManifest } from './stored-manifest';
import { now } from './watermark-changes';

/** `loadError`: the table's last load error, shown on the pending manifest it names. */
export function toManifestSummary(e: ManifestEntity, loadError: string | null = null): ManifestSummary {
  const m = readStoredManifest(e);
  const skip =
    e.status === 'skipped' ? { by: e.skippedBy ?? '', reason: e.skipReason ?? '', at: e.skippedAt ?? '' } : undefined;
  const lastError = e.status === 'pending' && loadError?.includes(e.id) ? loadError : undefined;
  return {
    id: e.id,
    status: e.status,
    strategy: m.strategy,
    rows: e.rowCount,
    files: e.fileCount,
    bytes: e.byteCount,
    createdAt: e.createdAt,
    loadedAt: e.loadedAt,
    filesDeletedAt: e.filesDeletedAt ?? null,
    fileUris: m.files.map((f) => f.uri),
    minCursor: m.minCursor,
    maxCursor: m.maxCursor,
    ...(m.sourceCommitTimes ? { sourceCommitTimes: m.sourceCommitTimes } : {}),
    ...(skip ? { skip } : {}),
    ...(lastError ? { lastError } : {}),
  };
}

/** Whether two JSON texts hold the same value, whatever the order of their keys. */
function sameJson(a: string, b: string): boolean {
  try {
    return isDeepStrictEqual(JSON.parse(a), JSON.parse(b));
  } catch {
    return false;
  }
}

/** The row a newly registered manifest gets. */
export function newManifestRow(id: TableId, manifest: Manifest): Partial<ManifestEntity> & { body: string } {
  return {
    id: manifest.id,
    pipeline: id.pipeline,
    tableKey: id.table,
    status: 'pending',
    rowCount: manifest.rowCount,
    fileCount: manifest.files.length,
    byteCount: manifest.byteCount,
    body: JSON.stringify(manifest),
    createdAt: now(),
    loadedAt: null,
  };
}

/** Manifests registered per table; their row and file counts are the truth the watermark counts follow. */
export class ManifestRegistry {
  private readonly rows: KeyedRows<ManifestEntity>;

  constructor(dataSource: DataSource) {
    this.rows = new KeyedRows(dataSource, ManifestEntity);
  }

  all(m: EntityManager, id: TableId, status?: 'pending' | 'loaded'): Promise<ManifestEntity[]> {
    return m.getRepository(ManifestEntity).find({
      where: { pipeline: id.pipeline, tableKey: id.table, ...(status ? { status } : {}) },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
  }

  async pending(m: EntityManager, id: TableId): Promise<Manifest[]> {
    return (await this.all(m, id, 'pending')).map(readStoredManifest);
  }

  /** The newest registered manifest, whatever its status: it holds the table's current key columns. */
  async latest(m: EntityManager, id: TableId): Promise<Manifest | null> {
    const newest = await m.getRepository(ManifestEntity).findOne({
      where: { pipeline: id.pipeline, tableKey: id.table },
      order: { createdAt: 'DESC', id: 'DESC' },
    });
    return newest ? readStoredManifest(newest) : null;
  }

  /**
   * Registers a manifest; false when it already was with the same body (a
   * retried commit). The same id with another body is refused: ignoring it
   * would drop that body's rows without a word.
   */
  async register(m: EntityManager, id: TableId, manifest: Manifest): Promise<boolean> {
    const row = newManifestRow(id, manifest);
    // Inserted unless the id is taken: one statement for a new manifest; only a retry reads what is there.
    const inserted = await this.rows.insertIfAbsent(m, row);
    if (inserted) return true;
    const existing = (await this.rows.find(m, { id: manifest.id })) as ManifestEntity;
    if (existing.pipeline === id.pipeline && existing.tableKey === id.table && sameJson(existing.body, row.body))
      return false;
    throw conflict(
      `manifest ${manifest.id} is already registered with another body (for ${existing.pipeline}/${existing.tableKey}): a manifest id is committed once; give a changed manifest a new id`,
    );
  }

  /** Puts the table's loaded manifests back to pending, for a load that rebuilds the target from them. */
  async reopenLoaded(m: EntityManager, id: TableId): Promise<void> {
    await m
      .getRepository(ManifestEntity)
      .update({ pipeline: id.pipeline, tableKey: id.table, status: 'loaded' }, { status: 'pending', loadedAt: null });
  }

  /** Marks the manifests loaded (or superseded); returns the ones that were still pending. */
  async markLoaded(
    m: EntityManager,
    id: TableId,
    ids: string[],
    status: 'loaded' | 'superseded' = 'loaded',
  ): Promise<ManifestEntity[]> {
    const repo = m.getRepository(ManifestEntity);
    const newlyLoaded: ManifestEntity[] = [];
    for (const manifestId of ids) {
      const e = await repo.findOneBy({ id: manifestId, pipeline: id.pipeline, tableKey: id.table });
      if (!e) throw conflict(`manifest ${manifestId} is not registered for ${id.pipeline}/${id.table}`);
      if (e.status !== 'pending') continue;
      e.status = status;
      e.loadedAt = now();
      await repo.update({ id: e.id }, { status: e.status, loadedAt: e.loadedAt });
      newlyLoaded.push(e);
    }
    return newlyLoaded;
  }
}
