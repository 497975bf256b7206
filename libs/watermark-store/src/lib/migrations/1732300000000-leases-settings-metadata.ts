import { MigrationInterface, QueryRunner, Table, TableColumn, TableIndex } from 'typeorm';

const str = (name: string, length: number) => ({ name, type: 'varchar', length: String(length) });

export class LeasesSettingsMetadata1732300000000 implements MigrationInterface {
  name = 'LeasesSettingsMetadata1732300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn(
      'tidemark_watermarks',
      new TableColumn({ name: 'metadata', type: 'text', default: "'{}'", isNullable: false }),
    );
    await q.createTable(
      new Table({
        name: 'tidemark_settings',
        columns: [{ ...str('key', 64), isPrimary: true }, { name: 'value', type: 'text' }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'tidemark_leases',
        columns: [
          { ...str('pipeline', 64), isPrimary: true },
          { ...str('table_key', 200), isPrimary: true },
          { ...str('stage', 16), isPrimary: true },
          str('holder', 200),
          { name: 'token', type: 'bigint' },
          { name: 'expires_at', type: 'bigint' },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'tidemark_lease_events',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          str('pipeline', 64),
          str('table_key', 200),
          str('stage', 16),
          str('holder', 200),
          { name: 'token', type: 'bigint' },
          str('event', 16),
          str('at', 32),
          { name: 'expires_at', type: 'bigint' },
        ],
      }),
    );
    await q.createIndex(
      'tidemark_lease_events',
      new TableIndex({ name: 'idx_lease_events_table', columnNames: ['pipeline', 'table_key', 'stage'] }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('tidemark_lease_events');
    await q.dropTable('tidemark_leases');
    await q.dropTable('tidemark_settings');
    await q.dropColumn('tidemark_watermarks', 'metadata');
  }
}
