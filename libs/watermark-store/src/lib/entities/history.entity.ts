import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Append-only: every change to a watermark, with the state before and after. */
@Entity('tidemark_watermark_history')
@Index(['pipeline', 'tableKey'])
export class HistoryEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 64 })
  pipeline!: string;

  @Column({ name: 'table_key', type: 'varchar', length: 200 })
  tableKey!: string;

  @Column({ type: 'varchar', length: 40 })
  action!: string;

  @Column({ type: 'varchar', length: 120 })
  actor!: string;

  @Column({ type: 'varchar', length: 32 })
  at!: string;

  @Column({ type: 'text', nullable: true })
  before!: string | null;

  @Column({ type: 'text' })
  after!: string;
}
