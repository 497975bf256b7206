import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from './numeric-column';

/** The current lease of each (pipeline, table, stage); `token` only grows. */
@Entity('tidemark_leases')
export class LeaseEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  pipeline!: string;

  @PrimaryColumn({ name: 'table_key', type: 'varchar', length: 200 })
  tableKey!: string;

  @PrimaryColumn({ type: 'varchar', length: 16 })
  stage!: string;

  @Column({ type: 'varchar', length: 200 })
  holder!: string;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  token!: number;

  /** SHA-256 (hex) of the secret given to the holder at acquire; renew and release must present the secret. */
  @Column({ name: 'secret_hash', type: 'varchar', length: 64, nullable: true })
  secretHash!: string | null;

  /** Milliseconds since the epoch; a released lease expires at release time. */
  @Column({ name: 'expires_at', type: 'bigint', transformer: bigintAsNumber })
  expiresAt!: number;
}

/** The key of a lease row: one per (pipeline, table, stage). */
export type LeaseKey = Pick<LeaseEntity, 'pipeline' | 'tableKey' | 'stage'>;
