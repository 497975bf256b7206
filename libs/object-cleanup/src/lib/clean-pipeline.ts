import { EmbeddedContext, resolvePipeline } from '@tidemark/sync';
import { addSummaries, CleanupSummary } from './cleanup-decision';
import { CleanOptions, cleanTable, TableCleanup } from './clean-table';
import { keyPatternMatcher } from './key-pattern';
import { syncedTables } from './table-objects';

export interface PipelineCleanup {
  pipeline: string;
  dryRun: boolean;
  tables: TableCleanup[];
  summary: CleanupSummary;
}

/** Tables of the pipeline that have a watermark, one per object prefix. */
async function tablesWithFiles(ctx: EmbeddedContext, pipelineName: string): Promise<string[]> {
  const byPrefix = new Map<string, string>();
  for (const t of await syncedTables(ctx, resolvePipeline(ctx, pipelineName)))
    if (!byPrefix.has(t.prefix)) byPrefix.set(t.prefix, t.table);
  return [...byPrefix.values()];
}

/** `cleanTable` for every synced table of a pipeline. */
export async function cleanPipeline(
  ctx: EmbeddedContext,
  pipelineName: string,
  o: CleanOptions,
): Promise<PipelineCleanup> {
  keyPatternMatcher(o.pattern); // a bad pattern is refused even when no table has files
  const tables: TableCleanup[] = [];
  for (const table of await tablesWithFiles(ctx, pipelineName))
    tables.push(await cleanTable(ctx, pipelineName, table, o));
  return {
    pipeline: pipelineName,
    dryRun: Boolean(o.dryRun),
    tables,
    summary: addSummaries(tables.map((t) => t.summary)),
  };
}
