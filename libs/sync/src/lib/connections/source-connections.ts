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
