import { PipelineConfig, tableTarget } from '@tidemark/config';
import { badInput } from '@tidemark/errors';
import { CleanupInputs } from './cleanup-inputs';
import { classifyObjects, TableObject } from './object-status';
import { RegisteredTable } from './restore-needs';
import { listUnder, registeredUnder, tableObjectPrefix } from './table-objects';

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
  return (await readTableInventory(inputs, pipeline, tableKey)).inventory;
}

/** `tableInventory`, with the manifests each watermark over the folder registered. */
export async function readTableInventory(
  inputs: CleanupInputs,
  pipeline: PipelineConfig,
  tableKey: string,
): Promise<{ inventory: TableInventory; registered: RegisteredTable[] }> {
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
  const registered = await registeredUnder(watermarks, inputs.objectPrefix, pipeline, prefix);
  const objects = classifyObjects(listed, registered.flatMap((r) => r.manifests));
  return { inventory: { pipeline: pipeline.name, table, prefix, objects }, registered };
}
