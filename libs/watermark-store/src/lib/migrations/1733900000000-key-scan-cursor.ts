import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/** A cursor table's first run read in primary-key order: the KeyScanCursor as JSON (ADR 0050). */
export class KeyScanCursor1733900000000 implements MigrationInterface {
  name = 'KeyScanCursor1733900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn(
      'tidemark_watermarks',
      new TableColumn({ name: 'extract_cursor_key_scan', type: 'text', isNullable: true }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('tidemark_watermarks', 'extract_cursor_key_scan');
  }
}
