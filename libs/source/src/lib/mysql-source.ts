import { Readable } from 'node:stream';
import type * as mysql from 'mysql2';
import { BoundQuery } from '@tidemark/cdc';
import { MYSQL_EXACT_VALUES } from '@tidemark/schema';
import { TidemarkError } from '@tidemark/errors';
import { traceSql } from '@tidemark/timeouts';
import { IdleWatchdog } from './idle-watchdog';
import { RawQueryCommand, streamRawRows } from './raw-row';
import { MysqlConnectionOptions, SOURCE_TIMEOUT_DEFAULTS } from './mysql-connection-options';
import { SourceTable } from './source-table';
import { TableDescriptions } from './table-descriptions';

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
      ...MYSQL_EXACT_VALUES,
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

  private readonly descriptions = new TableDescriptions(
    (q) => this.query(q),
    () => this.options.name,
  );
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

  /** The address, user and name a binlog reader of this server connects with (its own connection). */
  get server(): { host: string; port: number; user: string; password?: string; name: string } {
    const { host, port, user, password } = this.options;
    return { host, port, user, ...(password !== undefined ? { password } : {}), name: this.where };
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

  /** The table's columns (in order) and primary key; see TableDescriptions. */
  describeTable(schema: string, table: string): Promise<SourceTable> {
    return this.descriptions.describe(schema, table);
  }

  /** Reads these tables' definitions in one round, for the describes that follow soon (a run's tables). */
  describeAhead(schema: string, tables: string[]): void {
    this.descriptions.describeAhead(schema, tables);
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
