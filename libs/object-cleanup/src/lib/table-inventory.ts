import { badInput } from '@tidemark/errors';
import { EmbeddedContext, resolvePipeline, tableTarget } from '@tidemark/sync';
import { classifyObjects, TableObject } from './object-status';
import { listUnder, manifestsUnder, tableObjectPrefix } from './table-objects';

export interface TableInventory {
  pipeline: string;
  table: string;
  prefix: string;
  objects: TableObject[];
}

/** Every object under a synced table's prefix, with the status of the manifest it belongs to. */
export async function tableInventory(
  ctx: EmbeddedContext,
  pipelineName: string,
  tableKey: string,
): Promise<TableInventory> {
  const pipeline = resolvePipeline(ctx, pipelineName);
  const table = tableTarget(pipeline, tableKey).key;
  if (!(await (await ctx.watermarks()).get({ pipeline: pipeline.name, table }))) {
    throw badInput(
      `table ${table} has no watermark in pipeline "${pipeline.name}": it has never been synced, so none of its files are known`,
    );
  }
  const prefix = tableObjectPrefix(ctx, pipeline, table);
  // Objects first, manifests second: a file committed in between is then seen as registered, never as an orphan.
  const listed = await listUnder(ctx.store(), prefix);
  const manifests = await manifestsUnder(ctx, pipeline, prefix);
  return { pipeline: pipeline.name, table, prefix, objects: classifyObjects(listed, manifests) };
}
