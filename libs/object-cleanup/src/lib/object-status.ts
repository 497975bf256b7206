import { COPY_MANIFEST_SUFFIX, MANIFEST_SUFFIX } from '@tidemark/object-store';
import { ManifestSummary } from '@tidemark/watermark-model';

/** Where an object stands: the status of the registered manifest it belongs to, or `orphaned` when none claims it. */
export type ObjectStatus = ManifestSummary['status'] | 'orphaned';

export interface ListedObject {
  key: string;
  /** The key below the table's prefix: `2025/11/21/<run id>-00001.parquet`. */
  relativeKey: string;
  uri: string;
  bytes: number;
  lastModified: Date;
}

export interface TableObject extends ListedObject {
  status: ObjectStatus;
  manifestId: string | null;
}

export type RegisteredManifest = Pick<ManifestSummary, 'id' | 'status' | 'fileUris'>;

/** A manifest's own JSON, and the COPY manifest the Redshift stager writes at load time. */
const MANIFEST_FILE_SUFFIXES = [MANIFEST_SUFFIX, COPY_MANIFEST_SUFFIX];

function baseName(key: string): string {
  return key.slice(key.lastIndexOf('/') + 1);
}

/**
 * Data files belong to the manifest that lists their URI; a manifest's own
 * JSON is `<manifest id>.manifest.json` and its Redshift COPY manifest
 * `<manifest id>.copy-manifest.json`. Anything else (files of a run that
 * crashed before its commit, stray uploads) is an orphan.
 */
export function classifyObjects(objects: ListedObject[], manifests: RegisteredManifest[]): TableObject[] {
  const byUri = new Map<string, RegisteredManifest>();
  const byManifestFile = new Map<string, RegisteredManifest>();
  for (const m of manifests) {
    for (const uri of m.fileUris) byUri.set(uri, m);
    for (const suffix of MANIFEST_FILE_SUFFIXES) byManifestFile.set(`${m.id}${suffix}`, m);
  }
  return objects.map((o) => {
    const owner = byUri.get(o.uri) ?? byManifestFile.get(baseName(o.key));
    return { ...o, status: owner?.status ?? 'orphaned', manifestId: owner?.id ?? null };
  });
}
