import { DataSource, EntityManager } from 'typeorm';
import { badInput, conflict, notFound } from '@tidemark/errors';
import {
  checkKeyValues,
  checkLoadOrderToken,
  checkManifest,
  CommitRelease,
  CountUpdate,
  CountValidation,
  DefaultWatermark,
  ExtractCommit,
  ExtractSummary,
  HistoryEntry,
  ImportedWatermark,
  ImportOptions,
  readWatermarkDocument,
  refuseRewind,
  HeldLease,
  Lease,
  LeaseRef,
  LeaseRequest,
  LeaseStage,
  LoadCommit,
  ManifestSummary,
  ManualCursor,
  Manifest,
  ResetStage,
  resolveDefaultStart,
  TableId,
  TableResync,
  validateDefaultWatermark,
  Watermark,
  WatermarkApi,
  WatermarkExport,
  WatermarkFilter,
} from '@tidemark/watermark-model';
import { HistoryEntity } from './entities/history.entity';
import { ManifestEntity } from './entities/manifest.entity';
import { SettingEntity } from './entities/setting.entity';
import { WatermarkEntity } from './entities/watermark.entity';
import { KeyedRows } from './keyed-rows';
import { LeaseBook } from './lease-book';
import { ManifestRegistry, newManifestRow, toManifestSummary } from './manifest-registry';
import { OneStatementCommits } from './one-statement-commit';
import { ManifestSkips } from './manifest-skips';
import { TableResyncs } from './table-resyncs';
import { ManifestFileDeletions } from './manifest-file-deletions';
import { TransactionRunner } from './transaction-runner';
import { applyImported, applySnapshot, countsSince, importedCounts, recordFutureRows, resetStage } from './watermark-edits';
import { now, WatermarkChanges } from './watermark-changes';
import { storeCursor, toWatermark } from './watermark-mapper';

type BinlogPositionInput = NonNullable<ManualCursor['binlogPosition']>;

const SYSTEM = 'tidemark';
const DEFAULT_WATERMARK_KEY = 'default_watermark';

/** The lease a commit releases (CommitRelease), or undefined; a release needs the commit's fencing token. */
function commitRelease(
  id: TableId,
  stage: LeaseStage,
  fencingToken: number | undefined,
  release: CommitRelease | undefined,
): LeaseRef | undefined {
  if (release === undefined) return undefined;
  if (fencingToken === undefined) throw badInput('a commit releases its lease only with its fencing token');
  return { ...id, stage, token: fencingToken, secret: release.secret };
}

/** An extract commit's checks of its manifest against the watermark, before anything is written. */
function checkExtract(e: WatermarkEntity, id: TableId, manifest: Manifest): void {
  checkManifest(manifest, id);
  const current = e.extractCursorTs;
  const next = manifest.maxCursor.timestamp;
  if (current !== null && next !== null && next < current) {
    throw conflict(`manifest ${manifest.id} would move the cursor of ${id.pipeline}/${id.table} back from ${current} to ${next}`);
  }
}

/** A newly registered manifest's part of an extract commit: the cursor moves to its end, its counts add up. */
function advanceExtract(e: WatermarkEntity, manifest: Manifest, fencingToken: number | undefined): void {
  checkLoadOrderToken(manifest, fencingToken);
  storeCursor(e, manifest.maxCursor);
  e.extractRows += manifest.rowCount;
  e.extractFiles += manifest.files.length;
  e.extractStrategy = manifest.strategy;
  // A run moved the cursor: it is no longer the one set by hand.
  e.backupStrategy = 'sequential';
}

function markSucceeded(e: WatermarkEntity, summary: ExtractSummary | undefined): void {
  e.extractStatus = 'success';
  e.extractError = null;
  e.extractLastRunAt = now();
  if (summary) recordFutureRows(e, summary.futureRows);
}

/** The watermark authority over a TypeORM store (SQLite embedded, PostgreSQL in production). */
export class WatermarkStore implements WatermarkApi {
  private readonly tx: TransactionRunner;
  private readonly changes: WatermarkChanges;
  private readonly leases: LeaseBook;
  private readonly registry: ManifestRegistry;
  private readonly skips: ManifestSkips;
  private readonly resyncs: TableResyncs;
  private readonly fileDeletions: ManifestFileDeletions;
  private readonly watermarkRows: KeyedRows<WatermarkEntity>;
  private readonly oneStatement: OneStatementCommits;

  constructor(
    private readonly dataSource: DataSource,
    clock: () => number = Date.now,
  ) {
    this.tx = new TransactionRunner(dataSource);
    this.registry = new ManifestRegistry(dataSource);
    this.changes = new WatermarkChanges(this.tx);
    this.leases = new LeaseBook(this.tx, clock);
    this.skips = new ManifestSkips(this.changes, this.leases);
    this.resyncs = new TableResyncs(this.tx, this.changes, this.leases);
    this.fileDeletions = new ManifestFileDeletions(this.changes);
    this.watermarkRows = new KeyedRows(dataSource, WatermarkEntity);
    this.oneStatement = new OneStatementCommits(dataSource, this.changes);
  }

  private async entity(id: TableId): Promise<WatermarkEntity | null> {
    return this.watermarkRows.find(this.dataSource.manager, { pipeline: id.pipeline, tableKey: id.table });
  }

  private async existing(id: TableId): Promise<WatermarkEntity> {
    const e = await this.entity(id);
    if (!e) throw notFound(`no watermark for ${id.pipeline} / ${id.table}: it has never been synced`);
    return e;
  }

  async get(id: TableId): Promise<Watermark | null> {
    const e = await this.entity(id);
    return e ? toWatermark(e) : null;
  }

  async list(filter: WatermarkFilter = {}): Promise<Watermark[]> {
    const query = this.dataSource.getRepository(WatermarkEntity).createQueryBuilder('w');
    if (filter.pipeline) query.andWhere('w.pipeline = :pipeline', { pipeline: filter.pipeline });
    if (filter.status) query.andWhere('(w.extract_status = :status OR w.load_status = :status)', { status: filter.status });
    const rows = await query.orderBy('w.pipeline', 'ASC').addOrderBy('w.table_key', 'ASC').getMany();
    return rows.map(toWatermark);
  }

  // --- extract stage -------------------------------------------------------

  async markExtractStarted(id: TableId, strategy: string): Promise<void> {
    await this.changes.apply(id, 'extract-started', SYSTEM, (e) => {
      e.extractStatus = 'in_progress';
      e.extractStrategy = strategy;
      e.extractError = null;
    });
  }

  async markExtractFailed(id: TableId, error: string): Promise<void> {
    await this.changes.apply(id, 'extract-failed', SYSTEM, (e) => {
      e.extractStatus = 'failed';
      e.extractError = error;
      e.extractLastRunAt = now();
    });
  }

  async markExtractSucceeded(id: TableId, summary?: ExtractSummary): Promise<void> {
    await this.changes.apply(id, 'extract-succeeded', SYSTEM, (e) => markSucceeded(e, summary));
  }

  async commitExtract({ pipeline, table, manifest, fencingToken, release, summary }: ExtractCommit): Promise<Watermark> {
    const id = { pipeline, table };
    const lease = commitRelease(id, 'extract', fencingToken, release);
    if (summary !== undefined && !lease) throw badInput('a summary is given only with the release that ends the run');
    const atOnce =
      lease &&
      (await this.commitAtOnce(id, 'extract-commit', lease, (e) => {
        checkExtract(e, id, manifest);
        advanceExtract(e, manifest, fencingToken);
        markSucceeded(e, summary);
        return newManifestRow(id, manifest);
      }));
    if (atOnce) return atOnce;
    return this.changes.apply(id, 'extract-commit', SYSTEM, async (e, m) => {
      await this.fence(m, id, 'extract', fencingToken, lease);
      checkExtract(e, id, manifest);
      if (!(await this.registry.register(m, id, manifest))) return; // a retried commit: counted once
      // A new manifest only (a retry was checked when first committed); throwing rolls the registration back.
      advanceExtract(e, manifest, fencingToken);
      if (lease) markSucceeded(e, summary);
    });
  }

  /**
   * PostgreSQL: a commit that releases its lease and registers a new manifest,
   * in one statement (`OneStatementCommits`); null when that wrote nothing and
   * the locked path is to decide.
   */
  private async commitAtOnce(
    id: TableId,
    action: string,
    lease: LeaseRef,
    change: (e: WatermarkEntity) => Partial<ManifestEntity>,
  ): Promise<Watermark | null> {
    const release = this.leases.releaseChange(lease);
    return release && this.oneStatement.commit(id, action, SYSTEM, release, change);
  }

  /**
   * A commit's fence check. A commit that releases its lease releases it
   * here, which checks the same token under the same row lock (and the
   * secret): one statement fewer on PostgreSQL, and the release is undone
   * with the transaction if the commit then fails.
   */
  private fence(m: EntityManager, id: TableId, stage: LeaseStage, token: number | undefined, release?: LeaseRef) {
    return release ? this.leases.releaseIn(m, release) : this.leases.checkFence(m, id, stage, token);
  }

  // --- load stage ----------------------------------------------------------

  pendingManifests(id: TableId): Promise<Manifest[]> {
    return this.registry.pending(this.dataSource.manager, id);
  }

  async manifests(id: TableId): Promise<ManifestSummary[]> {
    const loadError = (await this.entity(id))?.loadError ?? null;
    return (await this.registry.all(this.dataSource.manager, id)).map((e) => toManifestSummary(e, loadError));
  }

  skipManifest(id: TableId, manifestId: string, reason: string, actor: string): Promise<ManifestSummary> {
    return this.skips.skip(id, manifestId, reason, actor);
  }

  retryManifest(id: TableId, manifestId: string, actor: string): Promise<ManifestSummary> {
    return this.skips.retry(id, manifestId, actor);
  }

  async markFilesDeleted(id: TableId, manifestIds: string[], actor: string): Promise<void> {
    await this.existing(id);
    await this.fileDeletions.mark(id, manifestIds, actor);
  }

  async markLoadStarted(id: TableId): Promise<void> {
    await this.changes.apply(id, 'load-started', SYSTEM, (e) => {
      e.loadStatus = 'in_progress';
      e.loadError = null;
    });
  }

  async markLoadFailed(id: TableId, error: string): Promise<void> {
    await this.changes.apply(id, 'load-failed', SYSTEM, (e) => {
      e.loadStatus = 'failed';
      e.loadError = error;
      e.loadLastRunAt = now();
    });
  }

  async commitLoad({ pipeline, table, manifestIds, supersededIds = [], fencingToken, rebuilt, release }: LoadCommit): Promise<Watermark> {
    const id = { pipeline, table };
    const lease = commitRelease(id, 'load', fencingToken, release);
    return this.changes.apply(id, 'load-commit', SYSTEM, async (e, m) => {
      await this.fence(m, id, 'load', fencingToken, lease);
      for (const manifest of await this.registry.markLoaded(m, id, manifestIds)) {
        e.loadRows += manifest.rowCount;
        e.loadManifests += 1;
      }
      await this.registry.markLoaded(m, id, supersededIds, 'superseded');
      e.loadStatus = 'success';
      e.loadError = null;
      e.loadLastRunAt = now();
      if (rebuilt) e.loadRebuild = false;
    });
  }

  // --- manual operations ---------------------------------------------------

  async setCursor(id: TableId, cursor: ManualCursor, actor: string): Promise<Watermark> {
    if (cursor.binlogPosition !== undefined) return this.setBinlogPosition(id, cursor.binlogPosition, actor);
    if (cursor.timestamp === undefined && cursor.primaryKey === undefined) {
      throw badInput('give a timestamp, an id, or both');
    }
    return this.changes.apply(id, 'set', actor, async (e, m) => {
      if (e.extractCursorBinlog) {
        throw badInput(
          `${id.pipeline}/${id.table} is a binlog table: set a binlog position (--position FILE:POS), not a timestamp or id`,
        );
      }
      if (cursor.primaryKey !== undefined) await this.checkKey(m, id, cursor.primaryKey);
      if (cursor.timestamp !== undefined) {
        e.extractCursorTs = cursor.timestamp;
        if (cursor.primaryKey === undefined) e.extractCursorPk = null;
      }
      if (cursor.primaryKey !== undefined) e.extractCursorPk = JSON.stringify(cursor.primaryKey);
      // The given timestamp and/or id replace a first run read in key order (ADR 0050):
      // the next run reads in cursor order from them.
      e.extractCursorKeyScan = null;
      e.backupStrategy = 'manual_cli';
    });
  }

  /**
   * A binlog table streams from `position` on its next run, its snapshot taken
   * as done. The change-order counter stays, so later changes still sort after
   * every earlier manifest's.
   */
  private setBinlogPosition(id: TableId, position: BinlogPositionInput, actor: string): Promise<Watermark> {
    return this.changes.apply(id, 'set', actor, (e) => {
      const order = toWatermark(e).extract.cursor.binlog?.order ?? '0';
      storeCursor(e, { timestamp: null, primaryKey: null, binlog: { phase: 'stream', ...position, order } });
      e.backupStrategy = 'manual_cli';
    });
  }

  /** Hand-given key values must fit the key the table's newest manifest recorded (unknown before a first extract). */
  private async checkKey(m: EntityManager, id: TableId, values: string[] | null): Promise<void> {
    const latest = values === null ? null : await this.registry.latest(m, id);
    if (values && latest) checkKeyValues(values, `${id.pipeline}/${id.table}`, latest);
  }

  async reset(id: TableId, stage: ResetStage, actor: string): Promise<Watermark> {
    await this.existing(id);
    return this.changes.apply(id, `reset-${stage}`, actor, async (e, m) => {
      resetStage(e, stage);
      if (stage === 'load') {
        // Reloading what is loaded is what a load-stage reset asks for: the next load rebuilds the target from them.
        await this.registry.reopenLoaded(m, id);
        e.loadRebuild = true;
      }
    });
  }

  resync(id: TableId, actor: string): Promise<TableResync> {
    return this.resyncs.resync(id, actor);
  }

  async history(id: TableId): Promise<HistoryEntry[]> {
    const rows = await this.dataSource
      .getRepository(HistoryEntity)
      .find({ where: { pipeline: id.pipeline, tableKey: id.table }, order: { id: 'ASC' } });
    return rows.map((h) => ({
      id: h.id,
      pipeline: h.pipeline,
      table: h.tableKey,
      action: h.action,
      actor: h.actor,
      at: h.at,
      before: h.before ? (JSON.parse(h.before) as Watermark) : null,
      after: JSON.parse(h.after) as Watermark,
    }));
  }

  async restore(id: TableId, historyId: number, actor: string): Promise<Watermark> {
    const entry = await this.dataSource
      .getRepository(HistoryEntity)
      .findOneBy({ id: historyId, pipeline: id.pipeline, tableKey: id.table });
    if (!entry) throw notFound(`no history entry ${historyId} for ${id.pipeline} / ${id.table}`);
    const snapshot = JSON.parse(entry.after) as Watermark;
    return this.changes.apply(id, `restore-${historyId}`, actor, (e) => applySnapshot(e, snapshot));
  }

  async updateCounts(id: TableId, u: CountUpdate, actor: string): Promise<Watermark> {
    await this.existing(id);
    return this.changes.apply(id, `counts-${u.mode}`, actor, (e) => {
      const next = (old: number, value: number | undefined, what: string) => {
        if (value === undefined) return old;
        const result = u.mode === 'add' ? old + value : value;
        if (!Number.isSafeInteger(result) || result < 0) {
          throw badInput(`${u.stage} ${what} would become ${result}; counts are whole numbers from 0`);
        }
        return result;
      };
      if (u.stage === 'extract') {
        e.extractRows = next(e.extractRows, u.rows, 'rows');
        e.extractFiles = next(e.extractFiles, u.files, 'files');
      } else {
        e.loadRows = next(e.loadRows, u.rows, 'rows');
        e.loadManifests = next(e.loadManifests, u.files, 'manifests');
      }
    });
  }

  async validateCounts(id: TableId): Promise<CountValidation> {
    const e = await this.existing(id);
    const since = countsSince(e);
    const all = await this.registry.all(this.dataSource.manager, id);
    const extracted = all.filter((m) => !since.extract || m.createdAt > since.extract);
    const loaded = all.filter((m) => m.status === 'loaded' && (!since.load || (m.loadedAt ?? '') > since.load));
    const sum = (list: typeof all, f: (m: (typeof all)[number]) => number) => list.reduce((n, m) => n + f(m), 0);
    const imported = importedCounts(e);
    const check = (recorded: number, fromManifests: number, carried = 0) =>
      carried > 0 ? { recorded: recorded - carried, fromManifests, imported: carried } : { recorded, fromManifests };
    return {
      extractRows: check(e.extractRows, sum(extracted, (m) => m.rowCount), imported.extractRows),
      extractFiles: check(e.extractFiles, sum(extracted, (m) => m.fileCount), imported.extractFiles),
      loadRows: check(e.loadRows, sum(loaded, (m) => m.rowCount), imported.loadRows),
      loadManifests: check(e.loadManifests, loaded.length, imported.loadManifests),
      countsSince: since,
    };
  }

  // --- system default --------------------------------------------------------

  async getDefaultWatermark(): Promise<DefaultWatermark | null> {
    const row = await this.dataSource.getRepository(SettingEntity).findOneBy({ key: DEFAULT_WATERMARK_KEY });
    return row ? (JSON.parse(row.value) as DefaultWatermark) : null;
  }

  async setDefaultWatermark(value: DefaultWatermark | null, _actor: string): Promise<DefaultWatermark | null> {
    const repo = this.dataSource.getRepository(SettingEntity);
    if (value === null) {
      await repo.delete({ key: DEFAULT_WATERMARK_KEY });
      return null;
    }
    const valid = validateDefaultWatermark(value);
    await repo.save({ key: DEFAULT_WATERMARK_KEY, value: JSON.stringify(valid) });
    return valid;
  }

  async defaultStart(at: Date): Promise<string | null> {
    const value = await this.getDefaultWatermark();
    return value ? resolveDefaultStart(value, at) : null;
  }

  // --- export / import -----------------------------------------------------

  async exportAll(): Promise<WatermarkExport> {
    return {
      format: 'tidemark-watermarks',
      version: 1,
      exportedAt: now(),
      defaultWatermark: await this.getDefaultWatermark(),
      watermarks: await this.list(),
    };
  }

  importDocument(document: unknown, options: ImportOptions, actor: string): Promise<Watermark[]> {
    const entries = readWatermarkDocument(document, options);
    return this.importAll(entries, actor, options);
  }

  /** All or nothing: one transaction for every entry. A cursor moves back only with `allowRewind`. */
  importAll(entries: ImportedWatermark[], actor: string, options: Pick<ImportOptions, 'allowRewind'> = {}): Promise<Watermark[]> {
    return this.tx.run(async (m) => {
      const out: Watermark[] = [];
      for (const entry of entries) {
        await this.checkKey(m, entry, entry.cursor.primaryKey);
        const current = await m.getRepository(WatermarkEntity).findOneBy({ pipeline: entry.pipeline, tableKey: entry.table });
        if (current) refuseRewind(`${entry.pipeline} / ${entry.table}`, toWatermark(current).extract.cursor, entry.cursor, options.allowRewind);
        out.push(await this.changes.applyIn(m, entry, 'import', actor, (e) => applyImported(e, entry)));
      }
      return out;
    });
  }

  // --- leases --------------------------------------------------------------

  acquireLease(request: LeaseRequest): Promise<HeldLease> {
    return this.leases.acquire(request);
  }

  renewLease(lease: LeaseRef, ttlSeconds: number): Promise<Lease> {
    return this.leases.renew(lease, ttlSeconds);
  }

  releaseLease(lease: LeaseRef): Promise<void> {
    return this.leases.release(lease);
  }

  leaseHolder(id: TableId, stage: LeaseStage): Promise<Lease | null> {
    return this.leases.holder(id, stage);
  }
}
