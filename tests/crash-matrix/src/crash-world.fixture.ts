import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { createS3Client, S3Store } from '@tidemark/object-store';
import { quotePostgres } from '@tidemark/schema';
import { POSTGRES_URL, RealServers, s3Settings } from '@tidemark/testing';
import { WatermarkStoreOptions } from '@tidemark/watermark-store';
import { LoadMode, writeCrashConfig } from './crash-config.fixture';
import { CrashScenario, LEASE_TTL_SECONDS } from './crash-scenario.fixture';
import { SourceTable } from './source-table.fixture';

export interface ScenarioOptions {
  /** Where the run sends its S3 requests (the fault proxy); default the real S3 server. */
  s3Endpoint?: string;
  /** A throwaway PostgreSQL database as the watermark store instead of SQLite. */
  postgresStore?: boolean;
  /** TIDEMARK_LEASE_TTL_SECONDS of the scenario's runs; default LEASE_TTL_SECONDS. */
  leaseTtlSeconds?: number;
  /** Default append. */
  loadMode?: LoadMode;
}

/**
 * What one spec file's scenarios share: a MariaDB database (one source
 * table per scenario), its namesake warehouse schema, an S3 bucket and a
 * temp directory. Each scenario has its own table, config and store.
 */
export class CrashWorld {
  private readonly storeDatabases: string[] = [];

  private constructor(
    readonly servers: RealServers,
    private readonly bucket: string,
  ) {}

  static async open(prefix: string): Promise<CrashWorld> {
    const servers = await RealServers.open(prefix);
    const bucket = servers.db.database.replace(/_/g, '-').toLowerCase();
    await (await createS3Client({ bucket, ...s3Settings() })).send(new CreateBucketCommand({ Bucket: bucket }));
    return new CrashWorld(servers, bucket);
  }

  /** Names that differ on every run, and what the printed matrix calls them. */
  get aliases(): Record<string, string> {
    return { [this.servers.db.database]: 'db', [this.bucket]: 'bucket' };
  }

  async scenario(name: string, o: ScenarioOptions = {}): Promise<CrashScenario> {
    const { db, pg, dir } = this.servers;
    const source = new SourceTable(db, name);
    await source.create();
    const store = o.postgresStore ? await this.postgresStore(name) : this.sqliteStore(name);
    const s3 = { ...s3Settings(), bucket: this.bucket };
    const config = writeCrashConfig(join(dir.path, name, 'config'), {
      database: db.database,
      table: name,
      s3: { ...s3, endpoint: o.s3Endpoint ?? s3.endpoint },
      store,
      loadMode: o.loadMode ?? 'append',
    });
    const state = { store, s3: new S3Store(s3), pg, schema: db.database, table: name, loadMode: o.loadMode ?? 'append' };
    return new CrashScenario(source, config, state, {
      appName: `${db.database}_${name}`,
      leaseTtlSeconds: o.leaseTtlSeconds ?? LEASE_TTL_SECONDS,
    });
  }

  private sqliteStore(name: string): WatermarkStoreOptions {
    const stateDir = join(this.servers.dir.path, name, 'state');
    mkdirSync(stateDir, { recursive: true });
    return { type: 'sqlite', path: join(stateDir, 'watermarks.sqlite') };
  }

  private async postgresStore(name: string): Promise<WatermarkStoreOptions> {
    const database = `${this.servers.db.database}_${name}`;
    await this.servers.pg.rows(`CREATE DATABASE ${quotePostgres(database)}`);
    this.storeDatabases.push(database);
    const url = new URL(POSTGRES_URL);
    url.pathname = `/${database}`;
    return { type: 'postgres', url: url.toString() };
  }

  async close(): Promise<void> {
    for (const database of this.storeDatabases) {
      await this.servers.pg.rows(`DROP DATABASE IF EXISTS ${quotePostgres(database)} WITH (FORCE)`);
    }
    await this.servers.close();
  }
}
