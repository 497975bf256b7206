import { PipelineConfig, tableTarget } from '@tidemark/config';
import { ObjectStore, tablePrefix } from '@tidemark/object-store';
import { parseTableKey, WatermarkApi } from '@tidemark/watermark-model';
import { ListedObject } from './object-status';
import { RegisteredTable } from './restore-needs';

/** The folder that holds every file and manifest of a table, without a trailing `/`. */
export function tableObjectPrefix(objectPrefix: string, pipeline: PipelineConfig, tableKey: string): string {
  const target = tableTarget(pipeline, tableKey);
  return tablePrefix({
    prefix: objectPrefix,
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
export async function syncedTables(
  watermarks: WatermarkApi,
  objectPrefix: string,
  pipeline: PipelineConfig,
): Promise<SyncedTable[]> {
  return (await watermarks.list({ pipeline: pipeline.name }))
    .filter((w) => parseTableKey(w.table).schema)
    .map((w) => ({ table: w.table, prefix: tableObjectPrefix(objectPrefix, pipeline, w.table) }));
}

/**
 * Manifests of every table of the pipeline whose files live under `prefix`,
 * per table: `shop.orders` and `default:shop.orders` are two watermarks over
 * one folder, and one's files must never look like orphans to the other.
 */
export async function registeredUnder(
  watermarks: WatermarkApi,
  objectPrefix: string,
  pipeline: PipelineConfig,
  prefix: string,
): Promise<RegisteredTable[]> {
  const registered: RegisteredTable[] = [];
  for (const t of await syncedTables(watermarks, objectPrefix, pipeline)) {
    if (t.prefix === prefix)
      registered.push({ table: t.table, manifests: await watermarks.manifests({ pipeline: pipeline.name, table: t.table }) });
  }
  return registered;
}
