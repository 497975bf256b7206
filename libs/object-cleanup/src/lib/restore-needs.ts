import { findTableConfig, loadModeOf, PipelineConfig } from '@tidemark/config';
import { chainOptionsOf, ManifestSummary, neededSince, WatermarkApi } from '@tidemark/watermark-model';
import { KeepRestorable } from './keep-restorable';

/** The manifests one watermark registered: a folder may hold two (`shop.orders` and `default:shop.orders`). */
export interface RegisteredTable {
  table: string;
  manifests: ManifestSummary[];
}

/** Before every manifest: `neededSince` then keeps every restore point. */
const BEGINNING = new Date(0).toISOString();

/**
 * Ids of the manifests whose objects a clean keeps so that `reload` and the
 * restores `keep` asks for still work; null for `--keep-restorable none`.
 */
export async function restoreNeeds(
  watermarks: WatermarkApi,
  pipeline: PipelineConfig,
  registered: RegisteredTable[],
  keep: KeepRestorable,
  now: Date,
): Promise<Set<string> | null> {
  if (keep.kind === 'none') return null;
  const since = keep.kind === 'all' ? BEGINNING : new Date(now.getTime() - keep.ms).toISOString();
  const needed = new Set<string>();
  for (const { table, manifests } of registered) {
    const history = await watermarks.history({ pipeline: pipeline.name, table });
    const appendMode = loadModeOf(findTableConfig(pipeline, table)) === 'append';
    for (const id of neededSince(manifests, chainOptionsOf(history, appendMode), since)) needed.add(id);
  }
  return needed;
}
