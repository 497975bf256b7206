import { Manifest } from '@tidemark/watermark-model';
import type { LoadRequest } from './table-loader';

/**
 * ` on manifest M (rows …): …` for a load error, and how to set the manifest
 * aside once the row is fixed at the source; empty when the failure came
 * after staging (no single manifest to name).
 */
export function failedManifestText(req: LoadRequest, manifest: Manifest | undefined): string {
  if (!manifest) return '';
  const skip = `tidemark manifest skip ${manifest.id} -p ${req.pipeline} -t ${req.tableKey} --reason '…' --yes`;
  return ` on manifest ${manifest.id} (${manifest.rowCount} rows; after fixing the row at the source, \`${skip}\` sets it aside)`;
}
