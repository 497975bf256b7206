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

  async dropSchema(schema: string): Promise<void> {
    await this.client.query(`DROP SCHEMA IF EXISTS "${schema.replace(/"/g, '""')}" CASCADE`);
  }

  async close(): Promise<void> {
    await this.client.end();
  }
}
