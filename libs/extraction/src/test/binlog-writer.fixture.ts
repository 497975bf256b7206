import { Connection } from 'mysql2/promise';

/** Values that must survive the binlog: microseconds, 38-digit decimals, JSON text, unsigned 64-bit keys. */
export function hostileRow(id: bigint, n: number): unknown[] {
  return [
    id.toString(),
    `op'"\\${n}`,
    n,
    `2024-02-29 23:59:59.${String(100000 + (n % 899999)).padStart(6, '0')}`,
    `1234567890123456789012345678.${String(n).padStart(10, '1')}`,
    JSON.stringify({ n, s: `é"${n}` }),
  ];
}

export const HOSTILE_TABLE_DDL = (table: string) =>
  `CREATE TABLE \`${table}\` (id BIGINT UNSIGNED PRIMARY KEY, \`_tidemark_operation\` VARCHAR(40), \`_tidemark_change\` INT, ` +
  'ts DATETIME(6) NOT NULL, amount DECIMAL(38,10), doc JSON) ENGINE=InnoDB';

/** The largest BIGINT UNSIGNED, and keys just below it: beyond 2^53 and 2^63. */
export const TOP_KEY = 18446744073709551615n;

/**
 * A writer of inserts, updates (some moving the key), deletes and
 * two-statement transactions against the table, until stopped.
 */
export class TableWriter {
  private running = true;
  private done: Promise<void> = Promise.resolve();
  private next: bigint;
  readonly counts = { insert: 0, update: 0, delete: 0, keyChange: 0 };

  constructor(
    private readonly db: Connection,
    private readonly table: string,
    firstNewKey: bigint,
  ) {
    this.next = firstNewKey;
  }

  start(): this {
    this.done = this.loop();
    return this;
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.done;
  }

  private async someKey(): Promise<string | null> {
    // The top key is left to the spec, which checks its values.
    const [rows] = await this.db.query(`SELECT id FROM \`${this.table}\` WHERE id <> ? ORDER BY RAND() LIMIT 1`, [
      TOP_KEY.toString(),
    ]);
    return (rows as { id: string }[])[0]?.id ?? null;
  }

  private async loop(): Promise<void> {
    let n = 0;
    while (this.running) {
      n++;
      const key = await this.someKey();
      const step = n % 6;
      if (step === 0 || key === null) {
        await this.db.query(`INSERT INTO \`${this.table}\` VALUES (?)`, [hostileRow(this.next++, n)]);
        this.counts.insert++;
      } else if (step === 1 || step === 2) {
        await this.db.query(
          `UPDATE \`${this.table}\` SET amount = amount + 1, ts = ?, \`_tidemark_change\` = ? WHERE id = ?`,
          [hostileRow(0n, n)[3], n, key],
        );
        this.counts.update++;
      } else if (step === 3) {
        await this.db.query(`DELETE FROM \`${this.table}\` WHERE id = ?`, [key]);
        this.counts.delete++;
      } else if (step === 4) {
        await this.db.query(`UPDATE \`${this.table}\` SET id = ? WHERE id = ?`, [(this.next++).toString(), key]);
        this.counts.keyChange++;
      } else {
        await this.db.beginTransaction();
        await this.db.query(`INSERT INTO \`${this.table}\` VALUES (?)`, [hostileRow(this.next++, n)]);
        await this.db.query(`UPDATE \`${this.table}\` SET \`_tidemark_operation\` = 'delete' WHERE id = ?`, [key]);
        await this.db.commit();
        this.counts.insert++;
        this.counts.update++;
      }
    }
  }
}
