import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/** Who set a manifest aside (`status = 'skipped'`), why and when; null while it never was. */
export class ManifestSkips1733500000000 implements MigrationInterface {
  name = 'ManifestSkips1733500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumns('tidemark_manifests', [
      new TableColumn({ name: 'skipped_by', type: 'varchar', length: '120', isNullable: true }),
      new TableColumn({ name: 'skip_reason', type: 'text', isNullable: true }),
      new TableColumn({ name: 'skipped_at', type: 'varchar', length: '32', isNullable: true }),
    ]);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const name of ['skipped_at', 'skip_reason', 'skipped_by']) await q.dropColumn('tidemark_manifests', name);
  }
}
