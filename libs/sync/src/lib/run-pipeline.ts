import { PipelineConfig } from '@tidemark/config';
import { EmbeddedContext } from './embedded-context';
import { TableOutcome } from './run-outcome';
import { mapWithLimit } from './run-pool';
import { runResources } from './run-resources';
import { runTable, TableRunOptions } from './run-table';
import { resolvePipeline } from './sync-table';
import { tableTarget } from './table-target';

export type { OutcomeStatus, TableOutcome } from './run-outcome';
export type { RunEvent, RunEventListener } from './run-events';
export type { TableRunOptions } from './run-table';

export interface PipelineRunOptions extends TableRunOptions {
  /** Default: every table listed in the pipeline's config. */
  tables?: string[];
  /** Tables worked at once; default `parallelTables` from the config. */
  parallel?: number;
  /** Stops the run between rows (extract) or before a table starts; nothing partial is committed. */
  signal?: AbortSignal;
}

/** The tables to run as canonical keys, each once, in the order given; every key is checked before any table starts. */
function tablesToRun(pipeline: PipelineConfig, requested?: string[]): string[] {
  const keys = (requested ?? pipeline.tables.map((t) => t.key)).map((key) => tableTarget(pipeline, key).key);
  return [...new Set(keys)];
}

/**
 * Runs a pipeline's tables, up to `parallel` at once; the outcomes come in
 * table order. A table that fails is reported and the others still run;
 * after an abort, tables not yet started are skipped.
 */
export async function runPipeline(
  ctx: EmbeddedContext,
  pipelineName: string,
  o: PipelineRunOptions = {},
): Promise<TableOutcome[]> {
  const pipeline = resolvePipeline(ctx, pipelineName);
  const tables = tablesToRun(pipeline, o.tables);
  const parallel = Math.max(1, o.parallel ?? ctx.config.parallelTables);
  await runResources(ctx).watermarks();
  o.onEvent?.({ type: 'run-started', pipeline: pipeline.name, tables, parallel });
  return mapWithLimit(tables, parallel, (table) => runTable(ctx, pipeline, table, o));
}
