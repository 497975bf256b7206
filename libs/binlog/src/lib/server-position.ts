import { TidemarkError } from '@tidemark/errors';
import { BinlogPosition } from './binlog-position';
import { SqlConnection, rowsOf } from './sql-connection';

/** Where the server's binlog ends now: the `until` of a micro-batch that reads what is committed so far. */
export async function serverPosition(connection: SqlConnection): Promise<BinlogPosition> {
  const [status] = await rowsOf<{ File: string; Position: number | string }>(connection, 'SHOW MASTER STATUS');
  if (!status) throw new TidemarkError('CONFIG', 'the server writes no binary log (SHOW MASTER STATUS is empty): binlog capture needs log_bin=ON');
  const [gtid] = await rowsOf<{ gtid: string | null }>(connection, 'SELECT BINLOG_GTID_POS(?, ?) AS gtid', [status.File, Number(status.Position)]);
  return { file: status.File, pos: Number(status.Position), ...(gtid?.gtid ? { gtid: gtid.gtid } : {}) };
}
