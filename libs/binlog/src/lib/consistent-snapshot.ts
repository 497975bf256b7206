import { TidemarkError } from '@tidemark/errors';
import { BinlogPosition } from './binlog-position';
import { SqlConnection, rowsOf } from './sql-connection';

/**
 * Starts a transaction on `connection` whose reads see the database exactly as
 * it was at the returned binlog position: every transaction committed before
 * the position and none after it (docs/decisions/0037). The caller reads the
 * snapshot on the same connection, then commits; streaming from the position
 * yields exactly the changes the snapshot did not see.
 *
 * MariaDB reports the position in the status variables
 * binlog_snapshot_file/position, taken atomically with the read view;
 * BINLOG_GTID_POS names the same point as a GTID position.
 */
export async function openConsistentSnapshot(connection: SqlConnection, server: string): Promise<BinlogPosition> {
  // The position is only consistent with an InnoDB read view under REPEATABLE READ.
  await connection.query('SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ');
  await connection.query('START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY');
  try {
    const status = await rowsOf<{ Variable_name: string; Value: string }>(
      connection,
      "SHOW SESSION STATUS WHERE Variable_name IN ('binlog_snapshot_file', 'binlog_snapshot_position')",
    );
    const value = (name: string) => status.find((s) => s.Variable_name.toLowerCase() === name)?.Value;
    const file = value('binlog_snapshot_file');
    const pos = value('binlog_snapshot_position');
    if (!file || pos === undefined) {
      throw new TidemarkError(
        'CONFIG',
        `${server} does not report the binlog position of a consistent snapshot (binlog_snapshot_file/position): ` +
          'binlog capture needs MariaDB with log_bin=ON (MySQL is not supported yet: docs/decisions/0037)',
      );
    }
    const [gtidRow] = await rowsOf<{ gtid: string | null }>(connection, 'SELECT BINLOG_GTID_POS(?, ?) AS gtid', [file, Number(pos)]);
    return { file, pos: Number(pos), ...(gtidRow?.gtid ? { gtid: gtidRow.gtid } : {}) };
  } catch (error) {
    await connection.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
