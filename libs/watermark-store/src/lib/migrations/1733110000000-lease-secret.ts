import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/** The SHA-256 of each lease's secret; null for leases granted before secrets existed (none can be renewed). */
export class LeaseSecret1733110000000 implements MigrationInterface {
  name = 'LeaseSecret1733110000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn(
      'tidemark_leases',
      new TableColumn({ name: 'secret_hash', type: 'varchar', length: '64', isNullable: true }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('tidemark_leases', 'secret_hash');
  }
}
