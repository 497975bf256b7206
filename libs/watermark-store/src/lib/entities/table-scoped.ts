import { Column } from 'typeorm';

/** Columns of every row that belongs to one (pipeline, table). */
export abstract class TableScoped {
  @Column({ type: 'varchar', length: 64 })
  pipeline!: string;

  @Column({ name: 'table_key', type: 'varchar', length: 200 })
  tableKey!: string;
}
