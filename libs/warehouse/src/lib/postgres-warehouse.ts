import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Pool, PoolClient } from 'pg';
import { TidemarkError } from '@tidemark/errors';
import { traceSql, WarehouseTimeouts, withDefaults } from '@tidemark/timeouts';
import { destroyClient, StatementWatch } from './statement-watch';

export interface PostgresWarehouseOptions {
  url: string;
  /** Shown in errors instead of the URL's host (e.g. when connected through a tunnel). */
  address?: string;
  timeouts?: Partial<WarehouseTimeouts>;
}

export interface QueryResult<T> {
  rows: T[];
  rowCount: number;
}

/** One connection inside a load transaction. */
export interface WarehouseSession {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResult<T>>;
  /**
   * Streams CSV text into `COPY … FROM STDIN`; returns the rows copied.
   * `afterFirstChunk` runs once the first chunk went to the server, while the
   * COPY is still open (the crash tests stop a load there).
   */
  copyCsv(copySql: string, csv: Readable, afterFirstChunk?: () => Promise<void>): Promise<number>;
}

/** What the loader needs of a warehouse connection; Redshift speaks PostgreSQL's protocol. */
export interface Warehouse {
  readonly address: string;
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /**
   * Runs `setup` then `work` in one transaction; rolls back on any error.
   * `onAlive` hears each statement end, and each answered liveness check during a long one.
   */
  transaction<T>(setup: string[], work: (session: WarehouseSession) => Promise<T>, onAlive?: () => void): Promise<T>;
  close(): Promise<void>;
}

function describe(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || 5432}/${u.pathname.slice(1)}`;
  } catch {
    return 'the configured address';
  }
}

/** Passes chunks through; holds the second one (or the end) until `hook` settles, so the first is surely sent. */
function onceAfterFirstChunk(hook: () => Promise<void>): Transform {
  let chunks = 0;
  const held = (push: () => void, done: (error?: Error | null) => void) =>
    hook().then(() => {
      push();
      done();
    }, done);
  return new Transform({
    transform(chunk, _encoding, done) {
      if (++chunks !== 2) return done(null, chunk);
      held(() => this.push(chunk), done);
    },
    flush(done) {
      if (chunks >= 2) return done();
      held(() => undefined, done);
    },
  });
}

const CONNECTION_LOST = /ECONNRESET|EPIPE|ETIMEDOUT|Connection terminated|not queryable/;

/** A dropped connection's error, with the warehouse named (pg's says only `read ECONNRESET`). */
function namingWarehouse(error: unknown, address: string): unknown {
  const e = error as Error & { code?: string };
  if (!(e instanceof Error) || e instanceof TidemarkError || !CONNECTION_LOST.test(`${e.code ?? ''} ${e.message}`)) return error;
  return Object.assign(new Error(`${e.message} (connection to the warehouse at ${address})`, { cause: e }), { code: e.code });
}

class PooledSession implements WarehouseSession {
  constructor(
    private readonly client: PoolClient,
    private readonly watch: StatementWatch,
    private readonly address: string,
    private readonly onAlive?: () => void,
  ) {}

  async query<T>(sql: string, params: unknown[] = []): Promise<QueryResult<T>> {
    traceSql({ database: 'warehouse', server: this.address, sql, params });
    const result = await this.watch.run(this.client, () => this.client.query(sql, params), this.onAlive);
    return { rows: result.rows as T[], rowCount: result.rowCount ?? 0 };
  }

  async copyCsv(copySql: string, csv: Readable, afterFirstChunk?: () => Promise<void>): Promise<number> {
    const { from: copyFrom } = await import('pg-copy-streams');
    traceSql({ database: 'warehouse', server: this.address, sql: copySql, params: [] });
    const stream = this.client.query(copyFrom(copySql));
    await this.watch.run(
      this.client,
      () => (afterFirstChunk ? pipeline(csv, onceAfterFirstChunk(afterFirstChunk), stream) : pipeline(csv, stream)),
      this.onAlive,
    );
    return Number(stream.rowCount ?? 0);
  }
}

/** A PostgreSQL (or Redshift) warehouse connection pool. */
export class PostgresWarehouse implements Warehouse {
  private constructor(
    private readonly pool: Pool,
    readonly address: string,
    private readonly watch: StatementWatch,
    private readonly connectTimeoutMs: number,
  ) {}

  static async connect(o: PostgresWarehouseOptions): Promise<PostgresWarehouse> {
    // Loaded here, not at start: most watermark commands never open the warehouse.
    const { Pool } = await import('pg');
    const timeouts = withDefaults(o.timeouts);
    const client = {
      connectionString: o.url,
      connectionTimeoutMillis: timeouts.connectTimeoutSeconds * 1000,
      // A peer that vanished (power cut, partition) is noticed by the kernel as well.
      keepAlive: true,
      keepAliveInitialDelayMillis: 30_000,
    };
    const pool = new Pool({ ...client, max: 4 });
    // An idle connection the server ends is dropped by the pool; without a listener it would crash the process.
    pool.on('error', () => undefined);
    // SET, not a startup parameter: Redshift accepts statement_timeout only this way. Queued before any statement.
    pool.on('connect', (c) => {
      c.query(`SET statement_timeout = ${timeouts.statementTimeoutSeconds * 1000}`).catch(() => undefined);
    });
    const address = o.address ?? describe(o.url);
    const warehouse = new PostgresWarehouse(
      pool,
      address,
      new StatementWatch(client, timeouts, address),
      timeouts.connectTimeoutSeconds * 1000,
    );
    try {
      const c = await pool.connect();
      c.release();
    } catch (error) {
      await pool.end();
      throw new TidemarkError(
        'WAREHOUSE_UNREACHABLE',
        `cannot connect to the warehouse at ${warehouse.address}: ${(error as Error).message}`,
        { cause: error },
      );
    }
    return warehouse;
  }

  async query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      traceSql({ database: 'warehouse', server: this.address, sql, params });
      const result = await this.watch.run(client, () => client.query(sql, params));
      return result.rows as T[];
    } catch (error) {
      const named = namingWarehouse(error, this.address);
      if (named !== error || error instanceof TidemarkError) broken = error as Error;
      throw named;
    } finally {
      client.release(broken); // a failed connection is closed, not returned to the pool
    }
  }

  async transaction<T>(setup: string[], work: (session: WarehouseSession) => Promise<T>, onAlive?: () => void): Promise<T> {
    const client = await this.pool.connect();
    // A backend ended between statements emits here; the next statement then
    // fails ("not queryable") and the load rolls back, reporting this cause.
    let connectionError: Error | undefined;
    const ignore = (error: Error) => (connectionError = error);
    client.on('error', ignore);
    let failure: Error | undefined;
    const session = new PooledSession(client, this.watch, this.address, onAlive);
    try {
      await session.query('BEGIN');
      for (const sql of setup) await session.query(sql);
      const result = await work(session);
      await session.query('COMMIT');
      return result;
    } catch (error) {
      failure = error instanceof TidemarkError ? error : (connectionError ?? (error as Error));
      await client.query('ROLLBACK').catch(() => undefined);
      throw namingWarehouse(failure, this.address);
    } finally {
      client.off('error', ignore);
      client.release(failure); // a failed connection is closed, not returned to the pool
    }
  }

  /** Ends the pool; connections to a server that stopped answering are destroyed after the connect timeout. */
  async close(): Promise<void> {
    const ended = this.pool.end();
    const timer = setTimeout(() => {
      for (const c of (this.pool as unknown as { _clients: unknown[] })._clients) destroyClient(c);
    }, this.connectTimeoutMs);
    try {
      await ended;
    } finally {
      clearTimeout(timer);
    }
  }
}
