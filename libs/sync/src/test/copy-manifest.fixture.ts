import { ObjectStore } from '@tidemark/object-store';

/** The JSON body of a COPY manifest, as the Redshift stager writes it. */
export interface CopyManifestBody {
  entries: { url: string; mandatory: boolean; meta: { content_length: number } }[];
}

/** The COPY manifest that a recorded `COPY … FROM 's3://<bucket>/<key>' …` statement names, read from the store. */
export async function copyManifestOf(store: ObjectStore, copy: string): Promise<CopyManifestBody> {
  const key = /FROM 's3:\/\/[^/]+\/([^']+)'/.exec(copy)?.[1];
  if (!key) throw new Error(`not a COPY from S3: ${copy}`);
  return JSON.parse((await store.getBytes(key)).toString('utf8')) as CopyManifestBody;
}
