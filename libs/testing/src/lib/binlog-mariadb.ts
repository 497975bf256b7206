import { PrivateMariadb } from './private-mariadb';

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
