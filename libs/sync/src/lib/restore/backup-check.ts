import { ListedObject } from '@tidemark/object-cleanup';
import { MANIFEST_SUFFIX } from '@tidemark/object-store';
import {
  ChainEntry,
  ChainOptions,
  ManifestSummary,
  oldestRestorablePoint,
  restoreChain,
} from '@tidemark/watermark-model';

/** A registered manifest whose JSON copy or data files are gone from the object store. */
export interface MissingManifest {
  id: string;
  /** The object keys (or URIs) no longer there. */
  missing: string[];
}

/** What a restore needs from the object store, and whether it is all still there. */
export interface BackupCheck {
  /** The manifests the restore loads, oldest first. */
  chain: ChainEntry[];
  /** Each chain manifest's JSON copy in the object store, by id. */
  jsonKeys: Map<string, string>;
  /** Chain manifests that cannot be read back. */
  missing: MissingManifest[];
  /** The oldest time the table can be restored to with what is still there; null when none. */
  oldestRestorable: string | null;
}

/**
 * Checks a restore's chain against one listing of the table's folder: a
 * manifest is readable when its JSON copy (`<id>.manifest.json`, written
 * beside its files) and every data file are there. Every registered
 * manifest is checked, so the oldest point still restorable can be named.
 */
export function checkBackup(
  summaries: ManifestSummary[],
  options: ChainOptions,
  objects: Pick<ListedObject, 'key' | 'uri'>[],
  asOf?: string,
): BackupCheck {
  const jsonKeys = new Map<string, string>();
  for (const { key } of objects) {
    const name = key.slice(key.lastIndexOf('/') + 1);
    if (name.endsWith(MANIFEST_SUFFIX)) jsonKeys.set(name.slice(0, -MANIFEST_SUFFIX.length), key);
  }
  const uris = new Set(objects.map((o) => o.uri));
  const gone = new Map<string, string[]>();
  for (const s of summaries) {
    const missing = [
      ...(jsonKeys.has(s.id) ? [] : [`${s.id}${MANIFEST_SUFFIX}`]),
      ...s.fileUris.filter((uri) => !uris.has(uri)),
    ];
    if (missing.length > 0) gone.set(s.id, missing);
  }
  const entries: ChainEntry[] = summaries.map((s) => ({
    id: s.id,
    createdAt: s.createdAt,
    strategy: s.strategy,
    status: s.status,
    filesDeletedAt: s.filesDeletedAt,
  }));
  const chain = restoreChain(entries, options, asOf);
  return {
    chain,
    jsonKeys,
    missing: chain.filter((e) => gone.has(e.id)).map((e) => ({ id: e.id, missing: gone.get(e.id) as string[] })),
    oldestRestorable: oldestRestorablePoint(entries, options, new Set(gone.keys())),
  };
}
