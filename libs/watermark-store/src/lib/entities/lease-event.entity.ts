import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { bigintAsNumber } from './numeric-column';
import { TableScoped } from './table-scoped';

/** Append-only record of grants, renewals and releases: who worked a table when. */
@Entity('tidemark_lease_events')
@Index(['pipeline', 'tableKey', 'stage'])
export class LeaseEventEntity extends TableScoped {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 16 })
  stage!: string;

  @Column({ type: 'varchar', length: 200 })
  holder!: string;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  token!: number;

  @Column({ type: 'varchar', length: 16 })
  event!: string;

  @Column({ type: 'varchar', length: 32 })
  at!: string;

  @Column({ name: 'expires_at', type: 'bigint', transformer: bigintAsNumber })
  expiresAt!: number;
}
