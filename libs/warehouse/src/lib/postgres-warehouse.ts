import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Client, Pool, PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { TidemarkError } from '@tidemark/errors';

export interface PostgresWarehouseOptions {
  url: string;
}

function describe(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || 5432}/${u.pathname.slice(1)}`;
  } catch {
    return 'the configured address';
  }
}

/** A PostgreSQL (or Redshift, which speaks its protocol) warehouse connection pool. */
export class PostgresWarehouse {
  private constructor(
    private readonly pool: Pool,
    readonly address: string,
  ) {}

  static async connect(o: PostgresWarehouseOptions): Promise<PostgresWarehouse> {
    const pool = new Pool({ connectionString: o.url, max: 4, connectionTimeoutMillis: 10_000 });
    const warehouse = new PostgresWarehouse(pool, describe(o.url));
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

  /** Runs `work` in one transaction in UTC; rolls back on any error. */
  async transaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query("SET LOCAL TIME ZONE 'UTC'");
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  /** Streams a CSV file into `COPY ... FROM STDIN`; returns the rows copied. */
  static async copyCsvFile(client: PoolClient | Client, copySql: string, csvPath: string): Promise<number> {
    const stream = client.query(copyFrom(copySql));
    await pipeline(createReadStream(csvPath), stream);
    return Number(stream.rowCount ?? 0);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
