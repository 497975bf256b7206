import { quoteMysql } from '@tidemark/schema';
import { MysqlFixture, mysqlDigest, PostgresFixture, postgresDigest, TableDigest } from '@tidemark/testing';

export const COLUMNS = ['id', 'updated_at', 'amount', 'payload'];
/** Enough for 8 keyset pages of BATCH_SIZE rows and several 64 KiB Parquet files. */
export const INITIAL_ROWS = 4000;

/**
 * A source table that only grows (so an append-mode target equals it row by
 * row exactly when every row was loaded once): four rows share each
 * microsecond timestamp, and the payload does not compress.
 */
export class SourceTable {
  private rows = 0;

  constructor(
    private readonly db: MysqlFixture,
    readonly name: string,
  ) {}

  get key(): string {
    return `${this.db.database}.${this.name}`;
  }

  get rowCount(): number {
    return this.rows;
  }

  async create(): Promise<void> {
    await this.db.exec(
      `CREATE TABLE ${quoteMysql(this.name)} (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL,
         amount DECIMAL(12,2) NULL, payload VARCHAR(64) NOT NULL)`,
    );
    await this.add(INITIAL_ROWS);
  }

  /** Rows newer than every existing one, as a live source keeps writing between two runs. */
  async add(count: number): Promise<void> {
    await this.db.exec(
      `INSERT INTO ${quoteMysql(this.name)}
       SELECT seq, TIMESTAMP('2025-01-01') + INTERVAL (seq DIV 4) SECOND + INTERVAL ((seq DIV 4) * 7919) % 1000000 MICROSECOND,
              IF(seq % 10 = 0, NULL, seq * 1.25), SHA2(CONCAT(?, seq), 256)
         FROM seq_1_to_1000000 WHERE seq > ? AND seq <= ?`,
      [this.name, this.rows, this.rows + count],
    );
    this.rows += count;
  }

  /**
   * Changes the first `count` rows and moves their cursor past every row
   * `add` makes: a merge-mode target must end with these versions.
   */
  async update(count: number): Promise<void> {
    await this.db.exec(
      `UPDATE ${quoteMysql(this.name)}
          SET updated_at = TIMESTAMP('2026-01-01') + INTERVAL id SECOND, amount = COALESCE(amount, 0) + 1,
              payload = SHA2(CONCAT('updated', payload), 256)
        WHERE id <= ?`,
      [count],
    );
  }

  digest(): Promise<TableDigest> {
    return mysqlDigest(this.db, this.name, COLUMNS);
  }

  targetDigest(pg: PostgresFixture): Promise<TableDigest> {
    return postgresDigest(pg, this.db.database, this.name, COLUMNS);
  }
}
