import { Client, types } from 'pg';
import { POSTGRES_URL } from './service-addresses';

const RAW = (v: string) => v;

/** A PostgreSQL client that returns dates, timestamps and numerics as text. */
export class PostgresFixture {
  private constructor(readonly client: Client) {}

  static async connect(): Promise<PostgresFixture> {
    const client = new Client({
      connectionString: POSTGRES_URL,
      types: {
        getTypeParser: (oid: number, format?: 'text' | 'binary') => {
          if ([1082, 1114, 1184, 1700, 20].includes(oid)) return RAW;
          return types.getTypeParser(oid, format);
        },
      } as typeof types,
    });
    await client.connect();
    return new PostgresFixture(client);
  }

  async rows<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return (await this.client.query(sql, params)).rows as T[];
  }

  /** The table's primary-key constraint: its name and its columns in key order; undefined when it has none. */
  async primaryKey(schema: string, table: string): Promise<{ name: string; columns: string[] } | undefined> {
    const [key] = await this.rows<{ name: string; columns: string[] }>(
      'SELECT c.conname AS name, ARRAY(SELECT a.attname::text FROM unnest(c.conkey) WITH ORDINALITY k(attnum, n) ' +
        'JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum ORDER BY k.n) AS columns ' +
        'FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace s ON s.oid = t.relnamespace ' +
        "WHERE c.contype = 'p' AND s.nspname = $1 AND t.relname = $2",
      [schema, table],
    );
    return key;
  }

  async dropSchema(schema: string): Promise<void> {
    await this.client.query(`DROP SCHEMA IF EXISTS "${schema.replace(/"/g, '""')}" CASCADE`);
  }

  async close(): Promise<void> {
    await this.client.end();
  }
}
