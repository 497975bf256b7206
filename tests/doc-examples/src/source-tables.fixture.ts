import { quoteMysql } from '@tidemark/schema';
import { MysqlFixture } from '@tidemark/testing';

/** The tables the docs' examples name in the schema `shop`. */
export const SHOP_TABLES = ['orders', 'events', 'audit_log', 'countries', 'invoices', 'order_lines'];

const COLUMNS = ['id', 'updated_at', 'created_at', 'status', 'amount', 'note'];
const ROWS = 5;

/**
 * One shape serves every example: a primary key, the cursor columns the
 * examples use (`updated_at`, `created_at`) and the `status` a `custom`
 * table filters on, with a few rows.
 */
export async function createExampleTables(db: MysqlFixture, tables: string[]): Promise<void> {
  const rows = Array.from({ length: ROWS }, (_, i) => {
    const at = `2025-08-01 10:00:0${i}.123456`;
    return [i + 1, at, at, i % 2 ? 'paid' : 'draft', `${i + 1}0.50`, i % 2 ? null : `note ${i + 1}`];
  });
  for (const table of tables) {
    await db.exec(
      `CREATE TABLE ${quoteMysql(table)} (
        id BIGINT UNSIGNED PRIMARY KEY,
        updated_at DATETIME(6) NOT NULL,
        created_at DATETIME(6) NOT NULL,
        status VARCHAR(16) NOT NULL,
        amount DECIMAL(12,2) NOT NULL,
        note VARCHAR(100) NULL,
        KEY by_cursor (updated_at, id))`,
    );
    await db.insert(table, COLUMNS, rows);
  }
}
