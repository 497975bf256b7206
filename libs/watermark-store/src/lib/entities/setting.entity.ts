import { Column, Entity, PrimaryColumn } from 'typeorm';

/** System-level settings, such as the default watermark, as JSON values. */
@Entity('tidemark_settings')
export class SettingEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  key!: string;

  @Column({ type: 'text' })
  value!: string;
}
