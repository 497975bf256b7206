import type { DataSource } from 'typeorm';
import { TidemarkConfig } from '@tidemark/config';
import { badInput } from '@tidemark/errors';
import { createObjectStore, ObjectStore } from '@tidemark/object-store';
import { BastionOptions, MysqlConnectionOptions, MysqlSource } from '@tidemark/source';
import { SshTunnel } from '@tidemark/tunnel';
import { ManifestStager, PostgresStager, RedshiftStager } from '@tidemark/loading';
import {
  createDialect,
  PostgresDialect,
  PostgresWarehouse,
  RedshiftDialect,
  WarehouseDialect,
} from '@tidemark/warehouse';
import { HttpWatermarkClient } from '@tidemark/watermark-client';
import { WatermarkApi } from '@tidemark/watermark-model';
import { closeWatermarkDataSource, openWatermarkDataSource, WatermarkStore } from '@tidemark/watermark-store';
import { reportingStoreFailures } from './store-unavailable';

/**
 * Everything a sync needs, in one process, opened on first use: a load-only
 * run never connects to MySQL, a watermark query never to the warehouse.
 */
export class EmbeddedContext {
  private dataSource?: DataSource;
  private watermarkApi?: WatermarkApi;
  private objectStore?: ObjectStore;
  private warehouseConnection?: PostgresWarehouse;
  private readonly sources = new Map<string, MysqlSource>();
  private readonly tunnels: SshTunnel[] = [];

  readonly dialect: WarehouseDialect;

  constructor(readonly config: TidemarkConfig) {
    this.dialect = createDialect(config.warehouse.type, { varcharMode: config.warehouse.redshift?.varcharMode });
  }

  /** The watermark service when one is configured, else the store (SQLite or PostgreSQL). */
  async watermarks(): Promise<WatermarkApi> {
    if (!this.watermarkApi) {
      const service = this.config.watermarkService;
      if (service) {
        const { requestTimeoutSeconds: seconds } = service;
        this.watermarkApi = new HttpWatermarkClient({ ...service, timeoutMs: seconds && seconds * 1000 });
      } else {
        this.dataSource = await openWatermarkDataSource(this.config.watermarkStore);
        this.watermarkApi = reportingStoreFailures(new WatermarkStore(this.dataSource), storeAddress(this.config));
      }
    }
    return this.watermarkApi;
  }

  store(): ObjectStore {
    this.objectStore ??= createObjectStore(this.config.objectStore);
    return this.objectStore;
  }

  async warehouse(): Promise<PostgresWarehouse> {
    this.warehouseConnection ??= await this.connectWarehouse();
    return this.warehouseConnection;
  }

  private async connectWarehouse(): Promise<PostgresWarehouse> {
    const { url, ssh } = this.config.warehouse;
    const timeouts = this.config.warehouse.timeouts;
    if (!ssh) return PostgresWarehouse.connect({ url, timeouts });
    const target = new URL(url);
    const targetPort = Number(target.port || 5432);
    const tunnel = await SshTunnel.open({ ...ssh, targetHost: target.hostname, targetPort });
    this.tunnels.push(tunnel);
    const address = `${target.hostname}:${targetPort}${target.pathname} through SSH bastion ${ssh.host}:${ssh.port ?? 22}`;
    target.hostname = tunnel.localHost;
    target.port = String(tunnel.localPort);
    return PostgresWarehouse.connect({ url: target.toString(), address, timeouts });
  }

  /** How this warehouse stages a manifest: COPY FROM STDIN (PostgreSQL) or COPY from S3 (Redshift). */
  stager(): ManifestStager {
    const redshift = this.config.warehouse.redshift;
    if (this.dialect instanceof RedshiftDialect && redshift) {
      return new RedshiftStager(this.dialect, this.store(), { auth: redshift.auth, serverless: redshift.serverless });
    }
    return new PostgresStager(this.dialect as PostgresDialect, this.store(), this.config.workDirectory);
  }

  async source(connection: string): Promise<MysqlSource> {
    const existing = this.sources.get(connection);
    if (existing) return existing;
    const options = this.config.connections[connection];
    if (!options) throw badInput(`MySQL connection "${connection}" is not defined in config/connections/`);
    const source = options.ssh ? await this.throughBastion(options) : await MysqlSource.connect(options);
    this.sources.set(connection, source);
    return source;
  }

  private async throughBastion(options: MysqlConnectionOptions): Promise<MysqlSource> {
    const { ssh, ...mysql } = options;
    const tunnel = await SshTunnel.open({ ...(ssh as BastionOptions), targetHost: options.host, targetPort: options.port });
    this.tunnels.push(tunnel);
    const address = `${options.host}:${options.port} through SSH bastion ${ssh?.host}:${ssh?.port ?? 22}`;
    return MysqlSource.connect({ ...mysql, host: tunnel.localHost, port: tunnel.localPort, address });
  }

  async close(): Promise<void> {
    await Promise.all([...this.sources.values()].map((s) => s.close()));
    await Promise.all(this.tunnels.map((t) => t.close()));
    await this.warehouseConnection?.close();
    if (this.dataSource) await closeWatermarkDataSource(this.dataSource, this.config.watermarkStore);
  }
}

/** The store named for people, without a password. */
function storeAddress(config: TidemarkConfig): string {
  const store = config.watermarkStore;
  if (store.type === 'sqlite') return `SQLite ${store.path}`;
  try {
    const u = new URL(store.url);
    return `PostgreSQL ${u.hostname}:${u.port || 5432}${u.pathname}`;
  } catch {
    return 'PostgreSQL';
  }
}
