import { Readable } from 'node:stream';
import type * as mysql from 'mysql2';
import { BoundQuery } from '@tidemark/cdc';
import { TidemarkError, notFound } from '@tidemark/errors';
import { traceSql } from '@tidemark/timeouts';
import { ColumnSchema } from '@tidemark/watermark-model';
import { IdleWatchdog } from './idle-watchdog';
import { RawQueryCommand, streamRawRows } from './raw-row';
import { MysqlConnectionOptions, SOURCE_TIMEOUT_DEFAULTS } from './mysql-connection-options';
import { SourceTable } from './source-table';

interface ColumnRow {
  COLUMN_NAME: string;
  DATA_TYPE: string;
  COLUMN_TYPE: string;
  IS_NULLABLE: string;
  CHARACTER_MAXIMUM_LENGTH: string | null;
  NUMERIC_PRECISION: string | null;
  NUMERIC_SCALE: string | null;
  DATETIME_PRECISION: string | null;
  CHARACTER_SET_NAME: string | null;
  COLUMN_KEY: string;
}

const toNumber = (v: string | null) => (v === null ? null : Number(v));

/**
 * One connection to a MySQL/MariaDB source. Values arrive as exact strings:
 * dates and DATETIME(6) unparsed, BIGINT, DECIMAL and JSON as strings, and the
 * session runs in UTC so TIMESTAMP columns read as UTC.
 */
export class MysqlSource {
  private constructor(
    private readonly options: MysqlConnectionOptions,
    private readonly connection: mysql.Connection,
  ) {}

  static async connect(options: MysqlConnectionOptions): Promise<MysqlSource> {
    // Loaded here, not at start: a load-only run or a watermark command never needs it.
    const { createConnection } = await import('mysql2');
    const connection = createConnection({
      host: options.host,
      port: options.port,
      user: options.user,
      password: options.password,
      database: options.database,
      dateStrings: true,
      supportBigNumbers: true,
      bigNumberStrings: true,
      decimalNumbers: false,
      // JSON as the stored text: parsing would reformat it, and turn 'null' into NULL.
      jsonStrings: true,
      timezone: 'Z',
      charset: 'utf8mb4',
      connectTimeout: (options.connectTimeoutSeconds ?? SOURCE_TIMEOUT_DEFAULTS.connectTimeoutSeconds) * 1000,
      // A peer that vanished (power cut, partition) is noticed by the kernel, not only by the watchdog.
      enableKeepAlive: true,
      keepAliveInitialDelay: 30_000,
    });
    const source = new MysqlSource(options, connection);
    // A dropped connection: fail the stream in progress (mysql2 would just end
    // it, and a cut-short read must never look complete) and the next query.
    connection.on('error', (error) => source.lose(error));
    try {
      await connection.promise().connect();
      await connection.promise().query("SET time_zone = '+00:00'");
    } catch (error) {
      connection.destroy();
      throw source.unreachable(error);
    }
    source.watchdog = source.watchIdle(connection);
    return source;
  }

  private reading?: Readable;
  /** Set once the connection is gone: mysql2 would leave a later query waiting forever. */
  private lost?: TidemarkError;
  private watchdog?: IdleWatchdog;

  private get where(): string {
    const { host, port, name, address } = this.options;
    return `MySQL connection "${name}" at ${address ?? `${host}:${port}`}`;
  }

  private lose(error: unknown): void {
    this.lost ??= new TidemarkError('SOURCE_UNREACHABLE', `lost ${this.where}: ${(error as Error).message}`, {
      cause: error,
    });
    this.reading?.destroy(this.lost);
  }

  /** A server that stops sending mid-answer (no close, no error) fails the read instead of hanging the run. */
  private watchIdle(connection: mysql.Connection): IdleWatchdog {
    const idleSeconds = this.options.readIdleTimeoutSeconds ?? SOURCE_TIMEOUT_DEFAULTS.readIdleTimeoutSeconds;
    const socket = (connection as unknown as { stream: import('node:net').Socket }).stream;
    return new IdleWatchdog(socket, idleSeconds * 1000, (silent) => {
      const message =
        `${this.where} stopped answering: no data for ${silent} s while waiting for a query's result ` +
        `(readIdleTimeoutSeconds: ${idleSeconds}); the connection was closed`;
      this.lost ??= new TidemarkError('SOURCE_UNREACHABLE', message);
      // Through the socket, so mysql2 fails the command in progress as well.
      socket.destroy(this.lost);
      this.reading?.destroy(this.lost);
    });
  }

  get name(): string {
    return this.options.name;
  }

  private unreachable(error: unknown): TidemarkError {
    const e = error as { code?: string; message?: string };
    return new TidemarkError(
      'SOURCE_UNREACHABLE',
      `cannot connect to ${this.where} as ${this.options.user}: ${e.code ?? ''} ${e.message ?? String(error)}`.trim(),
      { cause: error },
    );
  }

  async query<T>(q: BoundQuery): Promise<T[]> {
    if (this.lost) throw this.lost;
    const answered = this.watchdog?.begin();
    try {
      traceSql({ database: 'mysql', server: this.where, sql: q.sql, params: q.params });
      const [rows] = await this.connection.promise().query(q.sql, q.params);
      return rows as T[];
    } catch (error) {
      // mysql2 hands a lost connection to the query that was running, and then tells nobody
      // else: without this, the next streamed query would wait forever.
      if ((error as { fatal?: boolean }).fatal) {
        this.lose(error);
        throw this.lost;
      }
      throw error;
    } finally {
      answered?.();
    }
  }

  /** Rows as arrays in select order, streamed with backpressure. */
  stream(q: BoundQuery): Readable {
    return this.streamCommand(q, (command) => command.stream({ highWaterMark: 1000 }));
  }

  /** Rows as RawRow objects (the bytes MySQL sent), streamed with backpressure; for the CSV writer. */
  streamRaw(q: BoundQuery): Readable {
    return this.streamCommand(q, (command) => streamRawRows(command as unknown as RawQueryCommand, 1000));
  }

  private streamCommand(q: BoundQuery, streamOf: (command: mysql.Query) => Readable): Readable {
    if (this.lost) return Readable.from([]).destroy(this.lost);
    const answered = this.watchdog?.begin();
    traceSql({ database: 'mysql', server: this.where, sql: q.sql, params: q.params });
    const command = this.connection.query({ sql: q.sql, values: q.params, rowsAsArray: true });
    const stream = streamOf(command);
    this.reading = stream;
    command.once('end', () => answered?.());
    stream.once('close', () => {
      answered?.();
      if (this.reading === stream) this.reading = undefined;
    });
    return stream;
  }

  async describeTable(schema: string, table: string): Promise<SourceTable> {
    const rows = await this.query<ColumnRow>({
      sql: `SELECT COLUMN_NAME, DATA_TYPE, COLUMN_TYPE, IS_NULLABLE, CHARACTER_MAXIMUM_LENGTH,
                   NUMERIC_PRECISION, NUMERIC_SCALE, DATETIME_PRECISION, CHARACTER_SET_NAME, COLUMN_KEY
              FROM information_schema.COLUMNS
             WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?
             ORDER BY ORDINAL_POSITION`,
      params: [schema, table],
    });
    if (rows.length === 0) {
      throw notFound(`table ${schema}.${table} does not exist in MySQL connection "${this.options.name}"`);
    }
    const json = await this.mariadbJsonColumns(schema, table, rows);
    const columns: ColumnSchema[] = rows.map((r) => ({
      name: r.COLUMN_NAME,
      dataType: json.has(r.COLUMN_NAME) ? 'json' : r.DATA_TYPE.toLowerCase(),
      columnType: r.COLUMN_TYPE.toLowerCase(),
      nullable: r.IS_NULLABLE === 'YES',
      length: toNumber(r.CHARACTER_MAXIMUM_LENGTH),
      precision: r.DATA_TYPE.toLowerCase() === 'bit' ? bitWidth(r.COLUMN_TYPE) : toNumber(r.NUMERIC_PRECISION),
      scale: toNumber(r.NUMERIC_SCALE ?? r.DATETIME_PRECISION),
      charset: r.CHARACTER_SET_NAME,
      // The lossless default; the extractor sets true where the table keeps booleans.
      ...(/^tinyint\(1\)/i.test(r.COLUMN_TYPE) && { asBoolean: false }),
    }));
    const keyRows = await this.query<{ COLUMN_NAME: string }>({
      sql: `SELECT COLUMN_NAME FROM information_schema.STATISTICS
             WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND INDEX_NAME = 'PRIMARY'
             ORDER BY SEQ_IN_INDEX`,
      params: [schema, table],
    });
    const primaryKey = keyRows.map((k) => columns.find((c) => c.name === k.COLUMN_NAME) as ColumnSchema);
    return { schema, table, columns, primaryKey };
  }

  /**
   * MariaDB's JSON is a LONGTEXT with a `json_valid(col)` check, and
   * information_schema calls it longtext. MySQL has a real JSON type, and
   * before 8.0.16 no CHECK_CONSTRAINTS table.
   */
  private async mariadbJsonColumns(schema: string, table: string, columns: ColumnRow[]): Promise<Set<string>> {
    if (!columns.some((c) => c.DATA_TYPE.toLowerCase() === 'longtext')) return new Set();
    const checks = await this.query<{ TABLE_NAME?: string; CHECK_CLAUSE: string }>({
      sql: 'SELECT * FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = ?',
      params: [schema],
    }).catch((error: { code?: string }) => {
      if (error.code === 'ER_UNKNOWN_TABLE') return [];
      throw error;
    });
    const names = checks
      .filter((k) => k.TABLE_NAME === table)
      .map((k) => /^json_valid\(`((?:[^`]|``)+)`\)$/i.exec(k.CHECK_CLAUSE)?.[1]?.replace(/``/g, '`'));
    return new Set(names.filter((n): n is string => n !== undefined));
  }

  async close(): Promise<void> {
    this.watchdog?.stop();
    if (this.lost) return this.connection.destroy();
    await this.connection
      .promise()
      .end()
      .catch(() => this.connection.destroy());
  }
}

function bitWidth(columnType: string): number {
  const m = /bit\((\d+)\)/i.exec(columnType);
  return m ? Number(m[1]) : 1;
}
