import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { TableScoped } from './table-scoped';

/** Append-only: every change to a watermark, with the state before and after. */
@Entity('tidemark_watermark_history')
@Index(['pipeline', 'tableKey'])
export class HistoryEntity extends TableScoped {
  @PrimaryGeneratedColumn()
  id!: number;

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
