import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import {
  CdcStrategy,
  KeysetTable,
  SourceZone,
  StrategyOptions,
  strategyFor,
  validateCustomFilter,
  zoneOfColumn,
} from '@tidemark/cdc';
import { badInput } from '@tidemark/errors';
import { dataFileKey, manifestKey, ObjectStore, sha256File } from '@tidemark/object-store';
import { DuckdbSession, ParquetFileWriter } from '@tidemark/parquet';
import { schemaFingerprint } from '@tidemark/schema';
import { MysqlSource } from '@tidemark/source';
import {
  canonicalTimestamp,
  Cursor,
  EMPTY_CURSOR,
  Manifest,
  ManifestFile,
  WatermarkPort,
  withLease,
} from '@tidemark/watermark-model';
import { lagLimit, lookbackStart, notBehind } from './cursor-window';
import { ExtractRequest, ExtractResult, ExtractSettingsLike } from './extract-request';
import { FileSizeEstimator } from './file-size-estimator';
import { resolveSourceTable } from './resolve-source-table';
import { newRunId } from './run-id';

type LeasedRequest = ExtractRequest & { fencingToken: number };

interface ExtractPlan {
  keyset: KeysetTable;
  strategy: CdcStrategy;
  options: StrategyOptions;
  /** Cursor values are UTC in the watermark, the column's wall time in queries. */
  zone: SourceZone;
}

export interface ExtractProgress {
  tableKey: string;
  rows: number;
  files: number;
}

export interface TableExtractorDeps {
  source: MysqlSource;
  store: ObjectStore;
  watermarks: WatermarkPort;
  settings: ExtractSettingsLike;
  onProgress?: (p: ExtractProgress) => void;
  /** Lease holder name: host and process. */
  holder: string;
}

/**
 * Extracts one table: keyset pages from MySQL → Parquet files → object store
 * → manifest → one watermark commit per manifest. The cursor only moves
 * after the files and the manifest are durable; a crash before the commit
 * leaves unregistered files that are never loaded.
 */
export class TableExtractor {
  constructor(private readonly deps: TableExtractorDeps) {}

  async run(req: ExtractRequest): Promise<ExtractResult> {
    const started = Date.now();
    const { source, watermarks } = this.deps;
    const id = { pipeline: req.pipeline, table: req.tableKey };
    const strategy = strategyFor(req.strategy ?? 'hybrid');
    const filter = req.filter === undefined ? undefined : validateCustomFilter(req.filter);
    if (strategy.name === 'custom' && filter === undefined) {
      throw badInput(`table ${req.tableKey}: the custom strategy needs a WHERE filter (set "where" in the pipeline config)`);
    }
    const { table, cursorColumn } = await resolveSourceTable(source, req.location.schema, req.location.table, req.cursorColumn, {
      cursorColumn: strategy.needsCursorColumn,
      primaryKey: strategy.needsPrimaryKey,
      strategy: strategy.name,
      keyColumns: req.keyColumns,
    });
    const keyset: KeysetTable = {
      schema: table.schema,
      table: table.table,
      columns: table.columns,
      cursorColumn,
      keyColumns: table.primaryKey,
    };
    const zone = zoneOfColumn(cursorColumn?.dataType, SourceZone.parse(req.sourceTimezone));
    const plan: ExtractPlan = { keyset, strategy, options: { filter }, zone };
    return withLease(watermarks, id, 'extract', this.deps.holder, (fencingToken) =>
      this.runLeased(req, plan, fencingToken, started),
    );
  }

  private async runLeased(req: ExtractRequest, plan: ExtractPlan, fencingToken: number, started: number) {
    const { watermarks } = this.deps;
    const id = { pipeline: req.pipeline, table: req.tableKey };
    const current = await watermarks.get(id);
    await watermarks.markExtractStarted(id, plan.strategy.name);
    const runId = newRunId(new Date(started));
    const workDir = join(this.deps.settings.workDirectory, runId);
    await mkdir(workDir, { recursive: true });
    // A small memory limit: DuckDB spills the staging table to disk past it, so
    // the process stays flat however large the files are.
    const session = await DuckdbSession.open({ tempDirectory: join(workDir, 'duckdb'), memoryLimit: '96MB' });
    try {
      const stored = await this.startCursor(current?.extract.cursor ?? EMPTY_CURSOR, new Date(started));
      const result = await this.extract({ ...req, fencingToken }, plan, stored, runId, workDir, session);
      await watermarks.markExtractSucceeded(id);
      return { ...result, seconds: (Date.now() - started) / 1000 };
    } catch (error) {
      await watermarks.markExtractFailed(id, (error as Error).message).catch(() => undefined);
      throw error;
    } finally {
      session.close();
      await rm(workDir, { recursive: true, force: true });
    }
  }

  /** A table with no cursor starts at the system default watermark, if one is set. */
  private async startCursor(cursor: Cursor, at: Date): Promise<Cursor> {
    if (cursor.timestamp !== null || cursor.primaryKey !== null) return cursor;
    return { timestamp: await this.deps.watermarks.defaultStart(at), primaryKey: null };
  }

  private async extract(
    req: LeasedRequest,
    plan: ExtractPlan,
    stored: Cursor,
    runId: string,
    workDir: string,
    session: DuckdbSession,
  ): Promise<Omit<ExtractResult, 'seconds'>> {
    const { source, settings } = this.deps;
    const { keyset, strategy, zone } = plan;
    const result = { tableKey: req.tableKey, runId, rows: 0, files: 0, bytes: 0, manifestIds: [] as string[], cursor: stored };
    const record = (manifest: Manifest) => {
      result.rows += manifest.rowCount;
      result.files += manifest.files.length;
      result.bytes += manifest.byteCount;
      result.manifestIds.push(manifest.id);
      result.cursor = manifest.maxCursor;
    };
    const lag = lagLimit(req.lagSeconds);
    const options = { ...plan.options, notAfter: lag === undefined ? undefined : zone.toSource(lag) };
    const ceilingQuery = strategy.ceilingQuery(keyset, options);
    let ceiling: string | null = null;
    if (ceilingQuery) {
      const [{ ceiling: raw }] = await source.query<{ ceiling: string | null }>(ceilingQuery);
      if (raw === null) {
        // Nothing at or below the ceiling. An empty snapshot still replaces the target: the table is empty.
        if (strategy.snapshot) record(await this.commitManifest(req, plan, runId, new Date(), 1, [], stored, stored));
        return result;
      }
      ceiling = strategy.needsCursorColumn ? canonicalTimestamp(String(raw)) : String(raw);
    }

    const writer = await ParquetFileWriter.create(session, keyset.columns, settings.rowGroupRows);
    const sizes = new FileSizeEstimator(settings.targetFileBytes);
    const startedAt = new Date();
    let after = zone.cursorToSource(lookbackStart(strategy.start(stored), req.lookbackSeconds));
    let fileStart: Cursor | null = null;
    let chunks = 0;

    const snapshotFiles: ManifestFile[] = [];
    let snapshotStart: Cursor | null = null;
    const flushFile = async () => {
      if (writer.bufferedRows === 0 || fileStart === null) return;
      const maxCursor = notBehind(zone.cursorToUtc(after), stored);
      const minCursor = zone.cursorToUtc(fileStart);
      const rawBytes = writer.bufferedBytes;
      const seq = result.files + snapshotFiles.length + 1;
      const file = await this.uploadFile(req, writer, runId, startedAt, seq, workDir);
      sizes.learn(rawBytes, file.bytes);
      fileStart = null;
      if (strategy.snapshot) {
        // A snapshot is registered whole at the end: a half-read table must never replace the target.
        snapshotFiles.push(file);
        snapshotStart ??= minCursor;
      } else {
        record(await this.commitManifest(req, plan, runId, startedAt, seq, [file], minCursor, maxCursor));
      }
      this.deps.onProgress?.({ tableKey: req.tableKey, rows: result.rows + snapshotFiles.reduce((n, f) => n + f.rows, 0), files: result.files + snapshotFiles.length });
    };

    const remaining = () => (req.limitRows === undefined ? Infinity : req.limitRows - result.rows - writer.bufferedRows);
    for (;;) {
      if (remaining() <= 0 || (req.maxChunks !== undefined && chunks >= req.maxChunks)) break;
      const limit = Math.min(req.batchSize, remaining());
      const query = strategy.pageQuery(keyset, { after, ceiling, limit }, options);
      let pageRows = 0;
      for await (const row of source.stream(query) as AsyncIterable<unknown[]>) {
        req.signal?.throwIfAborted();
        const next = strategy.cursorOf(keyset, row);
        // Unpaged (timestamp_only): stop only between two timestamps, never inside a tie.
        if (!strategy.paged && remaining() <= 0 && next.timestamp !== after.timestamp) break;
        writer.append(row);
        pageRows++;
        after = next;
        fileStart ??= after;
        if (writer.bufferedBytes >= sizes.rawLimit) await flushFile();
      }
      chunks++;
      if (!strategy.paged || pageRows < limit) break;
    }
    await flushFile();
    writer.close();
    if (strategy.snapshot) {
      const end = zone.cursorToUtc(after);
      record(await this.commitManifest(req, plan, runId, startedAt, 1, snapshotFiles, snapshotStart ?? end, end));
    }
    return result;
  }

  private async uploadFile(
    req: LeasedRequest,
    writer: ParquetFileWriter,
    runId: string,
    startedAt: Date,
    seq: number,
    workDir: string,
  ): Promise<ManifestFile> {
    const { store } = this.deps;
    const localPath = join(workDir, `${seq}.parquet`);
    const written = await writer.flush(localPath);
    const key = dataFileKey(req.location, startedAt, runId, seq);
    const sha256 = await sha256File(localPath);
    const stored = await store.putFile(key, localPath);
    await rm(localPath, { force: true });
    return { key, uri: store.uri(key), rows: written.rows, bytes: stored.bytes, sha256 };
  }

  /** Writes the manifest beside its files, then registers it and moves the cursor in one watermark commit. */
  private async commitManifest(
    req: LeasedRequest,
    plan: ExtractPlan,
    runId: string,
    startedAt: Date,
    seq: number,
    files: ManifestFile[],
    minCursor: Cursor,
    maxCursor: Cursor,
  ): Promise<Manifest> {
    const { store, watermarks } = this.deps;
    const { keyset } = plan;
    const manifest: Manifest = {
      version: 1,
      id: `${runId}-${String(seq).padStart(5, '0')}`,
      pipeline: req.pipeline,
      table: req.tableKey,
      runId,
      sequence: seq,
      createdAt: new Date().toISOString(),
      strategy: plan.strategy.name,
      cursorColumn: keyset.cursorColumn?.name ?? null,
      primaryKey: keyset.keyColumns.map((k) => k.name),
      columns: keyset.columns,
      schemaFingerprint: schemaFingerprint(keyset.columns),
      files,
      rowCount: files.reduce((n, f) => n + f.rows, 0),
      byteCount: files.reduce((n, f) => n + f.bytes, 0),
      minCursor,
      maxCursor,
    };
    await store.putBytes(manifestKey(req.location, startedAt, manifest.id), JSON.stringify(manifest, null, 2));
    await watermarks.commitExtract({ pipeline: req.pipeline, table: req.tableKey, manifest, fencingToken: req.fencingToken });
    return manifest;
  }

}
