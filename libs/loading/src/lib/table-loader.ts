import { badInput } from '@tidemark/errors';
import { faultPoint } from '@tidemark/fault-injection';
import { sanitizeIdentifier } from '@tidemark/schema';
import {
  CountingWarehouse,
  recordedMapping,
  recordedNames,
  TargetTable,
  Warehouse,
  WarehouseDialect,
} from '@tidemark/warehouse';
import { LeaseEnd, Manifest, Progress, WatermarkPort, withLease } from '@tidemark/watermark-model';
import { EnsuredSchemas, ensureFence } from './bookkeeping';
import { buildInto, BuildIntoRequest } from './build-into';
import { manifestsInLedger, otherOwners, sharedTargetError } from './ledger-reads';
import { loadFence, raiseFence } from './load-fence';
import { planLoad, planPending } from './load-plan';
import { describeLoad } from './load-preview';
import { emptyLoadResult, LoadPreview, LoadRequest, LoadResult } from './load-request';
import { LoadWriter, Replace } from './load-writer';
import { ManifestStager } from './manifest-stager';
import { evolveSchema, SchemaEvolution } from './schema-evolution';
import { targetTableFor } from './target-table';

export type { LoadPreview, LoadRequest, LoadResult, StagingProgress } from './load-request';
export type { BuildIntoRequest } from './build-into';

export interface TableLoaderDeps {
  warehouse: Warehouse;
  dialect: WarehouseDialect;
  /** A stager for one load (it may hold a DuckDB session and a work directory). */
  stager: () => ManifestStager;
  watermarks: WatermarkPort;
  /** Shared by a run's loads so each schema's bookkeeping tables are ensured once per run; default: this loader's own. */
  ensuredSchemas?: EnsuredSchemas;
  /** Lease holder name: host and process. */
  holder: string;
  /** How long a lease outlives a crashed holder; default LEASE_TTL_SECONDS. */
  leaseTtlSeconds?: number;
  /** Whether a live lease's holder is known dead (a crashed process of this host): taken over at once. */
  isDeadHolder?: (holder: string) => boolean;
  /** How long the run may show no progress before its lease lapses; default LEASE_STUCK_SECONDS. */
  leaseStuckSeconds?: number;
}

/**
 * Loads a table's pending manifests in one warehouse transaction: staging
 * filled manifest by manifest (on Redshift by one COPY when they share a
 * schema and carry their load order), then merged, appended or swapped into the
 * target, manifest ids written to the ledger, column names recorded, commit;
 * then reported to the watermark store. Needs no MySQL connection: the
 * manifests carry the schema.
 */
export class TableLoader {
  private readonly ensuredSchemas: EnsuredSchemas;

  constructor(private readonly deps: TableLoaderDeps) {
    this.ensuredSchemas = deps.ensuredSchemas ?? new EnsuredSchemas();
  }

  /**
   * With nothing pending there is nothing to lease, report or reconcile: the
   * run returns at once and records no load run. A manifest registered just
   * after the check waits for the next load, as it would have a moment
   * earlier. This keeps a run over many unchanged tables cheap. So pending
   * manifests are read twice when some wait: here, and again under the lease.
   */
  async run(req: LoadRequest): Promise<LoadResult> {
    const id = { pipeline: req.pipeline, table: req.tableKey };
    if ((await this.deps.watermarks.pendingManifests(id)).length === 0) {
      req.onPending?.([]);
      return emptyLoadResult(req);
    }
    return this.leased(req, (warehouse, token, progress, signal, end) =>
      this.runLeased(req, warehouse, token, progress, signal, end),
    );
  }

  /** Builds another table from the given manifests under the table's load lease (see buildInto). */
  buildInto(req: BuildIntoRequest): Promise<LoadResult> {
    return this.leased(req, (warehouse, token, progress, signal) =>
      buildInto(
        { warehouse, dialect: this.deps.dialect, stager: this.deps.stager, ensuredSchemas: this.ensuredSchemas },
        req,
        token,
        progress,
        signal,
      ),
    );
  }

  /** `work` under the table's load lease, every statement through a warehouse that counts them for the result. */
  private leased(
    req: LoadRequest,
    work: (
      warehouse: Warehouse,
      token: number,
      progress: Progress,
      signal: AbortSignal,
      end: LeaseEnd,
    ) => Promise<LoadResult>,
  ): Promise<LoadResult> {
    const counted = new CountingWarehouse(this.deps.warehouse);
    return withLease(
      this.deps.watermarks,
      { pipeline: req.pipeline, table: req.tableKey },
      'load',
      this.deps.holder,
      async (token, progress, signal, end) => ({
        ...(await work(counted, token, progress, signal, end)),
        warehouseCost: { ...counted.cost },
      }),
      {
        ttlSeconds: this.deps.leaseTtlSeconds,
        stuckSeconds: this.deps.leaseStuckSeconds,
        isDeadHolder: this.deps.isDeadHolder,
      },
    );
  }

  /**
   * What the next load would do, without doing it (`sync --dry-run`): the
   * manifests it would load, reconcile or supersede, and the DDL it would
   * run. Takes no lease; reads the warehouse only.
   */
  describe(req: LoadRequest): Promise<LoadPreview> {
    return describeLoad(this.deps, req);
  }

  /** Whether loading `pending` would replace the target: a rebuild is asked for, or a snapshot is among them. */
  private async replacesTarget(req: LoadRequest, pending: Manifest[]): Promise<boolean> {
    if (planLoad(pending, req.target.mode).replace) return true;
    const state = await this.deps.watermarks.get({ pipeline: req.pipeline, table: req.tableKey });
    return state?.load.rebuildPending === true;
  }

  /** The load under its lease, every statement through `warehouse` (which counts them). */
  private async runLeased(
    req: LoadRequest,
    warehouse: Warehouse,
    fencingToken: number,
    progress: Progress,
    signal: AbortSignal,
    end: LeaseEnd,
  ): Promise<LoadResult> {
    const started = Date.now();
    const { watermarks, dialect } = this.deps;
    const id = { pipeline: req.pipeline, table: req.tableKey };
    const pending = await watermarks.pendingManifests(id);
    const result = emptyLoadResult(req);
    if (req.deferReplacement && (await this.replacesTarget(req, pending))) return result;
    req.onPending?.(pending);
    await watermarks.markLoadStarted(id);
    try {
      const schema = sanitizeIdentifier(req.target.schema, dialect.identifiers);
      const table = sanitizeIdentifier(req.target.table, dialect.identifiers);
      const fence = loadFence(dialect, schema, table, req.pipeline, req.tableKey, fencingToken);
      await this.ensuredSchemas.ensure(warehouse, dialect, schema);
      await ensureFence(warehouse, dialect, schema, fence.table);
      signal?.throwIfAborted();
      // Raised before the ledger is read: from here on no older loader can commit (ADR 0017).
      await raiseFence(warehouse, dialect, fence);
      const inLedger = await manifestsInLedger(warehouse, dialect, schema, pending);
      const rebuild = (await watermarks.get(id))?.load.rebuildPending === true;
      const plan = planPending(pending, inLedger, req.target.mode, rebuild);
      result.manifestsReconciled = plan.reconcile.length;
      result.reloaded = rebuild;
      result.manifestsSuperseded = plan.superseded.length;
      if (plan.toLoad.length > 0) {
        const others = await otherOwners(warehouse, dialect, req, schema, table);
        if (others.length > 0) throw sharedTargetError(req, `${schema}.${table}`, others);
        const recorded = await recordedMapping(warehouse, dialect, schema, table);
        const target = targetTableFor(plan.toLoad, req.target, recordedNames(recorded), dialect);
        if (target.mode !== 'append' && target.primaryKey.length === 0) {
          throw badInput(
            `table ${req.tableKey} has no primary key, which the ${target.mode} load needs: ` +
              `set keyColumns for it, or loadMode: append to keep every version`,
          );
        }
        result.target = `${target.schema}.${target.table}`;
        const replace: Replace = !plan.replace ? 'none' : target.mode === 'full_sync' ? 'swap' : 'empty-first';
        result.replaced = plan.replace;
        const evolution =
          replace === 'swap'
            ? await existence(warehouse, dialect, target)
            : await evolveSchema(warehouse, dialect, target);
        result.columnsAdded = evolution.added;
        result.columnsWidened = evolution.widened;
        result.rebuilt = evolution.rebuild.length > 0;
        const staged = await new LoadWriter({ warehouse, dialect, stager: this.deps.stager }).write({
          req,
          target,
          manifests: plan.toLoad,
          ledger: plan.toLoad.filter((m) => !inLedger.has(m.id)),
          replace,
          targetExists: evolution.exists,
          newKeysExpected: req.newKeysExpected,
          rebuild: evolution.rebuild,
          recorded,
          progress,
          fence,
          signal,
        });
        result.rowsStaged = staged.rows;
        result.copiedIntoEmptyTable = staged.copiedIntoEmptyTable;
        result.rowsExpected = plan.toLoad.reduce((n, m) => n + m.rowCount, 0);
        result.manifestsLoaded = plan.toLoad.length;
        req.onCommitted?.(plan.toLoad);
      }
      await faultPoint('load:after-commit');
      const report = {
        ...id,
        manifestIds: [...plan.reconcile, ...plan.toLoad].map((m) => m.id),
        supersededIds: plan.superseded.map((m) => m.id),
        fencingToken,
        rebuilt: rebuild,
      };
      // The load's last word to the store: it releases the lease in the same transaction.
      await end.commit((release) => watermarks.commitLoad({ ...report, release }));
      await faultPoint('load:during-report');
    } catch (error) {
      await watermarks.markLoadFailed(id, (error as Error).message).catch(() => undefined);
      throw error;
    }
    result.seconds = (Date.now() - started) / 1000;
    return result;
  }
}

async function existence(warehouse: Warehouse, dialect: WarehouseDialect, t: TargetTable): Promise<SchemaEvolution> {
  const rows = await warehouse.query(dialect.tableExists(), [t.schema, t.table]);
  return { exists: rows.length > 0, added: [], widened: [], rebuild: [] };
}
