import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import {
  buildApps,
  makeTempDir,
  MYSQL,
  MysqlFixture,
  PostgresFixture,
  PrivateMariadb,
  writeConfigFiles,
} from '@tidemark/testing';

const CLI_MAIN = join(resolve(__dirname, '../../..'), 'dist/apps/cli/main.js');
const execFileAsync = promisify(execFile);

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * A MariaDB server of the spec's own (open transactions of one suite hold
 * back the extractions of every other on the same server), a database on
 * it, the warehouse and a config directory, and the built binary run
 * without blocking the test's own event loop (writers keep writing).
 */
export class LiveWorld {
  private constructor(
    readonly server: PrivateMariadb,
    readonly db: MysqlFixture,
    readonly pg: PostgresFixture,
    private readonly dir: ReturnType<typeof makeTempDir>,
  ) {}

  static async open(prefix: string): Promise<LiveWorld> {
    buildApps('cli');
    const server = await PrivateMariadb.start();
    return new LiveWorld(server, await MysqlFixture.create(prefix, server.port), await PostgresFixture.connect(), makeTempDir());
  }

  /** A config directory whose one pipeline lists `tables` with their options, `{}` for none. */
  writeConfig(name: string, pipeline: string, tables: Record<string, string>): string {
    return writeConfigFiles(this.dir.path, name, {
      mysqlPort: this.server.port,
      pipelines: {
        [pipeline]: [
          'connection: default',
          `targetSchema: ${this.db.database}`,
          'tables:',
          ...Object.entries(tables).map(([t, options]) => `  ${this.db.database}.${t}: ${options}`),
        ].join('\n'),
      },
    });
  }

  /** `tidemark --config <config> …args`; a non-zero exit is returned, not thrown. */
  async cli(config: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
    try {
      const { stdout, stderr } = await execFileAsync('node', [CLI_MAIN, '--config', config, ...args], {
        env: { ...process.env, TEST_MYSQL_PASSWORD: MYSQL.password, ...env },
        timeout: 120_000,
      });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code?: number; stdout?: string; stderr?: string };
      if (typeof e.code !== 'number') throw error;
      return { code: e.code, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
    }
  }

  async close(): Promise<void> {
    await this.pg.dropSchema(this.db.database);
    await this.pg.close();
    await this.db.drop();
    await this.server.stop();
    this.dir.remove();
  }
}
