import { PipelineConfig } from '@tidemark/config';
import { TidemarkError } from '@tidemark/errors';
import { ExtractResult } from '@tidemark/extraction';
import { LoadResult } from '@tidemark/loading';
import { EmbeddedContext } from './embedded-context';
import { RunEventListener } from './run-events';
import { estimateExtractRows } from './run-estimate';
import { loadCheckProblem } from './run-load-check';
import { errorCodeOf, errorMessageOf, TableOutcome } from './run-outcome';
import { runResources } from './run-resources';
import { SyncOptions, SyncResult, syncTable } from './sync-table';
import { tableTarget } from './table-target';

export interface TableRunOptions extends SyncOptions {
  onEvent?: RunEventListener;
  /** Ask MySQL for a cheap row estimate before extracting, so a progress display can show an ETA. */
  estimateRows?: boolean;
}

interface TableRun {
  ctx: EmbeddedContext;
  pipeline: PipelineConfig;
  /** Canonical table key. */
  table: string;
  o: TableRunOptions;
  emit: RunEventListener;
}

/**
 * Extracts then loads one table and says how that went; never throws. A
 * table is a success only when each stage asked for finished and the load
 * passed loadCheckProblem. After an abort, a table not yet started is
 * skipped.
 */
export async function runTable(
  ctx: EmbeddedContext,
  pipeline: PipelineConfig,
  table: string,
  o: TableRunOptions = {},
): Promise<TableOutcome> {
  const emit: RunEventListener = o.onEvent ?? (() => undefined);
  const started = Date.now();
  const outcome: TableOutcome = { table, status: 'skipped', startedAt: new Date(started).toISOString(), seconds: 0 };
  if (o.signal?.aborted) {
    outcome.error = 'not started: the run was stopped';
    emit({ type: 'table-finished', outcome });
    return outcome;
  }
  emit({ type: 'table-started', table });
  const run: TableRun = { ctx, pipeline, table, o, emit };
  const result: SyncResult = { pipeline: pipeline.name, table };
  let stage: 'extract' | 'load' = 'extract';
  let failure: unknown;
  try {
    if (o.extract !== false) result.extract = await extractStage(run);
    stage = 'load';
    if (o.load !== false) await loadStage(run, result);
    outcome.status = 'success';
  } catch (error) {
    failure = error;
    Object.assign(outcome, {
      status: 'failed',
      error: errorMessageOf(error),
      errorCode: errorCodeOf(error),
      failedStage: stage,
    });
  }
  outcome.result = result;
  outcome.seconds = (Date.now() - started) / 1000;
  emit({ type: 'table-finished', outcome, error: failure });
  return outcome;
}

async function extractStage({ ctx, pipeline, table, o, emit }: TableRun): Promise<ExtractResult> {
  await runResources(ctx).source(tableTarget(pipeline, table).connection);
  const expectedRows = o.estimateRows ? await estimateExtractRows(ctx, pipeline, table, o.limitRows) : o.limitRows;
  emit({ type: 'extract-started', table, expectedRows });
  const { extract } = await syncTable(ctx, pipeline.name, table, {
    ...o,
    load: false,
    onProgress: (p) => {
      o.onProgress?.(p);
      emit({ type: 'extract-progress', table, rows: p.rows, files: p.files });
    },
  });
  const done = extract as ExtractResult;
  emit({ type: 'extract-finished', table, result: done });
  return done;
}

/** Loads, then checks from the watermark side that the load took what was pending; `result.load` is set even when that check fails. */
async function loadStage({ ctx, pipeline, table, o, emit }: TableRun, result: SyncResult): Promise<void> {
  const resources = runResources(ctx);
  await resources.warehouse();
  const api = await resources.watermarks();
  const id = { pipeline: pipeline.name, table };
  const before = await api.pendingManifests(id);
  emit({ type: 'load-started', table, manifests: before.length, rows: before.reduce((n, m) => n + m.rowCount, 0) });
  const schema = tableTarget(pipeline, table).targetSchema;
  const { load } = await resources.loadInto(schema, () =>
    syncTable(ctx, pipeline.name, table, { ...o, extract: false }),
  );
  result.load = load as LoadResult;
  const problem = loadCheckProblem(before, await api.pendingManifests(id), result.load);
  if (problem) throw new TidemarkError('LOAD_MISMATCH', `table ${table}: ${problem}`);
  emit({ type: 'load-finished', table, result: result.load });
}
