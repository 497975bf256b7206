import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { TidemarkConfig } from '@tidemark/config';
import { badInput } from '@tidemark/errors';
import { MysqlConnectionOptions, MysqlSource } from '@tidemark/source';
import { SshTunnel } from '@tidemark/tunnel';
import { LazyResource } from './lazy-resource';
import { throughBastion } from './through-bastion';
import { TIDEMARK_CONFIG } from './tokens';

interface OpenSource {
  source: MysqlSource;
  tunnel?: SshTunnel;
}

/** The MySQL connections of config/connections/, each opened on first use (through its SSH bastion when it has one). */
@Injectable()
export class SourceConnections implements OnApplicationShutdown {
  private readonly byName = new Map<string, LazyResource<OpenSource>>();

  constructor(@Inject(TIDEMARK_CONFIG) private readonly config: TidemarkConfig) {}

  /** The connection's settings, or a clear error naming the connection. */
  options(connection: string): MysqlConnectionOptions {
    const options = this.config.connections[connection];
    if (!options) throw badInput(`MySQL connection "${connection}" is not defined in config/connections/`);
    return options;
  }

  async source(connection: string): Promise<MysqlSource> {
    let lazy = this.byName.get(connection);
    if (!lazy) {
      const options = this.options(connection);
      lazy = new LazyResource(() => open(options), closeSource);
      this.byName.set(connection, lazy);
    }
    return (await lazy.get()).source;
  }

  /**
   * A hint that these tables are about to be extracted: each connection reads
   * their definitions, per schema, in one round once it is open (see
   * TableDescriptions). Waits for nothing; a connection that cannot open is
   * left for the tables themselves to report.
   */
  describeAhead(targets: { connection: string; sourceSchema: string; sourceTable: string }[]): void {
    const bySource = new Map<string, Map<string, string[]>>();
    for (const { connection, sourceSchema, sourceTable } of targets) {
      const schemas = bySource.get(connection) ?? new Map<string, string[]>();
      bySource.set(connection, schemas.set(sourceSchema, [...(schemas.get(sourceSchema) ?? []), sourceTable]));
    }
    for (const [connection, schemas] of bySource) {
      this.source(connection).then(
        (source) => schemas.forEach((tables, schema) => source.describeAhead(schema, tables)),
        () => undefined,
      );
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.byName.values()].map((lazy) => lazy.close()));
  }
}

async function open(options: MysqlConnectionOptions): Promise<OpenSource> {
  if (!options.ssh) return { source: await MysqlSource.connect(options) };
  const { ssh, ...mysql } = options;
  const { connected, tunnel } = await throughBastion(ssh, options, (local) =>
    MysqlSource.connect({ ...mysql, ...local }),
  );
  return { source: connected, tunnel };
}

async function closeSource({ source, tunnel }: OpenSource): Promise<void> {
  await source.close();
  await tunnel?.close();
}
