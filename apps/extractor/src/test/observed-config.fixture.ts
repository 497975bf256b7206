import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { createS3Client } from '@tidemark/object-store';
import { MYSQL, MysqlFixture, POSTGRES_URL, s3Settings } from '@tidemark/testing';

/** A value that can only be found in a log if it was copied there. */
export const secretValue = (label: string) => `${label}-${randomBytes(12).toString('hex')}`;

/** The secrets a config takes from the environment, as the variables that hold them. */
export interface ConfigSecrets {
  mysqlPassword: string;
  warehousePassword: string;
}

export const secretEnv = (s: ConfigSecrets): NodeJS.ProcessEnv => ({
  OBS_MYSQL_PASSWORD: s.mysqlPassword,
  OBS_PG_PASSWORD: s.warehousePassword,
  OBS_S3_KEY: s3Settings().accessKeyId,
  OBS_S3_SECRET: s3Settings().secretAccessKey,
});

/** A MySQL user with a password that may read the fixture's database, for a config with a real secret in it. */
export async function createReader(
  db: MysqlFixture,
  password: string,
): Promise<{ user: string; drop(): Promise<void> }> {
  const user = db.database.slice(0, 60);
  const hosts = ['%', 'localhost'];
  for (const host of hosts) {
    await db.exec('CREATE USER ?@? IDENTIFIED BY ?', [user, host, password]);
    await db.exec(`GRANT SELECT ON \`${db.database}\`.* TO ?@?`, [user, host]);
  }
  return {
    user,
    drop: async () => {
      for (const host of hosts) await db.exec('DROP USER IF EXISTS ?@?', [user, host]);
    },
  };
}

/** A fresh bucket on the test S3 server, named after the database. */
export async function createBucket(db: MysqlFixture): Promise<string> {
  const bucket = db.database.replace(/_/g, '-').toLowerCase();
  await (await createS3Client({ bucket, ...s3Settings() })).send(new CreateBucketCommand({ Bucket: bucket }));
  return bucket;
}

export interface ObservedConfig {
  bucket: string;
  mysqlUser: string;
  /** `config/pipelines/<name>.yml` contents by pipeline name. */
  pipelines: Record<string, string>;
  /** Where MySQL and the warehouse are; default: the real servers. Point one at a closed port to break it. */
  mysqlPort?: number;
  warehousePort?: number;
  /** Watermarks in a watermark service at this URL (token from TIDEMARK_API_TOKEN) instead of the SQLite store. */
  watermarkService?: string;
  /** Watermarks in the PostgreSQL store at this URL instead of the SQLite store. */
  watermarkStoreUrl?: string;
}

/**
 * A config directory `<parent>/<name>` whose every secret comes from the
 * environment (secretEnv): a MySQL user's password, the S3 keys, and a
 * warehouse password in its URL (PostgreSQL trusts local users, so any
 * password works). State lives in `<parent>/<name>-state/`.
 */
export function writeObservedConfig(parent: string, name: string, o: ObservedConfig): string {
  const s3 = s3Settings();
  const pg = new URL(POSTGRES_URL);
  const warehouseUrl = `${pg.protocol}//${pg.username}:\${OBS_PG_PASSWORD}@${pg.hostname}:${o.warehousePort ?? (pg.port || 5432)}${pg.pathname}`;
  const config = join(parent, name);
  mkdirSync(join(config, 'connections'), { recursive: true });
  mkdirSync(join(config, 'pipelines'), { recursive: true });
  writeFileSync(
    join(config, 'tidemark.yml'),
    [
      o.watermarkStoreUrl
        ? `watermarkStore: { type: postgres, url: "${o.watermarkStoreUrl}" }`
        : `watermarkStore: { type: sqlite, path: ${name}-state/watermarks.sqlite }`,
      o.watermarkService ? `watermarkService: { url: "${o.watermarkService}", token: "\${TIDEMARK_API_TOKEN}" }` : '',
      `objectStore: { type: s3, bucket: ${o.bucket}, endpoint: "${s3.endpoint}", region: ${s3.region}, accessKeyId: "\${OBS_S3_KEY}", secretAccessKey: "\${OBS_S3_SECRET}" }`,
      `warehouse: { type: postgres, url: "${warehouseUrl}" }`,
    ].join('\n'),
  );
  writeFileSync(
    join(config, 'connections', 'default.yml'),
    `host: ${MYSQL.host}\nport: ${o.mysqlPort ?? MYSQL.port}\nuser: ${o.mysqlUser}\npassword: "\${OBS_MYSQL_PASSWORD}"\n`,
  );
  for (const [pipeline, text] of Object.entries(o.pipelines)) {
    writeFileSync(join(config, 'pipelines', `${pipeline}.yml`), text);
  }
  return config;
}
