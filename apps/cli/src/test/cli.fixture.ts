import { spawn, spawnSync, SpawnSyncReturns } from 'node:child_process';
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

  /** As `run`, without blocking this process: needed when a server the binary talks to runs in the test process (the Redshift emulator). */
  runAsync(config: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ status: number | null; stdout: string; stderr: string }> {
    const child = spawn('node', [BIN, '--config', config, ...args], {
      env: { ...process.env, TEST_MYSQL_PASSWORD: MYSQL.password, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    return new Promise((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (status) => resolve({ status, stdout, stderr }));
    });
  }

  remove(): void {
    this.dir.remove();
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
