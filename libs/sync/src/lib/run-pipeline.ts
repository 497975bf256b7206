import { isTidemarkError } from '@tidemark/errors';
import { EmbeddedContext } from './embedded-context';
import { resolvePipeline, SyncOptions, SyncResult, syncTable } from './sync-table';

export interface TableOutcome {
  table: string;
  status: 'success' | 'failed' | 'skipped';
  result?: SyncResult;
  error?: string;
}

export interface PipelineRunOptions extends SyncOptions {
  /** Default: every table listed in the pipeline's config. */
  tables?: string[];
  /** Stops the run between rows (extract) or before a table starts; nothing partial is committed. */
  signal?: AbortSignal;
}

/**
 * Runs a pipeline's tables one after another. A table that fails is
 * reported and the others still run; after an abort the rest are skipped.
 */
export async function runPipeline(ctx: EmbeddedContext, pipelineName: string, o: PipelineRunOptions = {}): Promise<TableOutcome[]> {
  const pipeline = resolvePipeline(ctx, pipelineName);
  const tables = o.tables ?? pipeline.tables.map((t) => t.key);
  const outcomes: TableOutcome[] = [];
  for (const table of tables) {
    if (o.signal?.aborted) {
      outcomes.push({ table, status: 'skipped', error: 'not started: the run was stopped' });
      continue;
    }
    try {
      outcomes.push({ table, status: 'success', result: await syncTable(ctx, pipeline.name, table, o) });
    } catch (error) {
      if (!isTidemarkError(error) && !o.signal?.aborted) throw error;
      outcomes.push({ table, status: 'failed', error: (error as Error).message });
    }
  }
  return outcomes;
}
