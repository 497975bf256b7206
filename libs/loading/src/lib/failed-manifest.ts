import { Manifest } from '@tidemark/watermark-model';
import type { LoadRequest } from './table-loader';

/**
 * ` on manifest M (N rows; …)` for a load error, with the command that sets
 * the manifest aside; empty when the failure came after staging (no single
 * manifest to name).
 */
export function failedManifestText(req: LoadRequest, manifest: Manifest | undefined): string {
  if (!manifest) return '';
  const skip = `tidemark manifest skip ${manifest.id} -p ${req.pipeline} -t ${req.tableKey} --reason '…' --yes`;
  return ` on manifest ${manifest.id} (${manifest.rowCount} rows; \`${skip}\` sets it aside)`;
}
