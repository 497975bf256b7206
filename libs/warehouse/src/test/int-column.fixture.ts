import { ColumnSchema } from '@tidemark/watermark-model';

/** A NOT NULL MySQL INT column of this name, for dialect specs. */
export const intColumn = (name: string): ColumnSchema => ({
  name,
  dataType: 'int',
  columnType: 'int(11)',
  nullable: false,
  length: null,
  precision: null,
  scale: null,
  charset: null,
});
