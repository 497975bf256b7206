import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

const text = (name: string, nullable = false) => ({ name, type: 'text', isNullable: nullable });
const str = (name: string, length: number, nullable = false, def?: string) => ({
  name,
  type: 'varchar',
  length: String(length),
  isNullable: nullable,
  default: def === undefined ? undefined : `'${def}'`,
});
const big = (name: string) => ({ name, type: 'bigint', default: 0 });

/** Written with TypeORM's Table API so one migration serves SQLite and PostgreSQL. */
export class InitialSchema1732200000000 implements MigrationInterface {
  name = 'InitialSchema1732200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'tidemark_watermarks',
        columns: [
          { ...str('pipeline', 64), isPrimary: true },
          { ...str('table_key', 200), isPrimary: true },
          str('extract_cursor_ts', 26, true),
          text('extract_cursor_pk', true),
          str('extract_status', 16, false, 'pending'),
          big('extract_rows'),
          big('extract_files'),
          str('extract_last_run_at', 32, true),
          str('extract_strategy', 32, false, 'hybrid'),
          text('extract_error', true),
          str('load_status', 16, false, 'pending'),
          big('load_rows'),
          big('load_manifests'),
          str('load_last_run_at', 32, true),
          text('load_error', true),
          str('backup_strategy', 32, false, 'sequential'),
          str('created_at', 32),
          str('updated_at', 32),
          { name: 'version', type: 'integer' },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'tidemark_manifests',
        columns: [
          { ...str('id', 80), isPrimary: true },
          str('pipeline', 64),
          str('table_key', 200),
          str('status', 16),
          { name: 'row_count', type: 'bigint' },
          { name: 'file_count', type: 'integer' },
          { name: 'byte_count', type: 'bigint' },
          text('body'),
          str('created_at', 32),
          str('loaded_at', 32, true),
        ],
      }),
    );
    await q.createIndex(
      'tidemark_manifests',
      new TableIndex({ name: 'idx_manifests_table_status', columnNames: ['pipeline', 'table_key', 'status'] }),
    );
    await q.createTable(
      new Table({
        name: 'tidemark_watermark_history',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          str('pipeline', 64),
          str('table_key', 200),
          str('action', 40),
          str('actor', 120),
          str('at', 32),
          text('before', true),
          text('after'),
        ],
      }),
    );
    await q.createIndex(
      'tidemark_watermark_history',
      new TableIndex({ name: 'idx_history_table', columnNames: ['pipeline', 'table_key'] }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('tidemark_watermark_history');
    await q.dropTable('tidemark_manifests');
    await q.dropTable('tidemark_watermarks');
  }
}
