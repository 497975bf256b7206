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
import { LeaseSecret1733110000000 } from './migrations/1733110000000-lease-secret';
import { ManifestSkips1733500000000 } from './migrations/1733500000000-manifest-skips';
import { LoadRebuild1733700000000 } from './migrations/1733700000000-load-rebuild';
import { BinlogCursor1733800000000 } from './migrations/1733800000000-binlog-cursor';
import { KeyScanCursor1733900000000 } from './migrations/1733900000000-key-scan-cursor';
import { ManifestFilesDeleted1733600000000 } from './migrations/1733600000000-manifest-files-deleted';
import { storeOpenError } from './store-unreachable';
import { migrateOneAtATime } from './migrate-one-at-a-time';
import {
  busyTimeoutSecondsOf,
  connectTimeoutSecondsOf,
  statementTimeoutSecondsOf,
  STORE_POOL_SIZE,
  WatermarkStoreOptions,
} from './watermark-store-options';

const entities = [WatermarkEntity, ManifestEntity, HistoryEntity, SettingEntity, LeaseEntity, LeaseEventEntity];
const migrations = [
  InitialSchema1732200000000,
  LeasesSettingsMetadata1732300000000,
  LeaseSecret1733110000000,
  ManifestSkips1733500000000,
  ManifestFilesDeleted1733600000000,
  LoadRebuild1733700000000,
  BinlogCursor1733800000000,
  KeyScanCursor1733900000000,
];

/** Opens the store and brings its schema up to date; a store that cannot be opened is named in the error. */
export async function openWatermarkDataSource(options: WatermarkStoreOptions): Promise<DataSource> {
  let dataSource: DataSource;
  if (options.type === 'sqlite') {
    if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
    dataSource = new DataSource({
      type: 'better-sqlite3',
      database: options.path,
      entities,
      migrations,
      // WAL lets readers (status, the dashboard) run beside a writing sync. The busy timeout first:
      // switching a new file to WAL waits for another process's writer too.
      prepareDatabase: (db: { pragma(s: string): unknown }) => {
        db.pragma(`busy_timeout = ${busyTimeoutSecondsOf(options) * 1000}`);
        db.pragma('journal_mode = WAL');
      },
    });
  } else {
    const connect = connectTimeoutSecondsOf(options) * 1000;
    const statement = statementTimeoutSecondsOf(options) * 1000;
    dataSource = new DataSource({
      type: 'postgres',
      url: options.url,
      schema: options.schema,
      entities,
      migrations,
      connectTimeoutMS: connect,
      // The server cancels a slow statement; the client gives up on a silent server a connect timeout later.
      extra: {
        statement_timeout: statement,
        query_timeout: statement + connect,
        keepAlive: true,
        keepAliveInitialDelayMillis: 30_000,
        max: options.poolSize ?? STORE_POOL_SIZE,
      },
    });
  }
  try {
    await dataSource.initialize();
  } catch (error) {
    throw storeOpenError(options, error);
  }
  try {
    await migrateOneAtATime(dataSource, options);
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
  return dataSource;
}

/**
 * Closes the store. A PostgreSQL store that stopped answering never
 * acknowledges the goodbye: its connections are destroyed after the connect timeout.
 */
export async function closeWatermarkDataSource(dataSource: DataSource, options: WatermarkStoreOptions): Promise<void> {
  if (!dataSource.isInitialized) return;
  const wait = options.type === 'postgres' ? connectTimeoutSecondsOf(options) : 0;
  const pool = (dataSource.driver as unknown as { master?: { _clients?: { connection?: { stream?: { destroy(): void } } }[] } }).master;
  const timer = setTimeout(() => pool?._clients?.forEach((c) => c.connection?.stream?.destroy()), wait * 1000);
  try {
    await dataSource.destroy();
  } finally {
    clearTimeout(timer);
  }
}
