import { ColumnSchema } from '@tidemark/watermark-model';

/** A NOT NULL source column for query specs; `columnType` defaults to the data type. */
export const column = (name: string, dataType: string, columnType = dataType): ColumnSchema => ({
  name,
  dataType,
  columnType,
  nullable: false,
  length: null,
  precision: null,
  scale: null,
  charset: null,
});
