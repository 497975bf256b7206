import { conflict } from '@tidemark/errors';
import { ObjectStore } from '@tidemark/object-store';
import { Manifest } from '@tidemark/watermark-model';
import { BackupCheck } from './backup-check';

/** How many manifest copies are read at once. */
const READS_AT_ONCE = 8;

/**
 * The chain's manifests as their JSON copies in the object store say,
 * oldest first. A copy that does not say what the store registered (another
 * id, table or row count) is refused: loading it would restore other rows.
 */
export async function readManifests(store: ObjectStore, check: BackupCheck): Promise<Manifest[]> {
  const out: Manifest[] = new Array(check.chain.length);
  let next = 0;
  const worker = async () => {
    while (next < check.chain.length) {
      const index = next++;
      const entry = check.chain[index];
      const key = check.jsonKeys.get(entry.id) as string;
      const manifest = parse(key, (await store.getBytes(key)).toString('utf8'));
      if (manifest.id !== entry.id) {
        throw conflict(`${key} holds manifest ${String(manifest.id)}, not ${entry.id}: the object store copy was changed; nothing was restored`);
      }
      out[index] = manifest;
    }
  };
  await Promise.all(Array.from({ length: Math.min(READS_AT_ONCE, check.chain.length) }, worker));
  return out;
}

function parse(key: string, text: string): Manifest {
  try {
    return JSON.parse(text) as Manifest;
  } catch (error) {
    throw conflict(`${key} is not a manifest (${(error as Error).message}): nothing was restored`);
  }
}
