import { strategyFor } from '@tidemark/cdc';
import { findTableConfig, PipelineConfig } from '@tidemark/config';
import { runResources } from './run-resources';
import { EmbeddedContext } from './embedded-context';
import { tableTarget } from './table-target';

const TABLE_ROWS_SQL =
  'SELECT TABLE_ROWS AS estimate FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?';

/**
 * At most how many rows this extraction reads, when that is cheap to know,
 * for a progress display's ETA: `limitRows`, and for a run that reads the
 * whole table (the first run, or a full_sync snapshot) MySQL's own row
 * estimate from information_schema. Undefined when unknown; never fails.
 */
export async function estimateExtractRows(
  ctx: EmbeddedContext,
  pipeline: PipelineConfig,
  tableKey: string,
  limitRows?: number,
): Promise<number | undefined> {
  try {
    if (!(await readsWholeTable(ctx, pipeline, tableKey))) return limitRows;
    const target = tableTarget(pipeline, tableKey);
    const source = await runResources(ctx).source(target.connection);
    const [row] = await source.query<{ estimate: string | number | null }>({
      sql: TABLE_ROWS_SQL,
      params: [target.sourceSchema, target.sourceTable],
    });
    const estimate = row?.estimate === null || row?.estimate === undefined ? NaN : Number(row.estimate);
    if (!Number.isFinite(estimate)) return limitRows;
    return limitRows === undefined ? estimate : Math.min(limitRows, estimate);
  } catch {
    return limitRows;
  }
}

async function readsWholeTable(ctx: EmbeddedContext, pipeline: PipelineConfig, tableKey: string): Promise<boolean> {
  if (strategyFor(findTableConfig(pipeline, tableKey).strategy).snapshot) return true;
  const api = await runResources(ctx).watermarks();
  const cursor = (await api.get({ pipeline: pipeline.name, table: tableKey }))?.extract.cursor;
  if (cursor?.timestamp || cursor?.primaryKey) return false;
  return (await api.defaultStart(new Date())) === null;
}
