import { PipelineConfig } from '@tidemark/config';
import { ObjectStore, tablePrefix } from '@tidemark/object-store';
import { EmbeddedContext, tableTarget } from '@tidemark/sync';
import { ManifestSummary, parseTableKey } from '@tidemark/watermark-model';
import { ListedObject } from './object-status';

/** The folder that holds every file and manifest of a table, without a trailing `/`. */
export function tableObjectPrefix(ctx: EmbeddedContext, pipeline: PipelineConfig, tableKey: string): string {
  const target = tableTarget(pipeline, tableKey);
  return tablePrefix({
    prefix: ctx.config.objectStore.prefix,
    pipeline: pipeline.name,
    connection: target.connection,
    schema: target.sourceSchema,
    table: target.sourceTable,
  });
}

/** Every object below the prefix; the `/` keeps `orders` from taking in `orders_archive`. */
export async function listUnder(store: ObjectStore, prefix: string): Promise<ListedObject[]> {
  const objects: ListedObject[] = [];
  for await (const o of store.list(`${prefix}/`)) {
    objects.push({ ...o, relativeKey: o.key.slice(prefix.length + 1), uri: store.uri(o.key) });
  }
  return objects;
}

export interface SyncedTable {
  table: string;
  prefix: string;
}

/** Every table of the pipeline that has a watermark, with its prefix; a key without a schema never had files. */
export async function syncedTables(ctx: EmbeddedContext, pipeline: PipelineConfig): Promise<SyncedTable[]> {
  const watermarks = await (await ctx.watermarks()).list({ pipeline: pipeline.name });
  return watermarks
    .filter((w) => parseTableKey(w.table).schema)
    .map((w) => ({ table: w.table, prefix: tableObjectPrefix(ctx, pipeline, w.table) }));
}

/**
 * Manifests of every table of the pipeline whose files live under `prefix`:
 * `shop.orders` and `default:shop.orders` are two watermarks over one folder,
 * and one's files must never look like orphans to the other.
 */
export async function manifestsUnder(
  ctx: EmbeddedContext,
  pipeline: PipelineConfig,
  prefix: string,
): Promise<ManifestSummary[]> {
  const api = await ctx.watermarks();
  const manifests: ManifestSummary[] = [];
  for (const t of await syncedTables(ctx, pipeline)) {
    if (t.prefix === prefix) manifests.push(...(await api.manifests({ pipeline: pipeline.name, table: t.table })));
  }
  return manifests;
}
