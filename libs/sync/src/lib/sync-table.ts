import { findTableConfig, PipelineConfig } from '@tidemark/config';
import { badInput } from '@tidemark/errors';
import { ExtractProgress, ExtractResult, TableExtractor } from '@tidemark/extraction';
import { LoadResult, TableLoader } from '@tidemark/loading';
import { parsePipelineName } from '@tidemark/watermark-model';
import { EmbeddedContext } from './embedded-context';
import { leaseHolderName } from './lease-holder';
import { tableTarget } from './table-target';

export interface SyncOptions {
  extract?: boolean;
  load?: boolean;
  limitRows?: number;
  maxChunks?: number;
  onProgress?: (p: ExtractProgress) => void;
  /** Stops extraction between rows; the file in progress is dropped, not committed. */
  signal?: AbortSignal;
}

export interface SyncResult {
  pipeline: string;
  table: string;
  extract?: ExtractResult;
  load?: LoadResult;
}

/** A pipeline named in config, or the implicit `default` one over the `default` connection. */
export function resolvePipeline(ctx: EmbeddedContext, name: string): PipelineConfig {
  parsePipelineName(name);
  const found = ctx.config.pipelines[name];
  if (found) return found;
  if (name === 'default' && ctx.config.connections['default']) {
    return { name, connection: 'default', tables: [] };
  }
  const known = Object.keys(ctx.config.pipelines);
  throw badInput(`pipeline "${name}" is not defined in config/pipelines/ (known: ${known.join(', ') || 'none'})`);
}

/** Extract then load one table, both in this process. */
export async function syncTable(
  ctx: EmbeddedContext,
  pipelineName: string,
  tableKey: string,
  options: SyncOptions = {},
): Promise<SyncResult> {
  const pipeline = resolvePipeline(ctx, pipelineName);
  const target = tableTarget(pipeline, tableKey);
  const { key, connection } = target;
  const tableConfig = findTableConfig(pipeline, key);
  const watermarks = await ctx.watermarks();
  const result: SyncResult = { pipeline: pipeline.name, table: key };

  if (options.extract !== false) {
    const extractor = new TableExtractor({
      source: await ctx.source(connection),
      store: ctx.store(),
      watermarks,
      settings: {
        ...ctx.config.extract,
        workDirectory: ctx.config.workDirectory,
      },
      onProgress: options.onProgress,
      holder: leaseHolderName(),
    });
    result.extract = await extractor.run({
      pipeline: pipeline.name,
      tableKey: key,
      location: {
        prefix: ctx.config.objectStore.prefix,
        pipeline: pipeline.name,
        connection,
        schema: target.sourceSchema,
        table: target.sourceTable,
      },
      strategy: tableConfig.strategy,
      filter: tableConfig.where,
      cursorColumn: tableConfig.cursorColumn,
      keyColumns: tableConfig.keyColumns,
      batchSize: tableConfig.batchSize,
      lagSeconds: tableConfig.lagSeconds,
      lookbackSeconds: tableConfig.lookbackSeconds,
      signal: options.signal,
      sourceTimezone: ctx.config.connections[connection]?.timezone,
      limitRows: options.limitRows,
      maxChunks: options.maxChunks,
    });
  }
  if (options.load !== false) {
    const loader = new TableLoader({
      warehouse: await ctx.warehouse(),
      dialect: ctx.dialect,
      store: ctx.store(),
      watermarks,
      workDirectory: ctx.config.workDirectory,
      holder: leaseHolderName(),
    });
    result.load = await loader.run({
      pipeline: pipeline.name,
      tableKey: key,
      targetSchema: target.targetSchema,
      targetTable: target.targetTable,
    });
  }
  return result;
}
