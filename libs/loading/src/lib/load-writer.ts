import { randomBytes } from 'node:crypto';
import { isTidemarkError, TidemarkError } from '@tidemark/errors';
import { faultPoint } from '@tidemark/fault-injection';
import {
  RecordedColumn,
  recordColumns,
  REPLACEMENT_SUFFIX,
  TargetTable,
  Warehouse,
  WarehouseDialect,
  WarehouseSession,
} from '@tidemark/warehouse';
import { Manifest, Progress } from '@tidemark/watermark-model';
import { writeLedger } from './bookkeeping';
import { failedManifestText } from './failed-manifest';
import { fenceMoved, LoadFence, passFence } from './load-fence';
import { LoadOrderBatch, loadOrderBatch } from './load-order-batch';
import { LoadRequest } from './load-request';
import { ManifestStager, StagingArea } from './manifest-stager';
import { fileColumnsOf } from './target-table';

/**
 * How a snapshot replaces the target: built aside and swapped in
 * (full_sync), or the live table emptied and merged into inside the load
 * transaction (merge; keeps views and grants).
 */
export type Replace = 'none' | 'swap' | 'empty-first';

export interface Staged {
  rows: number;
  copiedIntoEmptyTable: boolean;
}

/** What one load transaction writes, and where. */
export interface LoadJob {
  req: LoadRequest;
  target: TargetTable;
  manifests: Manifest[];
  /** The manifests this load writes to the warehouse ledger: those not in it yet (none for a restore into another table). */
  ledger: Manifest[];
  replace: Replace;
  /** The target existed before this load. */
  targetExists: boolean;
  /** None of the incoming keys is expected in the target (LoadRequest.newKeysExpected): COPY straight in even if it has rows. */
  newKeysExpected?: boolean;
  /** Rebuilds the target with wider columns first (schema evolution ALTER cannot do); usually empty. */
  rebuild: string[];
  recorded: RecordedColumn[];
  progress?: Progress;
  fence: LoadFence;
  /** Aborted when the lease is lost: checked before every statement. */
  signal?: AbortSignal;
}

/** The open transaction and the stager a LoadJob runs with. */
interface OpenLoad {
  session: WarehouseSession;
  stager: ManifestStager;
  /** The manifest being staged, named by the error when its staging fails. */
  staging: { manifest?: Manifest };
}

/** The session, checking before each statement that the lease was not lost (ADR 0017). */
function abortable(session: WarehouseSession, signal?: AbortSignal): WarehouseSession {
  if (!signal) return session;
  return {
    query: (sql, params) => {
      signal.throwIfAborted();
      return session.query(sql, params);
    },
    copyCsv: (sql, csv, afterFirstChunk) => {
      signal.throwIfAborted();
      return session.copyCsv(sql, csv, afterFirstChunk);
    },
  };
}

/** Whether rows may be COPYed straight into the target, when it is empty (or only gains new keys). */
function mayCopyStraightIn(target: TargetTable, stager: ManifestStager): boolean {
  // Changes are not rows: a delete must not land, and a key may change many times in one file.
  return target.mode !== 'append' && stager.stagesIntoTarget && !target.changes;
}

/** The load makes the table it fills: a first load, or a full_sync replacement built aside. */
function createsTarget({ replace, targetExists }: LoadJob): boolean {
  return replace === 'swap' || !targetExists;
}

/** PostgreSQL's SQLSTATE for a duplicate key. */
const UNIQUE_VIOLATION = '23505';

export interface LoadWriterDeps {
  warehouse: Warehouse;
  dialect: WarehouseDialect;
  /** A stager for one load (it may hold a DuckDB session and a work directory). */
  stager: () => ManifestStager;
}

/**
 * Writes one load in one warehouse transaction: rebuild or replacement
 * first when the load needs one, the rows staged (or copied straight into an
 * empty target), merged or appended, the fence passed, ledger and column map
 * written, commit.
 */
export class LoadWriter {
  constructor(private readonly deps: LoadWriterDeps) {}

  /** One transaction; a warehouse error becomes one line naming the table (nothing was committed). */
  async write(job: LoadJob): Promise<Staged> {
    const { req, target, manifests, replace } = job;
    const { warehouse, dialect } = this.deps;
    const stager = this.deps.stager();
    const staging: OpenLoad['staging'] = {};
    let atFence = false;
    try {
      job.signal?.throwIfAborted();
      return await warehouse.transaction(
        dialect.sessionSetup(),
        async (session) => {
          const staged = await this.stageAndWrite(job, { session: abortable(session, job.signal), stager, staging });
          await faultPoint('load:before-commit');
          atFence = true;
          await passFence(session, dialect, job.fence);
          atFence = false;
          job.signal?.throwIfAborted();
          await writeLedger(session, dialect, { ...target, pipeline: req.pipeline, tableKey: req.tableKey }, job.ledger);
          await recordColumns(session, dialect, target, job.recorded);
          return staged;
        },
        job.progress,
      );
    } catch (error) {
      const lost = atFence ? await fenceMoved(warehouse, dialect, job.fence).catch(() => undefined) : undefined;
      if (lost) throw lost;
      if (isTidemarkError(error)) throw error;
      const loadErrors = await stager.explainFailure(warehouse);
      // PostgreSQL puts the useful part (which view depends on the table, which key) in `detail`.
      const detail = (error as { detail?: string }).detail;
      const hint =
        replace === 'swap' && /depend/.test(detail ?? '')
          ? '; set loadMode: merge to load snapshots into the live table'
          : '';
      throw new TidemarkError(
        'WAREHOUSE',
        `loading ${manifests.length} manifest(s) of ${req.tableKey} into ${target.schema}.${target.table} failed` +
          `${failedManifestText(req, staging.manifest)}, nothing was committed: ${(error as Error).message}${detail ? ` (${detail})` : ''}` +
          `${loadErrors ? ` (load errors: ${loadErrors})` : ''}${hint}`,
        { cause: error },
      );
    } finally {
      await stager.close();
    }
  }

  private async stageAndWrite(job: LoadJob, tx: OpenLoad): Promise<Staged> {
    const { target, replace, targetExists } = job;
    const { session } = tx;
    const { dialect } = this.deps;
    const swap = replace === 'swap';
    const replacement = swap ? dialect.derivedName(target.table, REPLACEMENT_SUFFIX) : target.table;
    const created = createsTarget(job);
    // A table made here is filled before its key is built: one sort instead of a B-tree insert per row (ADR 0060).
    const keyAfterRows = created && mayCopyStraightIn(target, tx.stager);
    for (const sql of job.rebuild) await session.query(sql);
    if (swap) await session.query(dialect.dropTable(target.schema, replacement));
    if (created) await session.query(dialect.createTable(target, replacement, undefined, { key: !keyAfterRows }));
    const direct = await this.copyIntoEmptyTarget(job, tx, replacement);
    const staged = direct ?? (await this.stageAndMerge(job, tx, replacement));
    if (swap) for (const sql of dialect.replaceTable(target, replacement, targetExists)) await session.query(sql);
    return { rows: staged, copiedIntoEmptyTable: direct !== undefined };
  }

  /**
   * A first load (or a replacement) into an empty table: COPY straight into
   * it. Without the staging table and the merge's INSERT … SELECT this was
   * 2.4× faster on PostgreSQL (tools/bench, 1M rows). It applies only while no
   * key repeats: a repeated key (a row that changed during the extract)
   * fails the COPY, which is rolled back to the savepoint, and the rows are
   * staged and merged as usual. So a table this load did not create (one
   * made outside Tidemark) must have exactly the key as its primary key.
   * The same holds for a table with rows when none of the incoming keys is
   * in it (newKeysExpected: the later loads of a run that fills a table,
   * ADR 0036). A table this load created was created without its key
   * (ADR 0060) and gets it once the rows are in, where a repeated key fails
   * the same way; after the fallback, before the merge. Returns the rows
   * copied, or undefined when the merge must run.
   */
  private async copyIntoEmptyTarget(job: LoadJob, tx: OpenLoad, into: string): Promise<number | undefined> {
    const { target, replace, targetExists, newKeysExpected } = job;
    const { session, stager } = tx;
    if (!mayCopyStraightIn(target, stager)) return undefined;
    const created = createsTarget(job);
    if (!created && !(await this.hasKeyAsPrimaryKey(session, target))) return undefined;
    const fresh = replace !== 'none' || !targetExists;
    if (!fresh && !newKeysExpected && (await session.query(this.deps.dialect.anyRow(target.schema, into))).rows.length > 0)
      return undefined;
    const addKey = async () => {
      const sql = created ? this.deps.dialect.addPrimaryKey(target, into) : undefined;
      if (sql) await session.query(sql);
    };
    await session.query('SAVEPOINT tidemark_direct_copy');
    try {
      if (replace === 'empty-first') await session.query(this.deps.dialect.deleteAll(target));
      const staged = await this.stageManifests(job, tx, { session, target, staging: into, schema: target.schema });
      await addKey();
      await session.query('RELEASE SAVEPOINT tidemark_direct_copy');
      return staged;
    } catch (error) {
      if ((error as { code?: string }).code !== UNIQUE_VIOLATION) throw error;
      await session.query('ROLLBACK TO SAVEPOINT tidemark_direct_copy');
      await addKey();
      return undefined;
    }
  }

  /** Whether the target's primary key is the load's key, so a repeated key fails the COPY. */
  private async hasKeyAsPrimaryKey(session: WarehouseSession, target: TargetTable): Promise<boolean> {
    const { rows } = await session.query<{ column_name: string }>(this.deps.dialect.primaryKeyColumns(), [
      target.schema,
      target.table,
    ]);
    const columns = rows.map((r) => r.column_name).sort();
    const key = [...target.primaryKey].sort();
    return columns.length === key.length && columns.every((c, i) => c === key[i]);
  }

  private async stageAndMerge(job: LoadJob, tx: OpenLoad, into: string): Promise<number> {
    const { target, replace, manifests } = job;
    const { session } = tx;
    const { dialect } = this.deps;
    const staging = `_tidemark_stage_${randomBytes(4).toString('hex')}`;
    const area = { session, target, staging };
    const batch = tx.stager.stageBatch ? loadOrderBatch(manifests) : undefined;
    // A snapshot or a rebuild replaces the contents: rows gone from the source go from the target too.
    // Emptied before staging, since append mode moves each manifest's rows on as it is staged.
    if (replace === 'empty-first') await session.query(dialect.deleteAll(target));
    let staged: number;
    if (batch) {
      staged = await this.stageBatch(job, tx, area, batch);
    } else {
      for (const sql of dialect.createStaging(target, staging)) await session.query(sql);
      staged = await this.stageManifests(job, tx, area);
    }
    if (target.mode !== 'append') for (const sql of dialect.merge(target, staging, into)) await session.query(sql);
    else if (batch) {
      const params = batch.manifests.flatMap((m) => [m.loadOrder.value, m.id, m.createdAt]);
      await session.query(dialect.appendBatchFromStaging(target, staging, batch.manifests.length), params);
    }
    for (const sql of dialect.dropStaging(staging)) await session.query(sql);
    return staged;
  }

  /** A batch by the stager's one COPY, each manifest's rows (counted by load order) checked against it. */
  private async stageBatch(job: LoadJob, tx: OpenLoad, area: StagingArea, batch: LoadOrderBatch): Promise<number> {
    const columns = fileColumnsOf(job.target, batch.manifests[0]);
    await faultPoint('load:during-staging');
    const staged = await (tx.stager.stageBatch as NonNullable<ManifestStager['stageBatch']>)(area, batch, columns);
    for (const m of batch.manifests) this.checkStaged(job.req, m, staged.get(m.loadOrder.value) ?? 0);
    const total = [...staged.values()].reduce((n, rows) => n + rows, 0);
    job.req.onStaged?.({ manifests: batch.manifests.length, rows: total, of: job.manifests.length });
    const expected = batch.manifests.reduce((n, m) => n + m.rowCount, 0);
    if (total !== expected) {
      throw new TidemarkError(
        'LOAD_MISMATCH',
        `the ${batch.manifests.length} manifests of ${job.req.tableKey} staged ${total} rows, ${total - expected} of them with a load order none of them has: nothing was committed`,
      );
    }
    return total;
  }

  private checkStaged(req: LoadRequest, manifest: Manifest, rows: number): void {
    if (rows !== manifest.rowCount) {
      throw new TidemarkError(
        'LOAD_MISMATCH',
        `manifest ${manifest.id} of ${req.tableKey} staged ${rows} rows but says it holds ${manifest.rowCount}: nothing was committed`,
      );
    }
  }

  /** Every manifest into `area`, each checked against the rows it says it holds; append mode moves each on at once. */
  private async stageManifests(
    { req, target, manifests }: LoadJob,
    { session, stager, staging }: OpenLoad,
    area: StagingArea,
  ): Promise<number> {
    const { dialect } = this.deps;
    let staged = 0;
    for (const [index, manifest] of manifests.entries()) {
      const columns = fileColumnsOf(target, manifest);
      if (index === 0) await faultPoint('load:during-staging');
      staging.manifest = manifest;
      const rows = await stager.stage(area, manifest, columns, index + 1);
      staging.manifest = undefined;
      this.checkStaged(req, manifest, rows);
      staged += rows;
      req.onStaged?.({ manifests: index + 1, rows: staged, of: manifests.length });
      if (target.mode === 'append') {
        const [insert, clear] = dialect.appendFromStaging(target, area.staging);
        await session.query(insert, [manifest.id, manifest.createdAt]);
        await session.query(clear);
      }
    }
    return staged;
  }
}
