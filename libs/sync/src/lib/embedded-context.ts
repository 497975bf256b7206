import { DataSource } from 'typeorm';
import { TidemarkConfig } from '@tidemark/config';
import { badInput } from '@tidemark/errors';
import { createObjectStore, ObjectStore } from '@tidemark/object-store';
import { BastionOptions, MysqlConnectionOptions, MysqlSource } from '@tidemark/source';
import { SshTunnel } from '@tidemark/tunnel';
import { postgresDialect, PostgresWarehouse } from '@tidemark/warehouse';
import { HttpWatermarkClient } from '@tidemark/watermark-client';
import { WatermarkApi } from '@tidemark/watermark-model';
import { openWatermarkDataSource, WatermarkStore } from '@tidemark/watermark-store';

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

  constructor(readonly config: TidemarkConfig) {}

  readonly dialect = postgresDialect;

  /** The watermark service when one is configured, else the store (SQLite or PostgreSQL). */
  async watermarks(): Promise<WatermarkApi> {
    if (!this.watermarkApi) {
      const service = this.config.watermarkService;
      if (service) this.watermarkApi = new HttpWatermarkClient(service);
      else {
        this.dataSource = await openWatermarkDataSource(this.config.watermarkStore);
        this.watermarkApi = new WatermarkStore(this.dataSource);
      }
    }
    return this.watermarkApi;
  }

  store(): ObjectStore {
    this.objectStore ??= createObjectStore(this.config.objectStore);
    return this.objectStore;
  }

  async warehouse(): Promise<PostgresWarehouse> {
    this.warehouseConnection ??= await PostgresWarehouse.connect(this.config.warehouse);
    return this.warehouseConnection;
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
    await this.dataSource?.destroy();
  }
}
