import { Connection, ResultSetHeader } from 'mysql2/promise';
import { quoteMysql } from '@tidemark/schema';

/** Changes per table per turn: half new rows, half updates of existing ones. */
const PER_TABLE = 10;

/**
 * Inserts and updates rows across the tables in turn. MySQL sets
 * `updated_at` itself (DEFAULT / ON UPDATE CURRENT_TIMESTAMP(6)), as an
 * application's tables usually do, so every change moves the row past the
 * watermark.
 */
export class TableChanges {
  inserted = 0;
  updated = 0;
  private turn = 0;
  private readonly nextId: number[];

  constructor(
    private readonly connection: Connection,
    private readonly tables: string[],
    existingRows: number,
  ) {
    this.nextId = tables.map(() => existingRows + 1);
  }

  /** Applies `count` row changes, spread over the tables. */
  async apply(count: number): Promise<void> {
    for (let left = count; left > 0; left -= PER_TABLE) {
      const index = this.turn++ % this.tables.length;
      const changes = Math.min(left, PER_TABLE);
      const inserts = Math.ceil(changes / 2);
      await this.insert(index, inserts);
      await this.update(index, changes - inserts);
    }
  }

  private async insert(index: number, count: number): Promise<void> {
    const rows = Array.from({ length: count }, () => {
      const id = this.nextId[index]++;
      return [id, randomAmount(), `row ${id} inserted`];
    });
    await this.connection.query(`INSERT INTO ${quoteMysql(this.tables[index])} (id, amount, note) VALUES ?`, [rows]);
    this.inserted += count;
  }

  private async update(index: number, count: number): Promise<void> {
    if (count === 0) return;
    const ids = new Set<number>();
    while (ids.size < Math.min(count, this.nextId[index] - 1)) ids.add(1 + Math.floor(Math.random() * (this.nextId[index] - 1)));
    const [result] = await this.connection.query<ResultSetHeader>(
      `UPDATE ${quoteMysql(this.tables[index])} SET amount = amount + 1, note = ? WHERE id IN (?)`,
      [`updated at turn ${this.turn}`, [...ids]],
    );
    this.updated += result.affectedRows;
  }
}

const randomAmount = () => (Math.random() * 10_000).toFixed(2);
