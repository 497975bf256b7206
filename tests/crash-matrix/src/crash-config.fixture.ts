import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MYSQL, POSTGRES_URL } from '@tidemark/testing';
import { WatermarkStoreOptions } from '@tidemark/watermark-store';

/** Short, so a request S3 never answers is abandoned and retried within the test. */
export const S3_REQUEST_TIMEOUT_SECONDS = 4;

export interface S3Target {
  bucket: string;
  endpoint: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
}

export interface CrashConfigOptions {
  /** Source database: the connection names it, so the test can find (and KILL) the run's MySQL session. */
  database: string;
  table: string;
  s3: S3Target;
  store: WatermarkStoreOptions;
  loadMode: LoadMode;
}

/** append: a manifest loaded twice shows as duplicate rows; merge: the default, newest version per key. */
export type LoadMode = 'append' | 'merge';

/** Where the objects of every table go in the bucket. */
export const OBJECT_PREFIX = 'tidemark';
/** Small Parquet files (the minimum) and small keyset pages: every run writes several of each. */
export const TARGET_FILE_BYTES = 65_536;
export const BATCH_SIZE = 500;

/**
 * A config directory for one crash scenario: objects on S3 (or the fault
 * proxy in front of it), the table loaded in the scenario's mode.
 */
export function writeCrashConfig(dir: string, o: CrashConfigOptions): string {
  const { s3 } = o;
  const store =
    o.store.type === 'sqlite'
      ? `{ type: sqlite, path: "${o.store.path}" }`
      : `{ type: postgres, url: "${o.store.url}" }`;
  mkdirSync(join(dir, 'connections'), { recursive: true });
  mkdirSync(join(dir, 'pipelines'), { recursive: true });
  writeFileSync(
    join(dir, 'tidemark.yml'),
    [
      `watermarkStore: ${store}`,
      `objectStore: { type: s3, bucket: ${s3.bucket}, prefix: ${OBJECT_PREFIX}, endpoint: "${s3.endpoint}", region: ${s3.region}, ` +
        `accessKeyId: "${s3.accessKeyId}", secretAccessKey: "${s3.secretAccessKey}", requestTimeoutSeconds: ${S3_REQUEST_TIMEOUT_SECONDS} }`,
      `warehouse: { type: postgres, url: "${POSTGRES_URL}" }`,
      `extract: { targetFileBytes: ${TARGET_FILE_BYTES} }`,
    ].join('\n') + '\n',
  );
  writeFileSync(
    join(dir, 'connections', 'default.yml'),
    `host: ${MYSQL.host}\nport: ${MYSQL.port}\nuser: ${MYSQL.user}\npassword: "\${TEST_MYSQL_PASSWORD:-}"\ndatabase: ${o.database}\n`,
  );
  writeFileSync(
    join(dir, 'pipelines', 'default.yml'),
    `connection: default\ntables:\n  ${o.database}.${o.table}: { batchSize: ${BATCH_SIZE}, loadMode: ${o.loadMode} }\n`,
  );
  return dir;
}
