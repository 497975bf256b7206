import { writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { createS3Client } from '@tidemark/object-store';
import { quoteMysql } from '@tidemark/schema';
import {
  MYSQL,
  mysqlDigest,
  POSTGRES_URL,
  postgresDigest,
  RealServers,
  s3Settings,
  ServiceProcess,
  TableDigest,
  writeConfigFiles,
} from '@tidemark/testing';
import { API_TOKEN, appMain, SharedWatermarkService } from './shared-watermark-service.fixture';
import { WriterPlan } from './writer/writer-plan';

export const PIPELINE = 'scale';
const COLUMNS = ['id', 'updated_at', 'amount', 'note'];

/** The shape of the run; docs/scaling.md quotes these numbers. */
export const SHAPE = {
  tables: 20,
  existingRows: 500,
  extractors: 3,
  loaders: 2,
  parallelTables: 2,
  /** Cron with a seconds field, which the `cron` package (and so libs/config) accepts. */
  extractCron: '*/3 * * * * *',
  loadCron: '*/5 * * * * *',
  /** Rows committed up to this late still get extracted (the writer's transactions are short). */
  lagSeconds: 2,
  /** A killed replica's tables are free again after this. */
  leaseTtlSeconds: 9,
};

/** `live` replicas run the pipeline's cron schedules; `quiet` ones only run on POST /runs. */
export type Mode = 'live' | 'quiet';

/**
 * 20 MariaDB tables, a watermark service over a throwaway PostgreSQL schema,
 * an S3 bucket on the test RGW, and config directories for extractor and
 * loader replicas that share all three.
 */
export class ScaleOutWorld {
  readonly tables = Array.from({ length: SHAPE.tables }, (_, i) => `t${String(i + 1).padStart(2, '0')}`);
  private readonly replicas: ServiceProcess[] = [];

  private constructor(
    readonly servers: RealServers,
    readonly service: SharedWatermarkService,
    private readonly bucket: string,
  ) {}

  static async open(): Promise<ScaleOutWorld> {
    const servers = await RealServers.open('tm_scale');
    const service = await SharedWatermarkService.start(servers.pg, servers.dir.path);
    const world = new ScaleOutWorld(servers, service, servers.db.database.replace(/_/g, '-'));
    await (await createS3Client({ bucket: world.bucket, ...s3Settings() })).send(new CreateBucketCommand({ Bucket: world.bucket }));
    await world.createTables();
    world.writeReplicaConfig('live');
    world.writeReplicaConfig('quiet');
    return world;
  }

  private async createTables(): Promise<void> {
    const { db } = this.servers;
    for (const table of this.tables) {
      await db.exec(
        `CREATE TABLE ${quoteMysql(table)} (id INT PRIMARY KEY, ` +
          'updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), ' +
          'amount DECIMAL(12,2) NOT NULL, note VARCHAR(64))',
      );
      const rows = Array.from({ length: SHAPE.existingRows }, (_, i) => [i + 1, `${i}.25`, `row ${i + 1}`]);
      await db.insert(table, ['id', 'amount', 'note'], rows);
    }
  }

  tableKey(table: string): string {
    return `${this.servers.db.database}.${table}`;
  }

  /** A replica of the extractor or the loader: its own process on its own port. */
  async start(app: 'extractor' | 'loader', mode: Mode): Promise<ServiceProcess> {
    const replica = await ServiceProcess.start(appMain(app), {
      TIDEMARK_CONFIG: join(this.servers.dir.path, mode),
      TIDEMARK_API_TOKEN: API_TOKEN,
      TIDEMARK_LEASE_TTL_SECONDS: String(SHAPE.leaseTtlSeconds),
      NO_COLOR: '1',
    });
    this.replicas.push(replica);
    return replica;
  }

  /** The lease holder name a replica uses (libs/sync lease-holder: host and pid). */
  holderOf(replica: ServiceProcess): string {
    return `${hostname()}:${replica.child.pid}`;
  }

  /** What the writer process needs to change these tables. */
  writerPlan(o: Pick<WriterPlan, 'rowsPerSecond' | 'seconds' | 'maxRows'>): WriterPlan {
    return { mysql: { ...MYSQL, database: this.servers.db.database }, tables: this.tables, existingRows: SHAPE.existingRows, ...o };
  }

  async digests(table: string): Promise<{ source: TableDigest; target: TableDigest }> {
    const { db, pg } = this.servers;
    return {
      source: await mysqlDigest(db, table, COLUMNS),
      target: await postgresDigest(pg, db.database, table, COLUMNS),
    };
  }

  async close(): Promise<void> {
    await Promise.all(this.replicas.map((p) => p.stop('SIGKILL')));
    await this.service.close();
    await this.servers.close();
  }

  /**
   * `<dir>/<mode>/`: the `default` connection and the pipeline from
   * writeConfigFiles, and a tidemark.yml that points at the shared watermark
   * service (its store line is required by the config but not used), the S3
   * bucket and the warehouse.
   */
  private writeReplicaConfig(mode: Mode): void {
    const tables = this.tables.map((t) => `  ${this.tableKey(t)}: { cursorColumn: updated_at, lagSeconds: ${SHAPE.lagSeconds} }`);
    const schedule = mode === 'live' ? [`schedule: { extract: "${SHAPE.extractCron}", load: "${SHAPE.loadCron}" }`] : [];
    const config = writeConfigFiles(this.servers.dir.path, mode, {
      pipelines: { [PIPELINE]: ['connection: default', ...schedule, 'tables:', ...tables, ''].join('\n') },
    });
    const s3 = s3Settings();
    writeFileSync(
      join(config, 'tidemark.yml'),
      [
        SharedWatermarkService.storeLine(this.service.storeSchema),
        `watermarkService: { url: "${this.service.url}", token: "\${TIDEMARK_API_TOKEN}" }`,
        `objectStore: { type: s3, bucket: ${this.bucket}, prefix: tidemark, endpoint: "${s3.endpoint}", region: ${s3.region}, ` +
          `accessKeyId: "${s3.accessKeyId}", secretAccessKey: "${s3.secretAccessKey}" }`,
        `warehouse: { type: postgres, url: "${POSTGRES_URL}" }`,
        `parallelTables: ${SHAPE.parallelTables}`,
        '',
      ].join('\n'),
    );
  }
}
