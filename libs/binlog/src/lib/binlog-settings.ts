import { TidemarkError } from '@tidemark/errors';
import { SqlConnection, rowsOf } from './sql-connection';

export interface BinlogSettings {
  logBin: boolean;
  format: string;
  rowImage: string;
  /** binlog_row_metadata (MariaDB 10.5+, MySQL 8.0+); NO_LOG where the server has no such variable. */
  rowMetadata: string;
}

const HOW_TO_SET =
  'set it in the server configuration ([mysqld] section of my.cnf) and restart the server; ' +
  'on Amazon RDS or Aurora set it in the DB parameter group (Aurora: the DB cluster parameter group) ' +
  'and reboot the instance, and keep binlogs long enough with ' +
  "CALL mysql.rds_set_configuration('binlog retention hours', 24)";

export async function readBinlogSettings(connection: SqlConnection): Promise<BinlogSettings> {
  const [row] = await rowsOf<{ log_bin: number | string; format: string; row_image: string }>(
    connection,
    'SELECT @@GLOBAL.log_bin AS log_bin, @@GLOBAL.binlog_format AS format, @@GLOBAL.binlog_row_image AS row_image',
  );
  const [metadata] = await rowsOf<{ Value: string }>(connection, "SHOW GLOBAL VARIABLES LIKE 'binlog_row_metadata'");
  return {
    logBin: Number(row.log_bin) === 1,
    format: String(row.format).toUpperCase(),
    rowImage: String(row.row_image).toUpperCase(),
    rowMetadata: String(metadata?.Value ?? 'NO_LOG').toUpperCase(),
  };
}

/**
 * Refuses a server whose binlog cannot give every change as whole rows:
 * binlog off, STATEMENT or MIXED format (statements, not rows), or a row
 * image other than FULL (updates and deletes would lack the unchanged columns).
 */
export async function requireRowBinlog(connection: SqlConnection, server: string): Promise<BinlogSettings> {
  const settings = await readBinlogSettings(connection);
  const problems: string[] = [];
  if (!settings.logBin) problems.push('the binary log is off (log_bin=OFF; needs log_bin=ON, e.g. log-bin=mysql-bin, and a server_id)');
  if (settings.format !== 'ROW') problems.push(`binlog_format is ${settings.format} (needs binlog_format=ROW)`);
  if (settings.rowImage !== 'FULL') problems.push(`binlog_row_image is ${settings.rowImage} (needs binlog_row_image=FULL)`);
  if (problems.length > 0) {
    throw new TidemarkError('CONFIG', `cannot read row changes from the binlog of ${server}: ${problems.join('; ')}; ${HOW_TO_SET}`);
  }
  return settings;
}
