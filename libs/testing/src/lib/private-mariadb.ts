import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { closedPort } from './closed-port';
import { makeTempDir } from './temp-dir';
import { waitUntil } from './wait-until';

/**
 * A MariaDB server of a test's own, from the installed `mariadbd`, on a free
 * port with a temporary data directory, for a test whose open transactions
 * or server settings must not reach the machine's shared server (nor be
 * disturbed by other suites'). `root` without a password, as on the shared one.
 */
export class PrivateMariadb {
  private constructor(
    readonly port: number,
    private readonly server: ChildProcess,
    private readonly dir: ReturnType<typeof makeTempDir>,
  ) {}

  static async start(extraArgs: string[] = []): Promise<PrivateMariadb> {
    const dir = makeTempDir('tidemark-mariadb-');
    const data = join(dir.path, 'data');
    execFileSync(
      'mariadb-install-db',
      ['--no-defaults', `--datadir=${data}`, '--auth-root-authentication-method=normal', '--skip-test-db', '--user=root'],
      { stdio: 'pipe' },
    );
    const port = await closedPort();
    const server = spawn(
      'mariadbd',
      [
        '--no-defaults',
        `--datadir=${data}`,
        `--port=${port}`,
        '--bind-address=127.0.0.1',
        `--socket=${join(dir.path, 'mariadb.sock')}`,
        '--user=root',
        '--innodb-buffer-pool-size=64M',
        ...extraArgs,
      ],
      { stdio: 'ignore' },
    );
    const db = new PrivateMariadb(port, server, dir);
    const started = await waitUntil(() => db.answers(), 60_000).catch(() => false);
    if (!started) {
      await db.stop();
      throw new Error(`the private MariaDB did not answer on port ${port} within 60 s`);
    }
    return db;
  }

  private async answers(): Promise<boolean> {
    if (this.server.exitCode !== null) throw new Error(`mariadbd exited with code ${this.server.exitCode}`);
    try {
      const c = await createConnection({ host: '127.0.0.1', port: this.port, user: 'root' });
      await c.end();
      return true;
    } catch {
      return false;
    }
  }

  async stop(): Promise<void> {
    if (this.server.exitCode === null && this.server.signalCode === null) {
      this.server.kill('SIGTERM');
      await once(this.server, 'exit');
    }
    this.dir.remove();
  }
}
