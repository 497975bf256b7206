import { Connection } from 'mysql2/promise';
import { PrivateMariadb } from './private-mariadb';
import { waitUntil } from './wait-until';

/**
 * A PrivateMariadb (own `mariadbd`, free port, temporary data directory)
 * writing a ROW-format binary log with full row images, as binlog capture
 * needs: the machine's shared MariaDB is never reconfigured. `serverId` must
 * differ from the ids the tests' binlog readers announce.
 */
export function startBinlogMariadb(serverId = 1, extraArgs: string[] = []): Promise<PrivateMariadb> {
  return PrivateMariadb.start([
    // A relative name puts the binlog files in the server's data directory, removed with it.
    '--log-bin=binlog',
    '--binlog-format=ROW',
    '--binlog-row-image=FULL',
    `--server-id=${serverId}`,
    ...extraArgs,
  ]);
}

/**
 * Makes the server drop the binlog file `file` (and those before it), as an
 * expired retention would: MariaDB keeps a file until InnoDB's checkpoint has
 * passed it, so it rotates and purges until the file is gone.
 */
export async function purgeBinlogThrough(db: Connection, file: string): Promise<void> {
  await waitUntil(async () => {
    await db.query('FLUSH BINARY LOGS');
    const [[status]] = (await db.query('SHOW MASTER STATUS')) as unknown as [{ File: string }[]];
    await db.query('PURGE BINARY LOGS TO ?', [status.File]);
    const [logs] = (await db.query('SHOW BINARY LOGS')) as unknown as [{ Log_name: string }[]];
    return !logs.some((l) => l.Log_name === file);
  }, 20_000);
}
