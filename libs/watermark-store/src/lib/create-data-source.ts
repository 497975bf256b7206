import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DataSource } from 'typeorm';
import { HistoryEntity } from './entities/history.entity';
import { ManifestEntity } from './entities/manifest.entity';
import { WatermarkEntity } from './entities/watermark.entity';
import { LeaseEventEntity } from './entities/lease-event.entity';
import { LeaseEntity } from './entities/lease.entity';
import { SettingEntity } from './entities/setting.entity';
import { InitialSchema1732200000000 } from './migrations/1732200000000-initial-schema';
import { LeasesSettingsMetadata1732300000000 } from './migrations/1732300000000-leases-settings-metadata';
import { ManifestSkips1733500000000 } from './migrations/1733500000000-manifest-skips';
import { WatermarkStoreOptions } from './watermark-store-options';

const entities = [WatermarkEntity, ManifestEntity, HistoryEntity, SettingEntity, LeaseEntity, LeaseEventEntity];
const migrations = [InitialSchema1732200000000, LeasesSettingsMetadata1732300000000, ManifestSkips1733500000000];

/** Opens the store and brings its schema up to date. */
export async function openWatermarkDataSource(options: WatermarkStoreOptions): Promise<DataSource> {
  let dataSource: DataSource;
  if (options.type === 'sqlite') {
    if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
    dataSource = new DataSource({
      type: 'better-sqlite3',
      database: options.path,
      entities,
      migrations,
      // WAL lets readers (status, the dashboard) run beside a writing sync.
      prepareDatabase: (db: { pragma(s: string): unknown }) => {
        db.pragma('journal_mode = WAL');
        db.pragma('busy_timeout = 10000');
      },
    });
  } else {
    dataSource = new DataSource({
      type: 'postgres',
      url: options.url,
      schema: options.schema,
      entities,
      migrations,
    });
  }
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  return dataSource;
}
