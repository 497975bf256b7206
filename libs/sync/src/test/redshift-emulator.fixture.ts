import { join } from 'node:path';
import { Client } from 'pg';
import { EMULATION_DATABASE, RedshiftEmulatorServer } from '@tidemark/redshift-emulator';
import { POSTGRES_URL, s3Settings, testDatabaseName } from '@tidemark/testing';
import { PostgresWarehouse, Warehouse, WarehouseSession } from '@tidemark/warehouse';

/** The Redshift emulator on a free port, in front of the test PostgreSQL server and reading the test S3 server. */
export function startRedshiftEmulator(workDir: string): Promise<RedshiftEmulatorServer> {
  const s3 = s3Settings();
  return RedshiftEmulatorServer.start({
    postgresUrl: POSTGRES_URL,
    database: testDatabaseName(EMULATION_DATABASE),
    s3: { endpoint: s3.endpoint, region: s3.region, accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
    workDir: join(workDir, 'redshift-emulator'),
  });
}

/**
 * Redshift cannot run here; this stands in for it in tests, and says so.
 * A `Warehouse` connected over the network to the Redshift emulator (a
 * PostgreSQL wire-protocol proxy, libs/redshift-emulator), exactly as the
 * loader connects to Redshift; `url` lets the `tidemark` binary connect too.
 * `statements` records what every client sent, `rows` reads the emulation
 * database directly.
 */
export class RedshiftEmulator implements Warehouse {
  readonly address = 'the Redshift emulator';

  private constructor(
    readonly server: RedshiftEmulatorServer,
    private readonly warehouse: PostgresWarehouse,
    private readonly direct: Client,
  ) {}

  static async open(workDir: string): Promise<RedshiftEmulator> {
    const server = await startRedshiftEmulator(workDir);
    const direct = new Client({ connectionString: server.directUrl });
    await direct.connect();
    return new RedshiftEmulator(server, await PostgresWarehouse.connect({ url: server.url }), direct);
  }

  get url(): string {
    return this.server.url;
  }

  get statements(): string[] {
    return this.server.statements;
  }

  get roundTrips(): number {
    return this.server.roundTrips;
  }

  query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.warehouse.query<T>(sql, params);
  }

  transaction<T>(setup: string[], work: (session: WarehouseSession) => Promise<T>, onAlive?: () => void): Promise<T> {
    return this.warehouse.transaction(setup, work, onAlive);
  }

  async dropSchema(schema: string): Promise<void> {
    await this.direct.query(`DROP SCHEMA IF EXISTS "${schema.replace(/"/g, '""')}" CASCADE`);
  }

  async rows<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return (await this.direct.query(sql, params)).rows as T[];
  }

  async close(): Promise<void> {
    await this.warehouse.close();
    await this.direct.end();
    await this.server.close();
  }
}
