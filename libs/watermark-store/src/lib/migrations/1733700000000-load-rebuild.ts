import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/** Whether the table's next load replaces the target with every registered manifest (after a load-stage reset or a resync). */
export class LoadRebuild1733700000000 implements MigrationInterface {
  name = 'LoadRebuild1733700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn(
      'tidemark_watermarks',
      new TableColumn({ name: 'load_rebuild', type: 'boolean', default: false, isNullable: false }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('tidemark_watermarks', 'load_rebuild');
  }
}
