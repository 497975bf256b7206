import { createConnection, Connection } from 'mysql2/promise';
import { MYSQL, uniqueName } from './service-addresses';

/** A throwaway MariaDB database for one test file. */
export class MysqlFixture {
  private constructor(
    readonly database: string,
    readonly connection: Connection,
  ) {}

  /** `port`: another server than the shared one, e.g. a PrivateMariadb. */
  static async create(prefix = 'tm_test', port = MYSQL.port): Promise<MysqlFixture> {
    const database = uniqueName(prefix);
    const connection = await createConnection({
      ...MYSQL,
      port,
      multipleStatements: true,
      dateStrings: true,
      supportBigNumbers: true,
      bigNumberStrings: true,
      charset: 'utf8mb4',
    });
    await connection.query(`CREATE DATABASE \`${database}\` CHARACTER SET utf8mb4`);
    await connection.query(`USE \`${database}\``);
    await connection.query("SET time_zone = '+00:00'");
    return new MysqlFixture(database, connection);
  }

  async exec(sql: string, params: unknown[] = []): Promise<void> {
    await this.connection.query(sql, params);
  }

  async rows<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    const [rows] = await this.connection.query(sql, params);
    return rows as T[];
  }

  /** Inserts rows in batches; `rows` are arrays in `columns` order. */
  async insert(table: string, columns: string[], rows: unknown[][], batch = 5000): Promise<void> {
    const cols = columns.map((c) => `\`${c}\``).join(', ');
    for (let i = 0; i < rows.length; i += batch) {
      await this.connection.query(`INSERT INTO \`${table}\` (${cols}) VALUES ?`, [rows.slice(i, i + batch)]);
    }
  }

  async drop(): Promise<void> {
    await this.connection.query(`DROP DATABASE IF EXISTS \`${this.database}\``);
    await this.connection.end();
  }
}
