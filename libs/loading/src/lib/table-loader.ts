import { randomBytes } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { PoolClient } from 'pg';
import { isTidemarkError, TidemarkError } from '@tidemark/errors';
import { ObjectStore, sha256File } from '@tidemark/object-store';
import { DuckdbSession, parquetToCsv } from '@tidemark/parquet';
import { parquetTypeOf, quotePostgres, sanitizeIdentifier } from '@tidemark/schema';
import { PostgresWarehouse, TargetTable, WarehouseDialect } from '@tidemark/warehouse';
import { Manifest, WatermarkPort, withLease } from '@tidemark/watermark-model';
import { planLoad } from './load-plan';
import { targetTableFor } from './target-table';

export interface LoadRequest {
  pipeline: string;
  tableKey: string;
  /** Warehouse schema and table name before sanitizing. */
  targetSchema: string;
  targetTable: string;
}

export interface LoadResult {
  tableKey: string;
  manifestsLoaded: number;
  /** Manifests found in the warehouse ledger and only reported (a lost report). */
  manifestsReconciled: number;
  /** Pending manifests older than a newer full_sync snapshot: closed, not loaded. */
  manifestsSuperseded: number;
  rowsStaged: number;
  seconds: number;
  target: string;
}

export interface TableLoaderDeps {
  warehouse: PostgresWarehouse;
  dialect: WarehouseDialect;
  store: ObjectStore;
  watermarks: WatermarkPort;
  workDirectory: string;
  /** Lease holder name: host and process. */
  holder: string;
}

/**
 * Loads a table's pending manifests in one warehouse transaction: staging
 * filled by COPY, newest version per key merged into the target, manifest
 * ids written to the ledger, commit; then reported to the watermark store.
 * Needs no MySQL connection: the manifests carry the schema.
 */
export class TableLoader {
  constructor(private readonly deps: TableLoaderDeps) {}

  run(req: LoadRequest): Promise<LoadResult> {
    const id = { pipeline: req.pipeline, table: req.tableKey };
    return withLease(this.deps.watermarks, id, 'load', this.deps.holder, (token) => this.runLeased(req, token));
  }

  private async runLeased(req: LoadRequest, fencingToken: number): Promise<LoadResult> {
    const started = Date.now();
    const { watermarks, warehouse, dialect } = this.deps;
    const id = { pipeline: req.pipeline, table: req.tableKey };
    const pending = await watermarks.pendingManifests(id);
    const result: LoadResult = {
      tableKey: req.tableKey,
      manifestsLoaded: 0,
      manifestsReconciled: 0,
      manifestsSuperseded: 0,
      rowsStaged: 0,
      seconds: 0,
      target: `${req.targetSchema}.${req.targetTable}`,
    };
    await watermarks.markLoadStarted(id);
    try {
      const schema = sanitizeIdentifier(req.targetSchema, dialect.identifiers);
      await warehouse.query(dialect.createSchema(schema));
      await warehouse.query(dialect.createLedger(schema));
      const inLedger = await this.reconcile(schema, pending);
      const { superseded, toLoad, replace } = planLoad(pending.filter((m) => !inLedger.has(m.id)));
      result.manifestsReconciled = inLedger.size;
      result.manifestsSuperseded = superseded.length;
      if (toLoad.length > 0) {
        if (toLoad.some((m) => m.primaryKey.length === 0)) {
          throw new TidemarkError('BAD_INPUT', `table ${req.tableKey} has no primary key: the merge load needs one`);
        }
        const target = targetTableFor(toLoad[toLoad.length - 1], req.targetSchema, req.targetTable, dialect);
        result.target = `${target.schema}.${target.table}`;
        result.rowsStaged = await this.loadManifests(req, target, toLoad, replace);
        result.manifestsLoaded = toLoad.length;
      }
      await watermarks.commitLoad({
        ...id,
        manifestIds: [...inLedger, ...toLoad.map((m) => m.id)],
        supersededIds: superseded.map((m) => m.id),
        fencingToken,
      });
    } catch (error) {
      await watermarks.markLoadFailed(id, (error as Error).message).catch(() => undefined);
      throw error;
    }
    result.seconds = (Date.now() - started) / 1000;
    return result;
  }

  /** Manifest ids the warehouse already committed: their report was lost. */
  private async reconcile(schema: string, pending: Manifest[]): Promise<Set<string>> {
    if (pending.length === 0) return new Set();
    const rows = await this.deps.warehouse.query<{ manifest_id: string }>(this.deps.dialect.ledgerLookup(schema), [
      pending.map((m) => m.id),
    ]);
    return new Set(rows.map((r) => r.manifest_id));
  }

  private async loadManifests(
    req: LoadRequest,
    target: TargetTable,
    manifests: Manifest[],
    replace: boolean,
  ): Promise<number> {
    const { workDirectory } = this.deps;
    const workDir = join(workDirectory, `load-${randomBytes(4).toString('hex')}`);
    await mkdir(workDir, { recursive: true });
    const session = await DuckdbSession.open({ tempDirectory: join(workDir, 'duckdb') });
    try {
      return await this.inTransaction(req, target, manifests, (client) =>
        this.stageAndMerge(req, target, manifests, replace, client, session, workDir),
      );
    } finally {
      session.close();
      await rm(workDir, { recursive: true, force: true });
    }
  }

  /** Runs the load in one transaction; a warehouse error becomes one line naming the table (nothing was committed). */
  private async inTransaction<T>(
    req: LoadRequest,
    target: TargetTable,
    manifests: Manifest[],
    work: (client: PoolClient) => Promise<T>,
  ): Promise<T> {
    try {
      return await this.deps.warehouse.transaction(work);
    } catch (error) {
      if (isTidemarkError(error)) throw error;
      throw new TidemarkError(
        'WAREHOUSE',
        `loading ${manifests.length} manifest(s) of ${req.tableKey} into ${target.schema}.${target.table} failed, nothing was committed: ${(error as Error).message}`,
        { cause: error },
      );
    }
  }

  private async stageAndMerge(
    req: LoadRequest,
    target: TargetTable,
    manifests: Manifest[],
    replace: boolean,
    client: PoolClient,
    session: DuckdbSession,
    workDir: string,
  ): Promise<number> {
    const { dialect } = this.deps;
    await client.query(dialect.createTable(target));
    const staging = `_tidemark_stage_${randomBytes(4).toString('hex')}`;
    for (const sql of dialect.createStaging(target, staging)) await client.query(sql);
    let staged = 0;
    for (const manifest of manifests) {
      staged += await this.stageManifest(client, session, target, staging, manifest, workDir);
    }
    // A full_sync snapshot replaces the target: rows gone from the source go from the target too.
    if (replace) await client.query(dialect.deleteAll(target));
    for (const sql of dialect.merge(target, staging)) await client.query(sql);
    const tableName = `${target.schema}.${target.table}`;
    for (const m of manifests) {
      await client.query(dialect.ledgerInsert(target.schema), [
        m.id,
        req.pipeline,
        req.tableKey,
        tableName,
        m.rowCount,
      ]);
    }
    return staged;
  }

  private async stageManifest(
    client: PoolClient,
    session: DuckdbSession,
    target: TargetTable,
    staging: string,
    manifest: Manifest,
    workDir: string,
  ): Promise<number> {
    const byName = new Map(manifest.columns.map((c) => [c.name, c]));
    const columns = target.columns.map((c) => ({
      parquetName: c.source.name,
      parquetType: parquetTypeOf(byName.get(c.source.name) ?? c.source),
    }));
    const copySql =
      `COPY ${quotePostgres(staging)} (${target.columns.map((c) => quotePostgres(c.name)).join(', ')}) ` +
      `FROM STDIN WITH (FORMAT csv)`;
    let staged = 0;
    for (const file of manifest.files) {
      // A new name for every file: DuckDB caches what it read by path, and a
      // second file at the same path would be decoded with the first's layout.
      const name = `${manifest.id}-${manifest.files.indexOf(file)}`;
      const parquetPath = join(workDir, `${name}.parquet`);
      const csvPath = join(workDir, `${name}.csv`);
      await this.deps.store.downloadTo(file.key, parquetPath);
      const digest = await sha256File(parquetPath);
      if (digest !== file.sha256) {
        throw new TidemarkError(
          'LOAD_MISMATCH',
          `file ${file.uri} of manifest ${manifest.id} has sha256 ${digest}, the manifest says ${file.sha256}: it was changed or damaged after upload`,
        );
      }
      await parquetToCsv(session, parquetPath, columns, csvPath);
      const copied = await PostgresWarehouse.copyCsvFile(client, copySql, csvPath);
      if (copied !== file.rows) {
        throw new TidemarkError(
          'LOAD_MISMATCH',
          `file ${file.uri} of manifest ${manifest.id} staged ${copied} rows but the manifest says ${file.rows}`,
        );
      }
      staged += copied;
      await Promise.all([rm(parquetPath, { force: true }), rm(csvPath, { force: true })]);
    }
    return staged;
  }
}
