import { isTidemarkError, TidemarkError } from '@tidemark/errors';
import { checkManifest, Manifest } from '@tidemark/watermark-model';
import { ManifestEntity } from './entities/manifest.entity';

/** Why a stored manifest body cannot be trusted, or null. */
function damage(e: ManifestEntity): { why: string; manifest?: Manifest } {
  let manifest: Manifest;
  try {
    manifest = JSON.parse(e.body) as Manifest;
  } catch (error) {
    return { why: `its body is not valid JSON (${(error as Error).message})` };
  }
  if (typeof manifest !== 'object' || manifest === null) return { why: 'its body is not a JSON object' };
  if (manifest.id !== e.id) return { why: `its body names manifest ${JSON.stringify(manifest.id)}` };
  try {
    checkManifest(manifest, { pipeline: e.pipeline, table: e.tableKey });
  } catch (error) {
    if (!isTidemarkError(error)) throw error;
    return { why: error.message.replace(/^manifest \S+ is inconsistent: /, '') };
  }
  const registered = { rowCount: e.rowCount, files: e.fileCount, byteCount: e.byteCount };
  const body = { rowCount: manifest.rowCount, files: manifest.files.length, byteCount: manifest.byteCount };
  for (const what of ['rowCount', 'files', 'byteCount'] as const) {
    if (registered[what] !== body[what]) {
      return { why: `its body says ${what} ${body[what]} but it was registered with ${registered[what]}` };
    }
  }
  return { why: '', manifest };
}

/**
 * A registered manifest as the store holds it, checked again on the way
 * out: a body edited or damaged since registration is refused with an
 * error naming the manifest, before a loader trusts its file list.
 */
export function readStoredManifest(e: ManifestEntity): Manifest {
  const { why, manifest } = damage(e);
  if (manifest) return manifest;
  throw new TidemarkError(
    'LOAD_MISMATCH',
    `manifest ${e.id} of ${e.pipeline}/${e.tableKey} is damaged in the watermark store: ${why}; it was not used`,
  );
}
