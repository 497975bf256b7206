import { PipelineConfig, tableTarget } from '@tidemark/config';
import { badInput } from '@tidemark/errors';
import { CleanupInputs } from './cleanup-inputs';
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
  inputs: CleanupInputs,
  pipeline: PipelineConfig,
  tableKey: string,
): Promise<TableInventory> {
  const table = tableTarget(pipeline, tableKey).key;
  const watermarks = await inputs.watermarks.api();
  if (!(await watermarks.get({ pipeline: pipeline.name, table }))) {
    throw badInput(
      `table ${table} has no watermark in pipeline "${pipeline.name}": it has never been synced, so none of its files are known`,
    );
  }
  const prefix = tableObjectPrefix(inputs.objectPrefix, pipeline, table);
  // Objects first, manifests second: a file committed in between is then seen as registered, never as an orphan.
  const listed = await listUnder(inputs.store, prefix);
  const manifests = await manifestsUnder(watermarks, inputs.objectPrefix, pipeline, prefix);
  return { pipeline: pipeline.name, table, prefix, objects: classifyObjects(listed, manifests) };
}
