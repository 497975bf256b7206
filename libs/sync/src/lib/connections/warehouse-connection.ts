import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { TidemarkConfig } from '@tidemark/config';
import { ManifestStager, PostgresStager, RedshiftStager } from '@tidemark/loading';
import { ObjectStore } from '@tidemark/object-store';
import { SshTunnel } from '@tidemark/tunnel';
import {
  createDialect,
  PostgresDialect,
  PostgresWarehouse,
  RedshiftDialect,
  WarehouseDialect,
} from '@tidemark/warehouse';
import { LazyResource } from './lazy-resource';
import { throughBastion } from './through-bastion';
import { OBJECT_STORE, TIDEMARK_CONFIG } from './tokens';

interface OpenWarehouse {
  warehouse: PostgresWarehouse;
  tunnel?: SshTunnel;
}

/**
 * The warehouse of the config: its SQL dialect, its connection (opened on
 * first use, through an SSH bastion when configured) and how a load stages
 * manifests into it.
 */
@Injectable()
export class WarehouseConnection implements OnApplicationShutdown {
  readonly dialect: WarehouseDialect;
  private readonly connection: LazyResource<OpenWarehouse>;

  constructor(
    @Inject(TIDEMARK_CONFIG) private readonly config: TidemarkConfig,
    @Inject(OBJECT_STORE) private readonly store: ObjectStore,
  ) {
    this.dialect = createDialect(config.warehouse.type, { varcharMode: config.warehouse.redshift?.varcharMode });
    this.connection = new LazyResource(() => this.open(), closeWarehouse);
  }

  async warehouse(): Promise<PostgresWarehouse> {
    return (await this.connection.get()).warehouse;
  }

  /** A stager for one load: COPY FROM STDIN (PostgreSQL) or COPY from S3 (Redshift). */
  stager(): ManifestStager {
    const redshift = this.config.warehouse.redshift;
    if (this.dialect instanceof RedshiftDialect && redshift) {
      return new RedshiftStager(this.dialect, this.store, { auth: redshift.auth, serverless: redshift.serverless });
    }
    return new PostgresStager(this.dialect as PostgresDialect, this.store, this.config.workDirectory);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.connection.close();
  }

  private async open(): Promise<OpenWarehouse> {
    const { url, ssh, timeouts } = this.config.warehouse;
    if (!ssh) return { warehouse: await PostgresWarehouse.connect({ url, timeouts }) };
    const target = new URL(url);
    const host = target.hostname;
    const port = Number(target.port || 5432);
    const { connected, tunnel } = await throughBastion(
      ssh,
      { host, port, label: `${host}:${port}${target.pathname}` },
      (local) => {
        target.hostname = local.host;
        target.port = String(local.port);
        return PostgresWarehouse.connect({ url: target.toString(), address: local.address, timeouts });
      },
    );
    return { warehouse: connected, tunnel };
  }
}

async function closeWarehouse({ warehouse, tunnel }: OpenWarehouse): Promise<void> {
  await warehouse.close();
  await tunnel?.close();
}
