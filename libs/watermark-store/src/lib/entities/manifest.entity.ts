import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from './numeric-column';
import { TableScoped } from './table-scoped';

export type ManifestStatus = 'pending' | 'loaded' | 'superseded' | 'skipped';

@Entity('tidemark_manifests')
@Index(['pipeline', 'tableKey', 'status'])
export class ManifestEntity extends TableScoped {
  @PrimaryColumn({ type: 'varchar', length: 80 })
  id!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: ManifestStatus;

  @Column({ name: 'row_count', type: 'bigint', transformer: bigintAsNumber })
  rowCount!: number;

  @Column({ name: 'file_count', type: 'integer' })
  fileCount!: number;

  @Column({ name: 'byte_count', type: 'bigint', transformer: bigintAsNumber })
  byteCount!: number;

  /** The whole manifest as JSON, as written to the object store. */
  @Column({ type: 'text' })
  body!: string;

  @Column({ name: 'created_at', type: 'varchar', length: 32 })
  createdAt!: string;

  @Column({ name: 'loaded_at', type: 'varchar', length: 32, nullable: true })
  loadedAt!: string | null;

  /** Who set the manifest aside (`tidemark manifest skip`), why and when; null unless skipped. */
  @Column({ name: 'skipped_by', type: 'varchar', length: 120, nullable: true })
  skippedBy!: string | null;

  @Column({ name: 'skip_reason', type: 'text', nullable: true })
  skipReason!: string | null;

  @Column({ name: 'skipped_at', type: 'varchar', length: 32, nullable: true })
  skippedAt!: string | null;

  /** When `s3clean` deleted one of the manifest's objects; null while all are there. */
  @Column({ name: 'files_deleted_at', type: 'varchar', length: 32, nullable: true })
  filesDeletedAt!: string | null;
}
