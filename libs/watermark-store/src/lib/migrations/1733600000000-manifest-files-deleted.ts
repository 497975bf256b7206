import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/** When `s3clean` deleted objects of a manifest; null while they are all in the object store. */
export class ManifestFilesDeleted1733600000000 implements MigrationInterface {
  name = 'ManifestFilesDeleted1733600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn(
      'tidemark_manifests',
      new TableColumn({ name: 'files_deleted_at', type: 'varchar', length: '32', isNullable: true }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('tidemark_manifests', 'files_deleted_at');
  }
}
