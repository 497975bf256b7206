import { PipelineConfig } from '@tidemark/config';
import { CleanupInputs } from './cleanup-inputs';
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
async function tablesWithFiles(inputs: CleanupInputs, pipeline: PipelineConfig): Promise<string[]> {
  const byPrefix = new Map<string, string>();
  for (const t of await syncedTables(await inputs.watermarks.api(), inputs.objectPrefix, pipeline))
    if (!byPrefix.has(t.prefix)) byPrefix.set(t.prefix, t.table);
  return [...byPrefix.values()];
}

/** `cleanTable` for every synced table of a pipeline. */
export async function cleanPipeline(
  inputs: CleanupInputs,
  pipeline: PipelineConfig,
  o: CleanOptions,
): Promise<PipelineCleanup> {
  keyPatternMatcher(o.pattern); // a bad pattern is refused even when no table has files
  const tables: TableCleanup[] = [];
  for (const table of await tablesWithFiles(inputs, pipeline))
    tables.push(await cleanTable(inputs, pipeline, table, o));
  return {
    pipeline: pipeline.name,
    dryRun: Boolean(o.dryRun),
    tables,
    summary: addSummaries(tables.map((t) => t.summary)),
  };
}
