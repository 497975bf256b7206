import { conflict } from '@tidemark/errors';
import { ObjectStore } from '@tidemark/object-store';
import { Manifest } from '@tidemark/watermark-model';
import { mapWithLimit } from '../run-pool';
import { BackupCheck } from './backup-check';

/** How many manifest copies are read at once. */
const READS_AT_ONCE = 8;

/**
 * The chain's manifests as their JSON copies in the object store say,
 * oldest first. A copy that names another id than the one registered is
 * refused: loading it would restore other rows.
 */
export function readManifests(store: ObjectStore, check: BackupCheck): Promise<Manifest[]> {
  return mapWithLimit(check.chain, READS_AT_ONCE, async (entry) => {
    const key = check.jsonKeys.get(entry.id) as string;
    const manifest = parse(key, (await store.getBytes(key)).toString('utf8'));
    if (manifest.id !== entry.id) {
      throw conflict(
        `${key} holds manifest ${String(manifest.id)}, not ${entry.id}: the object store copy was changed; nothing was restored`,
      );
    }
    return manifest;
  });
}

function parse(key: string, text: string): Manifest {
  try {
    return JSON.parse(text) as Manifest;
  } catch (error) {
    throw conflict(`${key} is not a manifest (${(error as Error).message}): nothing was restored`);
  }
}
