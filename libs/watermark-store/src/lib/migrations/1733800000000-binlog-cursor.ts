import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/** A binlog table's watermark: its binlog position, change-order counter and snapshot phase, as JSON (ADR 0041). */
export class BinlogCursor1733800000000 implements MigrationInterface {
  name = 'BinlogCursor1733800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn(
      'tidemark_watermarks',
      new TableColumn({ name: 'extract_cursor_binlog', type: 'text', isNullable: true }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('tidemark_watermarks', 'extract_cursor_binlog');
  }
}
