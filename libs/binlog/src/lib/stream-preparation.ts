import { createConnection } from 'mysql2/promise';
import { TidemarkError } from '@tidemark/errors';
import { BinlogStreamOptions } from './binlog-stream-options';
import { requireRowBinlog } from './binlog-settings';
import { ColumnShape, describeColumns } from './column-shape';
import { requireRetained } from './retained-binlog';
import { rowsOf } from './sql-connection';

export const keyOf = (schema: string, table: string) => `${schema}\u0000${table}`;

/**
 * Settings, retention, table descriptions and the GTID position at `from`
 * (when the caller has none), on a connection of its own closed before streaming.
 */
export async function prepareStream(options: BinlogStreamOptions): Promise<{ expected: Map<string, ColumnShape[]>; startGtid?: string }> {
  const { server } = options;
  let connection;
  try {
    connection = await createConnection({ host: server.host, port: server.port, user: server.user, password: server.password });
  } catch (error) {
    throw new TidemarkError('SOURCE_UNREACHABLE', `cannot connect to ${server.name}: ${(error as Error).message}`, { cause: error });
  }
  try {
    const settings = await requireRowBinlog(connection, server.name);
    await requireRetained(connection, server.name, options.from);
    const expected = new Map<string, ColumnShape[]>();
    for (const { schema, table } of options.tables) {
      const shapes = await describeColumns(connection, schema, table);
      if (shapes.length === 0) throw new TidemarkError('NOT_FOUND', `table ${schema}.${table} does not exist on ${server.name}`);
      requireDecodable(shapes, settings.rowMetadata, `${schema}.${table}`, server.name);
      expected.set(keyOf(schema, table), shapes);
    }
    if (options.from.gtid !== undefined) return { expected, startGtid: options.from.gtid };
    const [row] = await rowsOf<{ gtid: string | null }>(connection, 'SELECT BINLOG_GTID_POS(?, ?) AS gtid', [options.from.file, options.from.pos]);
    return { expected, ...(row?.gtid !== null && row?.gtid !== undefined ? { startGtid: row.gtid } : {}) };
  } finally {
    await connection.end();
  }
}

// Under binlog_row_metadata=FULL zongji decodes from the TABLE_MAP alone, which cannot tell these
// MariaDB types from BINARY: their values would arrive as raw bytes instead of the text SELECT gives.
const BYTES_UNDER_FULL_METADATA = new Set(['uuid', 'inet4', 'inet6']);

function requireDecodable(shapes: ColumnShape[], rowMetadata: string, table: string, server: string): void {
  if (rowMetadata !== 'FULL') return;
  const columns = shapes.filter((s) => BYTES_UNDER_FULL_METADATA.has(s.dataType ?? ''));
  if (columns.length === 0) return;
  throw new TidemarkError(
    'CONFIG',
    `cannot stream ${table} from ${server}: with binlog_row_metadata=FULL its ` +
      `${columns.map((c) => `${c.name} (${c.dataType?.toUpperCase()})`).join(', ')} would arrive as raw bytes; ` +
      'set binlog_row_metadata=NO_LOG or MINIMAL (SET GLOBAL, my.cnf, or the RDS/Aurora parameter group)',
  );
}
