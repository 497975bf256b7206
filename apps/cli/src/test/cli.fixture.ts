import { ChildProcess, spawn, spawnSync, SpawnSyncReturns } from 'node:child_process';
import { once } from 'node:events';
import { join, resolve } from 'node:path';
import {
  buildApps,
  ConfigFilesOptions,
  makeTempDir,
  MYSQL,
  MysqlFixture,
  PostgresFixture,
  writeConfigFiles,
} from '@tidemark/testing';

export const ROOT = resolve(__dirname, '../../../..');
export const BIN = join(ROOT, 'dist/apps/cli/main.js');

/** A temp directory holding config directories for the binary. */
export class CliFixture {
  readonly dir = makeTempDir();

  writeConfig(name: string, options: ConfigFilesOptions = {}): string {
    return writeConfigFiles(this.dir.path, name, options);
  }

  run(config: string, args: string[], env: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> {
    return spawnSync('node', [BIN, '--config', config, ...args], {
      encoding: 'utf8',
      env: { ...process.env, TEST_MYSQL_PASSWORD: MYSQL.password, ...env },
    });
  }

  /** As `run`, for a command that must succeed: its stdout, or an error with its exit code and stderr. */
  ok(config: string, args: string[], env: NodeJS.ProcessEnv = {}): string {
    const r = this.run(config, args, env);
    if (r.status !== 0) throw new Error(`tidemark ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
    return r.stdout;
  }

  /** As `ok`, with `--json`: the parsed output. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json<T = Record<string, any>>(config: string, args: string[]): T {
    return JSON.parse(this.ok(config, [...args, '--json'])) as T;
  }

  /** The binary as a running process, its output gathered for `exited`. */
  start(config: string, args: string[], env: NodeJS.ProcessEnv = {}): RunningCli {
    const child = spawn('node', [BIN, '--config', config, ...args], {
      env: { ...process.env, TEST_MYSQL_PASSWORD: MYSQL.password, ...env },
    });
    return new RunningCli(child);
  }

  /** As `run`, without blocking this process: needed when a server the binary talks to runs in the test process (the Redshift emulator). */
  async runAsync(config: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ status: number | null; stdout: string; stderr: string }> {
    const running = this.start(config, args, env);
    const { status } = await running.exited();
    return { status, stdout: running.stdout, stderr: running.stderr };
  }

  remove(): void {
    this.dir.remove();
  }
}

/** A binary started by CliFixture.start. */
export class RunningCli {
  stdout = '';
  stderr = '';
  private readonly exit: Promise<unknown[]>;

  constructor(readonly child: ChildProcess) {
    child.stdout?.on('data', (d) => (this.stdout += d));
    child.stderr?.on('data', (d) => (this.stderr += d));
    this.exit = once(child, 'close');
  }

  signal(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Its exit status (or signal), once it ended. */
  async exited(): Promise<{ status: number | null; signal: string | null }> {
    const [status, signal] = (await this.exit) as [number | null, string | null];
    return { status, signal };
  }
}

/** The built binary, a source database, the warehouse and a CliFixture, for one spec file. */
export class CliWorld {
  private db?: MysqlFixture;
  private pg?: PostgresFixture;
  private cli?: CliFixture;

  async open(prefix: string): Promise<{ db: MysqlFixture; pg: PostgresFixture; cli: CliFixture }> {
    buildApps('cli');
    this.db = await MysqlFixture.create(prefix);
    this.pg = await PostgresFixture.connect();
    this.cli = new CliFixture();
    return { db: this.db, pg: this.pg, cli: this.cli };
  }

  /** Drops the warehouse schema named after the database and any `extraSchemas`; tolerates an `open` that failed part way. */
  async close(extraSchemas: (database: string) => string[] = () => []): Promise<void> {
    if (this.db) {
      for (const schema of [this.db.database, ...extraSchemas(this.db.database)]) await this.pg?.dropSchema(schema);
    }
    await this.pg?.close();
    await this.db?.drop();
    this.cli?.remove();
  }
}
