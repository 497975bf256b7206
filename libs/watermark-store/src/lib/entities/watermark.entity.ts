import { Column, Entity, PrimaryColumn, VersionColumn } from 'typeorm';
import { bigintAsNumber } from './numeric-column';

@Entity('tidemark_watermarks')
export class WatermarkEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  pipeline!: string;

  @PrimaryColumn({ name: 'table_key', type: 'varchar', length: 200 })
  tableKey!: string;

  /** Canonical UTC `YYYY-MM-DD HH:MM:SS.ffffff`: a string, never a Date. */
  @Column({ name: 'extract_cursor_ts', type: 'varchar', length: 26, nullable: true })
  extractCursorTs!: string | null;

  /** JSON array of the key's parts as exact strings. */
  @Column({ name: 'extract_cursor_pk', type: 'text', nullable: true })
  extractCursorPk!: string | null;

  /** Binlog tables: the BinlogCursor as JSON (ADR 0041). */
  @Column({ name: 'extract_cursor_binlog', type: 'text', nullable: true })
  extractCursorBinlog!: string | null;

  /** Cursor tables, while their first run is read in key order: the KeyScanCursor as JSON (ADR 0050). */
  @Column({ name: 'extract_cursor_key_scan', type: 'text', nullable: true })
  extractCursorKeyScan!: string | null;

  @Column({ name: 'extract_status', type: 'varchar', length: 16, default: 'pending' })
  extractStatus!: string;

  @Column({ name: 'extract_rows', type: 'bigint', default: 0, transformer: bigintAsNumber })
  extractRows!: number;

  @Column({ name: 'extract_files', type: 'bigint', default: 0, transformer: bigintAsNumber })
  extractFiles!: number;

  @Column({ name: 'extract_last_run_at', type: 'varchar', length: 32, nullable: true })
  extractLastRunAt!: string | null;

  @Column({ name: 'extract_strategy', type: 'varchar', length: 32, default: 'hybrid' })
  extractStrategy!: string;

  @Column({ name: 'extract_error', type: 'text', nullable: true })
  extractError!: string | null;

  @Column({ name: 'load_status', type: 'varchar', length: 16, default: 'pending' })
  loadStatus!: string;

  @Column({ name: 'load_rows', type: 'bigint', default: 0, transformer: bigintAsNumber })
  loadRows!: number;

  @Column({ name: 'load_manifests', type: 'bigint', default: 0, transformer: bigintAsNumber })
  loadManifests!: number;

  @Column({ name: 'load_last_run_at', type: 'varchar', length: 32, nullable: true })
  loadLastRunAt!: string | null;

  @Column({ name: 'load_error', type: 'text', nullable: true })
  loadError!: string | null;

  /** The next load replaces the target with every pending manifest, whatever the warehouse ledger holds. */
  @Column({ name: 'load_rebuild', type: 'boolean', default: false })
  loadRebuild!: boolean;

  @Column({ name: 'backup_strategy', type: 'varchar', length: 32, default: 'sequential' })
  backupStrategy!: string;

  /** JSON object. */
  @Column({ type: 'text', default: '{}' })
  metadata!: string;

  @Column({ name: 'created_at', type: 'varchar', length: 32 })
  createdAt!: string;

  @Column({ name: 'updated_at', type: 'varchar', length: 32 })
  updatedAt!: string;

  @VersionColumn()
  version!: number;
}
