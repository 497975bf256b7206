import { MysqlFixture } from './mysql-fixture';
import { PostgresFixture } from './postgres-fixture';
import { makeTempDir } from './temp-dir';

/**
 * What most end-to-end specs need: a fresh MariaDB database, a PostgreSQL
 * client (the warehouse schema is named after the database), and a temp
 * directory; `close()` removes all three.
 */
export class RealServers {
  private constructor(
    readonly db: MysqlFixture,
    readonly pg: PostgresFixture,
    readonly dir: ReturnType<typeof makeTempDir>,
  ) {}

  static async open(prefix: string): Promise<RealServers> {
    return new RealServers(await MysqlFixture.create(prefix), await PostgresFixture.connect(), makeTempDir());
  }

  async close(): Promise<void> {
    await this.pg.dropSchema(this.db.database);
    await this.pg.close();
    await this.db.drop();
    this.dir.remove();
  }
}
