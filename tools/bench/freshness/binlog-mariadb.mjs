// A MariaDB server of the benchmark's own with a ROW binlog (as
// libs/testing's startBinlogMariadb for the specs): the installed mariadbd on
// a free port with a temporary data directory, so the machine's shared
// server is never reconfigured.
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import mysql from 'mysql2/promise';

const freePort = () =>
  new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });

export async function startBinlogMariadb() {
  const dir = mkdtempSync(join(tmpdir(), 'bench-binlog-mariadb-'));
  const data = join(dir, 'data');
  execFileSync('mariadb-install-db', ['--no-defaults', `--datadir=${data}`, '--auth-root-authentication-method=normal', '--skip-test-db', '--user=root'], { stdio: 'pipe' });
  const port = await freePort();
  const child = spawn(
    'mariadbd',
    ['--no-defaults', `--datadir=${data}`, `--port=${port}`, '--bind-address=127.0.0.1', `--socket=${join(dir, 'mariadb.sock')}`, '--user=root',
      '--innodb-buffer-pool-size=128M', '--log-bin=binlog', '--binlog-format=ROW', '--binlog-row-image=FULL', '--server-id=1'],
    { stdio: 'ignore' },
  );
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
    rmSync(dir, { recursive: true, force: true });
  };
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; await sleep(200)) {
    if (child.exitCode !== null) break;
    const answered = await mysql.createConnection({ host: '127.0.0.1', port, user: 'root' }).then((c) => c.end().then(() => true), () => false);
    if (answered) return { port, pid: child.pid, stop };
  }
  await stop();
  throw new Error(`the benchmark's binlog MariaDB did not answer on port ${port} within 60 s`);
}
