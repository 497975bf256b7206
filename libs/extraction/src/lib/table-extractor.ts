import { join } from 'node:path';
import {
  BoundQuery,
  CdcStrategy,
  countAfterQuery,
  futureStart,
  KeyScanStrategy,
  keyScanOf,
  KeysetTable,
  lastRowAtQuery,
  precisionOf,
  safeCeiling,
  truncateToPrecision,
  SourceZone,
  StrategyOptions,
  strategyFor,
  validateCustomFilter,
  zoneOfColumn,
} from '@tidemark/cdc';
import { badInput } from '@tidemark/errors';
import { faultPoint } from '@tidemark/fault-injection';
import { tablePrefixProblem } from '@tidemark/object-store';
import {
  csvWritable,
  LazyDuckdbSession,
  LazyWorkDirectory,
  nulledBooleansWarning,
  ValueRules,
} from '@tidemark/parquet';
import { loadOrderColumnOf } from '@tidemark/schema';
import { readBatches, readSourceClock, resolveSourceTable } from '@tidemark/source';
import {
  canonicalTimestamp,
  ColumnSchema,
  Cursor,
  EMPTY_CURSOR,
  LeaseEnd,
  loadOrderValue,
  Manifest,
  ManifestFile,
  ManifestLoadOrder,
  Progress,
  shiftSeconds,
  withLease,
} from '@tidemark/watermark-model';
import { filesPerFlush } from './copy-file-split';
import { lookbackStart, notBehind, rowsAhead } from './cursor-window';
import { ExtractPreview, ExtractRequest, ExtractResult } from './extract-request';
import { FileSizeEstimator } from './file-size-estimator';
import { ceilingHolder, heldBackWarning, unseenWritesWarning } from './held-back-warning';
import { recordManifest } from './manifest-record';
import { uploadFiles } from './upload-files';
import { addManifest, newRunResult, RunResult } from './run-result';

import { newRunId } from './run-id';
import { openRowFileWriter, RowFileWriter, sameValue, SourceRow, valuesOf } from './row-file-writer';
import { booleanValueRule, textLimits, unstorableTextRule } from './unstorable-values';
import { withBooleanChoice } from './boolean-columns';
import { runBinlogTable } from './binlog/binlog-table-run';
import { TableExtractorDeps } from './table-extractor-deps';

type LeasedRequest = ExtractRequest & { fencingToken: number; progress?: Progress; end?: LeaseEnd };

/** Without a view of open transactions, rows this young wait for a later run. */
export const DEFAULT_FALLBACK_LAG_SECONDS = 60;

/**
 * A first run's key scan stops this far behind the source's clock; the
 * rows written since are read after it in cursor order, newest last, as
 * every run reads them (ADR 0050).
 */
export const KEY_SCAN_RECENT_SECONDS = 60;

interface RunBounds {
  options: StrategyOptions;
  /** Undefined: the strategy has no ceiling; null: nothing at or below it. */
  ceiling: string | null | undefined;
  /** Timestamp strategies: the source's clock in the column's zone and precision, and where later rows start. */
  future?: { now: string; after: Cursor; warning?: string; heldBy?: string };
}

const warned = new Set<string>();
/** `message` the first time `key` asks in this process; undefined after. */
function onceFor(key: string, message: string): string | undefined {
  if (warned.has(key)) return undefined;
  warned.add(key);
  return message;
}

const ignore = (): void => undefined;

/** The order a run reads its window in, and the window's ceiling in the source's zone. */
interface WindowReading {
  reading: CdcStrategy;
  ceiling: string | null | undefined;
}

interface ExtractPlan {
  keyset: KeysetTable;
  strategy: CdcStrategy;
  options: StrategyOptions;
  /** Cursor values are UTC in the watermark, the column's wall time in queries. */
  zone: SourceZone;
  /** Said in the run's warnings (booleans the warehouse could not confirm). */
  warning?: string;
}

export type { ExtractProgress, TableExtractorDeps } from './table-extractor-deps';

/** The load order as the constant last column of a manifest's files. */
const toConstant = (loadOrder: ManifestLoadOrder) => ({ name: loadOrder.column, value: loadOrder.value });

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
    const { watermarks } = this.deps;
    const id = { pipeline: req.pipeline, table: req.tableKey };
    const plan = await this.preparePlan(req);
    return withLease(
      watermarks,
      id,
      'extract',
      this.deps.holder,
      (fencingToken, progress, _signal, end) => this.runLeased(req, plan, fencingToken, started, progress, end),
      {
        ttlSeconds: this.deps.leaseTtlSeconds,
        stuckSeconds: this.deps.leaseStuckSeconds,
        isDeadHolder: this.deps.isDeadHolder,
      },
    );
  }

  /** Checks the request and the source table; no lease, no writes. */
  private async preparePlan(req: ExtractRequest): Promise<ExtractPlan> {
    const { source } = this.deps;
    const keyProblem = tablePrefixProblem(req.location);
    if (keyProblem) throw badInput(`table ${req.tableKey} cannot be backed up: ${keyProblem}`);
    const strategy = strategyFor(req.strategy ?? 'hybrid');
    const filter = req.filter === undefined ? undefined : validateCustomFilter(req.filter);
    if (strategy.name === 'custom' && filter === undefined) {
      throw badInput(
        `table ${req.tableKey}: the custom strategy needs a WHERE filter (set "where" in the pipeline config)`,
      );
    }
    const resolved = await resolveSourceTable(source, req.location.schema, req.location.table, req.cursorColumn, {
      cursorColumn: strategy.needsCursorColumn,
      primaryKey: strategy.needsPrimaryKey,
      strategy: strategy.name,
      keyColumns: req.keyColumns,
    });
    const { table, warning } = await withBooleanChoice(resolved.table, req);
    const cursorColumn =
      resolved.cursorColumn && (table.columns.find((c) => c.name === resolved.cursorColumn?.name) ?? null);
    const keyset: KeysetTable = {
      schema: table.schema,
      table: table.table,
      columns: table.columns,
      cursorColumn,
      keyColumns: table.primaryKey,
      keyIsPrimaryIndex: table.primaryKey.length > 0 && !req.keyColumns?.length,
    };
    const zone = zoneOfColumn(cursorColumn?.dataType, SourceZone.parse(req.sourceTimezone));
    return { keyset, strategy, options: { filter }, zone, warning };
  }

  /**
   * What the next run would read, without reading it (`sync --dry-run`):
   * the stored cursor, where reading starts (after lookback), the ceiling
   * (lag, or the newest key of a snapshot) and the first page's query.
   * Takes no lease and changes nothing; it only asks the source for the ceiling.
   */
  async describe(req: ExtractRequest): Promise<ExtractPreview> {
    const plan = await this.preparePlan(req);
    const current = await this.deps.watermarks.get({ pipeline: req.pipeline, table: req.tableKey });
    const stored = await this.startCursor(current?.extract.cursor ?? EMPTY_CURSOR, new Date());
    const { options, ceiling: bound, future } = await this.bounds(req, plan);
    const { reading, ceiling } = this.windowReading(plan, stored, bound, future?.now);
    const startsAfter = plan.zone.cursorToSource(lookbackStart(reading.start(stored), req.lookbackSeconds));
    const limit = Math.min(req.batchSize, req.limitRows ?? Infinity);
    return {
      tableKey: req.tableKey,
      strategy: plan.strategy.name,
      storedCursor: stored,
      startsAfter,
      ceiling: ceiling === undefined ? null : ceiling,
      ...(future?.heldBy ? { ceilingHeldBy: future.heldBy } : {}),
      nothingToRead: ceiling === null,
      firstPage: reading.pageQuery(plan.keyset, { after: startsAfter, ceiling: ceiling ?? null, limit }, options),
    };
  }

  /**
   * The query options (custom filter, safe ceiling) and the run's ceiling:
   * undefined when the strategy has none, null when nothing is at or below
   * it. Timestamp strategies also get the source's current time, after which
   * rows are future-dated.
   */
  private async bounds(req: ExtractRequest, plan: ExtractPlan): Promise<RunBounds> {
    const { strategy, keyset, zone } = plan;
    const timeline =
      strategy.needsCursorColumn && keyset.cursorColumn ? await this.timeline(req, keyset.cursorColumn) : undefined;
    const options = { ...plan.options, notAfter: timeline && zone.toSource(timeline.notAfter) };
    const ceilingQuery = strategy.ceilingQuery(keyset, options);
    if (!ceilingQuery) return { options, ceiling: undefined };
    const [{ ceiling: raw }] = await this.deps.source.query<{ ceiling: string | null }>(ceilingQuery);
    const future = timeline && {
      now: zone.toSource(truncateToPrecision(timeline.now, timeline.precision)),
      after: zone.cursorToSource(futureStart(strategy, timeline.now, timeline.precision)),
      warning: timeline.warning,
      heldBy: timeline.heldBy,
    };
    if (raw === null) return { options, ceiling: null, future };
    return { options, ceiling: strategy.needsCursorColumn ? canonicalTimestamp(String(raw)) : String(raw), future };
  }

  /**
   * A hybrid table's first run reads in key order (ADR 0050), up to the
   * ceiling of the run that started the scan, at most KEY_SCAN_RECENT_SECONDS
   * before the source's clock (`now`, source zone); every other run reads in
   * its strategy's order up to its own ceiling.
   */
  private windowReading(plan: ExtractPlan, stored: Cursor, bound: string | null | undefined, now?: string): WindowReading {
    const scan = keyScanOf(plan.strategy, stored, plan.keyset);
    if (scan?.ceilingUtc) {
      return {
        reading: new KeyScanStrategy(plan.strategy, scan.ceilingUtc),
        ceiling: plan.zone.toSource(scan.ceilingUtc),
      };
    }
    if (!scan || bound === null || bound === undefined) return { reading: plan.strategy, ceiling: bound };
    const recent = now && shiftSeconds(now, -KEY_SCAN_RECENT_SECONDS);
    const ceiling = recent && recent < bound ? recent : bound;
    return { reading: new KeyScanStrategy(plan.strategy, plan.zone.toUtc(ceiling)), ceiling };
  }

  /**
   * Where a finished key scan leaves the cursor (source zone): where the
   * cursor order would have, the last row at the ceiling, or the ceiling
   * alone when no row is there any more.
   */
  private async keyScanEnd(plan: ExtractPlan, ceiling: string, raw: boolean): Promise<Cursor> {
    const query = lastRowAtQuery(plan.keyset, ceiling, plan.options.filter);
    const stream = raw ? this.deps.source.streamRaw(query) : this.deps.source.stream(query);
    for await (const rows of readBatches<SourceRow>(stream)) {
      if (rows.length > 0) return plan.strategy.cursorOf(plan.keyset, valuesOf(rows[0]));
    }
    return { timestamp: ceiling, primaryKey: null };
  }

  /** The source's clock, turned into this run's safe ceiling for the cursor column (UTC). */
  private async timeline(req: ExtractRequest, cursorColumn: ColumnSchema) {
    const clock = await readSourceClock((q) => this.deps.source.query(q));
    const precision = precisionOf(cursorColumn.scale);
    const fallbackLagSeconds = req.fallbackLagSeconds ?? DEFAULT_FALLBACK_LAG_SECONDS;
    const safe = safeCeiling(clock, { precision, lagSeconds: req.lagSeconds, fallbackLagSeconds });
    const source = this.deps.source.name;
    const heldBy = ceilingHolder(clock, safe);
    const held = heldBackWarning(source, heldBy, clock, safe);
    const warning =
      safe.limitedBy === 'fallback-lag'
        ? onceFor(`${source} ${clock.unseenBecause}`, unseenWritesWarning(source, clock, fallbackLagSeconds))
        : held && onceFor(`${source} held by ${clock.openWrites?.oldest?.thread}`, held);
    return { now: clock.now, precision, notAfter: safe.notAfter, warning, heldBy };
  }

  private async runLeased(
    req: ExtractRequest,
    plan: ExtractPlan,
    fencingToken: number,
    started: number,
    progress: Progress,
    end: LeaseEnd,
  ) {
    await faultPoint('lease:held');
    const { watermarks } = this.deps;
    const id = { pipeline: req.pipeline, table: req.tableKey };
    const current = await watermarks.get(id);
    await watermarks.markExtractStarted(id, plan.strategy.name);
    const runId = newRunId(new Date(started));
    // Made at the first row: a run that finds nothing new touches no disk.
    const workDir = new LazyWorkDirectory(this.deps.settings.workDirectory, runId);
    // A small memory limit: DuckDB spills the staging table to disk past it, so
    // the process stays flat however large the files are. One thread: a file is
    // one ordered stream (a pipe, then a Parquet writer) that a second thread
    // cannot split, and it doubled DuckDB's CPU for the same rows (ADR 0040).
    const session = new LazyDuckdbSession({ tempDirectory: join(workDir.path, 'duckdb'), memoryLimit: '96MB', threads: 1 });
    try {
      const leased = { ...req, fencingToken, progress, end };
      const result =
        plan.strategy.name === 'binlog'
          ? await runBinlogTable(this.deps, {
              ...plan,
              req: leased,
              stored: current?.extract.cursor ?? EMPTY_CURSOR,
              runId,
              // A binlog run always reads the stream, so its directory is made at once.
              workDir: await workDir.claim(),
              session,
            })
          : await this.extract(
              leased,
              plan,
              await this.startCursor(current?.extract.cursor ?? EMPTY_CURSOR, new Date(started)),
              runId,
              workDir,
              session,
            );
      // A snapshot's one commit ended the run (RunEnding); other runs end here.
      if (!end.released) await watermarks.markExtractSucceeded(id, { futureRows: result.futureRows });
      return { ...result, seconds: (Date.now() - started) / 1000 };
    } catch (error) {
      await watermarks.markExtractFailed(id, (error as Error).message).catch(() => undefined);
      throw error;
    } finally {
      await session.close();
      await workDir.release();
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
    workDir: LazyWorkDirectory,
    session: LazyDuckdbSession,
  ): Promise<RunResult> {
    const { settings } = this.deps;
    const { keyset, strategy, zone } = plan;
    const result = newRunResult(req.tableKey, runId, stored);
    const record = (manifest: Manifest) => addManifest(result, manifest);
    // Every file ends with its manifest's load order: the run's fencing token, then the manifest's number in the run.
    const loadOrderColumn = loadOrderColumnOf(keyset.columns);
    const loadOrderOf = (manifestNumber: number): ManifestLoadOrder => ({
      column: loadOrderColumn,
      value: loadOrderValue(req.fencingToken, manifestNumber),
    });
    // A snapshot is one manifest; otherwise each flush is the run's next one.
    const nextLoadOrder = () => loadOrderOf(strategy.snapshot ? 1 : result.manifestIds.length + 1);
    const { options, ceiling: runCeiling, future } = await this.bounds(req, plan);
    const window = this.windowReading(plan, stored, runCeiling, future?.now);
    let reading = window.reading;
    const bound = window.ceiling;
    if (future?.warning) result.warnings.push(future.warning);
    if (plan.warning) result.warnings.push(plan.warning);
    if (bound === null && strategy.snapshot) {
      // Nothing at or below the ceiling. An empty snapshot still replaces the target: the table is empty.
      record(await this.commitManifest(req, plan, runId, new Date(), 1, [], stored, stored, loadOrderOf(1), result));
      return result;
    }

    // Opened at the first row: most incremental runs find none.
    let writer: RowFileWriter | undefined;
    const unstorable = unstorableTextRule(req, keyset);
    const booleans = booleanValueRule(req, keyset);
    const rawRows = csvWritable(keyset.columns);
    const openWriter = async () =>
      (writer ??= await openRowFileWriter(
        await workDir.claim().then(() => session.get()),
        keyset.columns,
        {
          rowGroupRows: settings.rowGroupRows,
          rules: new ValueRules(keyset.columns, textLimits(req, keyset), unstorable, booleans),
          fileTypes: req.fileTypeOf && keyset.columns.map(req.fileTypeOf),
        },
        rawRows ? { directory: workDir.path, nextLoadOrder: () => toConstant(nextLoadOrder()) } : undefined,
      ));
    const buffered = () => writer?.bufferedRows ?? 0;
    const sizes = new FileSizeEstimator(settings.targetFileBytes);
    const startedAt = new Date();
    // Cursors are taken from rows only where they are needed (a file's ends,
    // a page's end): per row, they cost more CPU than encoding the row.
    let after = zone.cursorToSource(lookbackStart(reading.start(stored), req.lookbackSeconds));
    // Rows will come: DuckDB opens while the first page is read instead of at its first row (ADR 0055).
    // A failure is kept by both lazies and thrown at the first row, as without this; the run waits for
    // it before closing them, or a session opened after the close would be left open.
    const warming = rowsAhead(bound, after)
      ? workDir.claim().then(() => session.get()).then(ignore, ignore)
      : undefined;
    let lastRow: SourceRow | undefined;
    let settledRow: SourceRow | undefined;
    let fileStartRow: SourceRow | undefined;
    const settle = () => {
      if (lastRow && lastRow !== settledRow) after = reading.cursorOf(keyset, valuesOf(lastRow));
      settledRow = lastRow;
    };
    let chunks = 0;
    /** Set while future-dated rows are read: their files must not move the cursor past the safe ceiling. */
    let heldCursor: Cursor | undefined;

    const snapshotFiles: ManifestFile[] = [];
    let snapshotStart: Cursor | null = null;
    /** The next file's number in the run, which also numbers its manifest; an empty manifest takes one too. */
    let sequence = 1;
    const flushFile = async () => {
      if (!writer || writer.bufferedRows === 0 || fileStartRow === undefined) return;
      settle();
      const maxCursor = heldCursor ?? notBehind(zone.cursorToUtc(after), stored);
      const minCursor = heldCursor ?? zone.cursorToUtc(reading.cursorOf(keyset, valuesOf(fileStartRow)));
      const rawBytes = writer.bufferedBytes;
      const seq = sequence;
      const compressedBytes = sizes.compressedSize(rawBytes);
      const parts = filesPerFlush({ rows: writer.bufferedRows, compressedBytes, slices: settings.slices ?? 1 });
      const loadOrder = nextLoadOrder();
      const target = { store: this.deps.store, location: req.location, runId, startedAt, workDir: workDir.path };
      const files = await uploadFiles(target, writer, seq, parts, loadOrder);
      sequence += files.length;
      await faultPoint('extract:after-upload');
      sizes.learn(
        rawBytes,
        files.reduce((n, f) => n + f.bytes, 0),
      );
      fileStartRow = undefined;
      if (strategy.snapshot) {
        // A snapshot is registered whole at the end: a half-read table must never replace the target.
        snapshotFiles.push(...files);
        snapshotStart ??= minCursor;
      } else {
        record(await this.commitManifest(req, plan, runId, startedAt, seq, files, minCursor, maxCursor, loadOrder));
      }
      this.deps.onProgress?.({
        tableKey: req.tableKey,
        rows: result.rows + snapshotFiles.reduce((n, f) => n + f.rows, 0),
        files: result.files + snapshotFiles.length,
      });
    };

    // A snapshot replaces the target, so it is read whole: --limit and --max-chunks do not cut it.
    const limitRows = strategy.snapshot ? undefined : req.limitRows;
    const maxChunks = strategy.snapshot ? undefined : req.maxChunks;
    const remaining = () => (limitRows === undefined ? Infinity : limitRows - result.rows - buffered());
    const tieBreak = strategy.paged || !keyset.cursorColumn ? undefined : keyset.columns.indexOf(keyset.cursorColumn);
    /** Set when a key scan read its last page: the cursor then becomes an ordinary one (ADR 0050). */
    let scanEnded = false;
    /** Reads (after, ceiling] page by page into files; returns the rows read. */
    const readWindow = async (ceiling: string | null) => {
      let rowsRead = 0;
      let lastPage = false;
      for (;;) {
        if (remaining() <= 0 || (maxChunks !== undefined && chunks >= maxChunks)) break;
        const limit = Math.min(req.batchSize, remaining());
        const query = reading.pageQuery(keyset, { after, ceiling, limit }, options);
        let pageRows = 0;
        const stream = rawRows ? this.deps.source.streamRaw(query) : this.deps.source.stream(query);
        read: for await (const rows of readBatches<SourceRow>(stream)) {
          req.signal?.throwIfAborted();
          req.progress?.();
          const out = await openWriter();
          await out.drained?.();
          for (const row of rows) {
            // Unpaged (timestamp_only): stop, and commit a file, only between two timestamps, never
            // inside a tie: the next run (after a failure too) resumes after the committed timestamp.
            if (tieBreak !== undefined && lastRow && !sameValue(row, lastRow, tieBreak)) {
              if (remaining() <= 0) break read;
              if (out.bufferedBytes >= sizes.rawLimit) await flushFile();
            }
            const wait = out.append(row);
            if (wait) await wait;
            pageRows++;
            lastRow = row;
            fileStartRow ??= row;
            if (chunks === 1 && pageRows === 1) await faultPoint('extract:during-read');
            if (tieBreak === undefined && out.bufferedBytes >= sizes.rawLimit) await flushFile();
          }
        }
        settle();
        chunks++;
        rowsRead += pageRows;
        lastPage = !reading.paged || pageRows < limit;
        if (lastPage) break;
      }
      if (lastPage && reading instanceof KeyScanStrategy && ceiling !== null) {
        // The rest of the buffer is committed with the cursor the scan ends at.
        after = await this.keyScanEnd(plan, ceiling, Boolean(rawRows));
        scanEnded = true;
      }
      await flushFile();
      return rowsRead;
    };

    try {
      if (bound !== null) await readWindow(bound ?? null);
      if (scanEnded && (result.cursor.keyScan || result.cursor.timestamp === null)) {
        // Nothing was buffered after the last file: the scan's end moves the cursor by itself.
        const end = zone.cursorToUtc(after);
        record(await this.commitManifest(req, plan, runId, startedAt, sequence++, [], end, end, nextLoadOrder()));
      }
      reading = strategy;
      // The scan read up to its own ceiling (the first run's, and not the newest rows); the rest up to this run's is due now.
      if (scanEnded && runCeiling && bound && runCeiling > bound) await readWindow(runCeiling);
      if (future && req.deliverFutureRows !== false && remaining() > 0) {
        // Rows dated after the source's clock: delivered now (the loader keeps the newest version of a key)
        // and again by every run until their time has come, but never allowed to carry the cursor with them.
        heldCursor = result.cursor;
        after = future.after;
        const [{ ceiling: newest }] = await this.deps.source.query<{ ceiling: string | null }>(
          strategy.ceilingQuery(keyset, plan.options) as BoundQuery,
        );
        // Most tables have none: their newest row is not after the clock, and no page query is needed.
        const ceiling = newest === null ? null : canonicalTimestamp(String(newest));
        if (ceiling !== null && ceiling > future.now) result.futureRows = await readWindow(ceiling);
      } else if (future && keyset.cursorColumn) {
        const [{ n }] = await this.deps.source.query<{ n: number | string }>(
          countAfterQuery(keyset, keyset.cursorColumn, future.now, plan.options.filter),
        );
        result.futureRows = Number(n);
      }
    } finally {
      await warming;
      // Also after a failure: a CSV writer's pipe would keep DuckDB waiting for its end.
      await writer?.close();
    }
    result.unstorableChanged = unstorable.changed;
    const nulled = nulledBooleansWarning(req.tableKey, booleans);
    if (nulled) result.warnings.push(nulled);
    if (strategy.snapshot) {
      const end = zone.cursorToUtc(after);
      record(
        await this.commitManifest(
          req,
          plan,
          runId,
          startedAt,
          1,
          snapshotFiles,
          snapshotStart ?? end,
          end,
          loadOrderOf(1),
          result,
        ),
      );
    }
    return result;
  }

  /**
   * Records the batch as a manifest (recordManifest): its JSON beside its
   * files, then the watermark commit. `endsRun`: the run's last commit (a
   * snapshot's one), which also releases the lease and marks the run succeeded.
   */
  private commitManifest(
    req: LeasedRequest,
    plan: ExtractPlan,
    runId: string,
    startedAt: Date,
    sequence: number,
    files: ManifestFile[],
    minCursor: Cursor,
    maxCursor: Cursor,
    loadOrder: ManifestLoadOrder,
    endsRun?: RunResult,
  ): Promise<Manifest> {
    const owner = { ...req, strategy: plan.strategy.name, keyset: plan.keyset };
    const ending = endsRun && req.end && { end: req.end, summary: { futureRows: endsRun.futureRows } };
    return recordManifest(
      this.deps.store,
      this.deps.watermarks,
      owner,
      { runId, startedAt, sequence, files, minCursor, maxCursor, loadOrder },
      ending,
    );
  }
}
