import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { RedshiftSettings, TableConfig, TidemarkConfig, WarehouseConfig } from '@tidemark/config';
import { createS3Client } from '@tidemark/object-store';
import { makeTempDir, MysqlFixture, s3Settings, uniqueName } from '@tidemark/testing';
import { RedshiftEmulator } from './redshift-emulator.fixture';
import { testConfig } from './test-config.fixture';

export const TEST_IAM_ROLE = 'arn:aws:iam::123456789012:role/tidemark-load';

/** A Redshift warehouse for specs; the loader's warehouse is the emulator, given to the context, not this URL. */
export function redshiftWarehouse(redshift: Partial<RedshiftSettings> = {}): WarehouseConfig {
  return {
    type: 'redshift',
    url: 'postgres://unused',
    redshift: { auth: { iamRole: TEST_IAM_ROLE }, serverless: false, varcharMode: 'bytes', slices: 1, ...redshift },
  };
}

/** One spec file's servers for Redshift loads: a MariaDB database, a temp directory, the Redshift emulator and an S3 bucket. */
export class EmulatedRedshiftWorld {
  private constructor(
    readonly db: MysqlFixture,
    readonly dir: ReturnType<typeof makeTempDir>,
    readonly emulator: RedshiftEmulator,
    readonly bucket: string,
  ) {}

  static async open(prefix: string): Promise<EmulatedRedshiftWorld> {
    const db = await MysqlFixture.create(prefix);
    const dir = makeTempDir();
    const emulator = await RedshiftEmulator.open(dir.path);
    const bucket = uniqueName(prefix.replace(/[^a-z0-9]/gi, ''))
      .replace(/_/g, '-')
      .toLowerCase();
    await (await createS3Client({ bucket, ...s3Settings() })).send(new CreateBucketCommand({ Bucket: bucket }));
    return new EmulatedRedshiftWorld(db, dir, emulator, bucket);
  }

  /** The test config with files in this world's bucket, loading into Redshift. */
  config(pipelines: TidemarkConfig['pipelines'], redshift: Partial<RedshiftSettings> = {}): TidemarkConfig {
    return {
      ...testConfig({ dir: this.dir.path, objectStore: 's3', bucket: this.bucket }),
      warehouse: redshiftWarehouse(redshift),
      pipelines,
    };
  }

  /** A table of this world's MariaDB database, synced by updated_at in batches of 1,000. */
  table(name: string, more: Partial<TableConfig> = {}): TableConfig {
    return {
      key: `${this.db.database}.${name}`,
      strategy: 'hybrid',
      cursorColumn: 'updated_at',
      batchSize: 1000,
      ...more,
    };
  }

  /** Drops `schemas` (default: the one named like the MariaDB database) and everything else the world made. */
  async close(schemas: string[] = [this.db.database]): Promise<void> {
    for (const schema of schemas) await this.emulator.dropSchema(schema);
    await this.emulator.close();
    await this.db.drop();
    this.dir.remove();
  }
}
