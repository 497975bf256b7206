import { createReadStream } from 'node:fs';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Pool, PoolClient } from 'pg';
import { TidemarkError } from '@tidemark/errors';

export interface PostgresWarehouseOptions {
  url: string;
  /** Shown in errors instead of the URL's host (e.g. when connected through a tunnel). */
  address?: string;
}

export interface QueryResult<T> {
  rows: T[];
  rowCount: number;
}

/** One connection inside a load transaction. */
export interface WarehouseSession {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResult<T>>;
  /**
   * Streams a CSV file into `COPY … FROM STDIN`; returns the rows copied.
   * `afterFirstChunk` runs once the first chunk went to the server, while the
   * COPY is still open (the crash tests stop a load there).
   */
  copyCsvFile(copySql: string, csvPath: string, afterFirstChunk?: () => Promise<void>): Promise<number>;
}

/** What the loader needs of a warehouse connection; Redshift speaks PostgreSQL's protocol. */
export interface Warehouse {
  readonly address: string;
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Runs `setup` then `work` in one transaction; rolls back on any error. */
  transaction<T>(setup: string[], work: (session: WarehouseSession) => Promise<T>): Promise<T>;
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

class PooledSession implements WarehouseSession {
  constructor(private readonly client: PoolClient) {}

  async query<T>(sql: string, params: unknown[] = []): Promise<QueryResult<T>> {
    const result = await this.client.query(sql, params);
    return { rows: result.rows as T[], rowCount: result.rowCount ?? 0 };
  }

  async copyCsvFile(copySql: string, csvPath: string, afterFirstChunk?: () => Promise<void>): Promise<number> {
    const { from: copyFrom } = await import('pg-copy-streams');
    const stream = this.client.query(copyFrom(copySql));
    const file = createReadStream(csvPath);
    await (afterFirstChunk ? pipeline(file, onceAfterFirstChunk(afterFirstChunk), stream) : pipeline(file, stream));
    return Number(stream.rowCount ?? 0);
  }
}

/** A PostgreSQL (or Redshift) warehouse connection pool. */
export class PostgresWarehouse implements Warehouse {
  private constructor(
    private readonly pool: Pool,
    readonly address: string,
  ) {}

  static async connect(o: PostgresWarehouseOptions): Promise<PostgresWarehouse> {
    // Loaded here, not at start: most watermark commands never open the warehouse.
    const { Pool } = await import('pg');
    const pool = new Pool({ connectionString: o.url, max: 4, connectionTimeoutMillis: 10_000 });
    // An idle connection the server ends is dropped by the pool; without a listener it would crash the process.
    pool.on('error', () => undefined);
    const warehouse = new PostgresWarehouse(pool, o.address ?? describe(o.url));
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
    const result = await this.pool.query(sql, params);
    return result.rows as T[];
  }

  async transaction<T>(setup: string[], work: (session: WarehouseSession) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    // A backend ended between statements emits here; the next statement then
    // fails ("not queryable") and the load rolls back, reporting this cause.
    let connectionError: Error | undefined;
    const ignore = (error: Error) => (connectionError = error);
    client.on('error', ignore);
    let failure: Error | undefined;
    try {
      await client.query('BEGIN');
      for (const sql of setup) await client.query(sql);
      const result = await work(new PooledSession(client));
      await client.query('COMMIT');
      return result;
    } catch (error) {
      failure = connectionError ?? (error as Error);
      await client.query('ROLLBACK').catch(() => undefined);
      throw failure;
    } finally {
      client.off('error', ignore);
      client.release(failure); // a failed connection is closed, not returned to the pool
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
