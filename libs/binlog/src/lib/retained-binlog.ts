import { TidemarkError } from '@tidemark/errors';
import { BinlogPosition, describePosition } from './binlog-position';
import { SqlConnection, rowsOf } from './sql-connection';

const RESNAPSHOT =
  'the changes since then are gone from the server, so the table must be copied afresh: ' +
  'reset its watermark to take a new snapshot, and keep binlogs longer (binlog_expire_logs_seconds; ' +
  "on Amazon RDS/Aurora CALL mysql.rds_set_configuration('binlog retention hours', N))";

/** Binlog purged past `position`: the stream cannot resume there. */
export function purgedError(server: string, position: BinlogPosition, detail: string): TidemarkError {
  return new TidemarkError('CONFLICT', `${server} no longer has the binlog at ${describePosition(position)} (${detail}); ${RESNAPSHOT}`);
}

/**
 * Fails before streaming when the server has purged the binlog file the
 * position is in, or the position lies beyond the end of that file (a
 * different server, or a binlog that was reset).
 */
export async function requireRetained(connection: SqlConnection, server: string, position: BinlogPosition): Promise<void> {
  const logs = await rowsOf<{ Log_name: string; File_size: number | string }>(connection, 'SHOW BINARY LOGS');
  const log = logs.find((l) => l.Log_name === position.file);
  if (!log) {
    const kept = logs.length > 0 ? `it keeps ${logs[0].Log_name} to ${logs[logs.length - 1].Log_name}` : 'it keeps no binlog files';
    throw purgedError(server, position, kept);
  }
  if (position.pos > Number(log.File_size)) {
    throw purgedError(server, position, `${log.Log_name} is only ${log.File_size} bytes long`);
  }
}
