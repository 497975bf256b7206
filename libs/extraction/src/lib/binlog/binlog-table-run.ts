import { CdcStrategy, KeysetTable } from '@tidemark/cdc';
import { faultPoint } from '@tidemark/fault-injection';
import { LazyDuckdbSession, nulledBooleansWarning, ValueRules } from '@tidemark/parquet';
import { changeColumnsOf, changeColumnSchemas, loadOrderColumnOf } from '@tidemark/schema';
import { Cursor, loadOrderValue, ManifestFile, Progress, SourceCommitTimes } from '@tidemark/watermark-model';
import { filesPerFlush } from '../copy-file-split';
import { ExtractRequest } from '../extract-request';
import { addManifest, newRunResult, RunResult } from '../run-result';
import { FileSizeEstimator } from '../file-size-estimator';
import { recordManifest } from '../manifest-record';
import { openRowFileWriter } from '../row-file-writer';
import { booleanValueRule, textLimits, unstorableTextRule } from '../unstorable-values';
import { uploadFiles } from '../upload-files';
import { extractBinlog } from './binlog-extraction';
import { ChangeFiles } from './change-files';
import { TableExtractorDeps } from '../table-extractor-deps';

/** A new table's change order starts above every order a run with an earlier fencing token can have written. */
const ORDER_SEED_BITS = 40n;

export interface BinlogTableRun {
  req: ExtractRequest & { fencingToken: number; progress?: Progress };
  keyset: KeysetTable;
  strategy: CdcStrategy;
  stored: Cursor;
  runId: string;
  workDir: string;
  session: LazyDuckdbSession;
}

/**
 * A binlog table's run (ADR 0041): its files carry the change columns after
 * the source columns, and each manifest is committed with the binlog
 * watermark that ChangeFiles builds.
 */
export async function runBinlogTable(deps: TableExtractorDeps, run: BinlogTableRun): Promise<RunResult> {
  const { req, keyset, stored, runId, workDir } = run;
  const { settings } = deps;
  const result = newRunResult(req.tableKey, runId, stored);
  const changes = changeColumnsOf(keyset.columns);
  const fileKeyset = { ...keyset, columns: [...keyset.columns, ...changeColumnSchemas(changes)] };
  const unstorable = unstorableTextRule(req, fileKeyset);
  const booleans = booleanValueRule(req, fileKeyset);
  const writer = await openRowFileWriter(await run.session.get(), fileKeyset.columns, {
    rowGroupRows: settings.rowGroupRows,
    rules: new ValueRules(fileKeyset.columns, textLimits(req, fileKeyset), unstorable, booleans),
    fileTypes: req.fileTypeOf && fileKeyset.columns.map(req.fileTypeOf),
  });
  const sizes = new FileSizeEstimator(settings.targetFileBytes);
  const startedAt = new Date();
  const loadOrderColumn = loadOrderColumnOf(keyset.columns);
  const owner = { ...req, strategy: run.strategy.name, keyset };

  const record = async (maxCursor: Cursor, sourceCommitTimes?: SourceCommitTimes) => {
    const manifestNumber = result.manifestIds.length + 1;
    const loadOrder = { column: loadOrderColumn, value: loadOrderValue(req.fencingToken, manifestNumber) };
    let files: ManifestFile[] = [];
    if (writer.bufferedRows > 0) {
      const rawBytes = writer.bufferedBytes;
      const parts = filesPerFlush({
        rows: writer.bufferedRows,
        compressedBytes: sizes.compressedSize(rawBytes),
        slices: settings.slices ?? 1,
      });
      const target = { store: deps.store, location: req.location, runId, startedAt, workDir };
      files = await uploadFiles(target, writer, result.files + 1, parts, loadOrder);
      await faultPoint('extract:after-upload');
      sizes.learn(
        rawBytes,
        files.reduce((n, f) => n + f.bytes, 0),
      );
    }
    const manifest = await recordManifest(deps.store, deps.watermarks, owner, {
      runId,
      startedAt,
      sequence: manifestNumber,
      files,
      minCursor: result.cursor,
      maxCursor,
      loadOrder,
      changes,
      ...(sourceCommitTimes ? { sourceCommitTimes } : {}),
    });
    addManifest(result, manifest);
    deps.onProgress?.({ tableKey: req.tableKey, rows: result.rows, files: result.files });
  };

  const lastOrder = stored.binlog ? BigInt(stored.binlog.order) : BigInt(req.fencingToken) << ORDER_SEED_BITS;
  const files = new ChangeFiles(writer, sizes.rawLimit, lastOrder, record);
  try {
    await extractBinlog({
      pipeline: req.pipeline,
      tableKey: req.tableKey,
      batchSize: req.batchSize,
      keyset,
      strategy: run.strategy,
      source: deps.source,
      stored,
      files,
      warnings: result.warnings,
      signal: req.signal,
      progress: req.progress,
    });
  } finally {
    await writer.close();
  }
  result.unstorableChanged = unstorable.changed;
  const nulled = nulledBooleansWarning(req.tableKey, booleans);
  if (nulled) result.warnings.push(nulled);
  return result;
}
