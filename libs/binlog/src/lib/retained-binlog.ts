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

// The server's words, under error 1236 (fatal error reading binlog) or MariaDB's GTID errors 1945/1955,
// for a start the binlog no longer holds; 1236 also covers a position that is not an event boundary.
const GONE = /could not find first log file|purged|could not find gtid|not found in the binlog|1945|1955/i;

/** What a failed binlog read means for the caller: purged (re-snapshot), a position that was never valid, or a lost connection. */
export function binlogReadError(server: string, from: BinlogPosition, thrown: unknown): Error {
  // zongji's binlog command emits the server's error with no listener of its own, so it can reach us
  // wrapped in Node's ERR_UNHANDLED_ERROR, the server's error in its `context`.
  const wrapped = thrown as { code?: string; context?: unknown };
  const error = wrapped.code === 'ERR_UNHANDLED_ERROR' && wrapped.context ? wrapped.context : thrown;
  const e = error as { errno?: number; message?: string };
  const detail = e.message ?? String(error);
  if (e.errno === 1945 || e.errno === 1955 || (e.errno === 1236 && GONE.test(detail))) return purgedError(server, from, detail);
  if (e.errno === 1236) {
    return new TidemarkError(
      'BAD_INPUT',
      `${server} cannot stream its binlog from ${describePosition(from)}: ${detail}; ` +
        'start from a position the snapshot or a commit event reported, or take a new snapshot',
    );
  }
  if (error instanceof TidemarkError) return error;
  return new TidemarkError('SOURCE_UNREACHABLE', `lost the binlog stream from ${server}: ${detail}`, { cause: error });
}
