import { ColumnSchema } from '@tidemark/watermark-model';

export interface SourceTable {
  schema: string;
  table: string;
  columns: ColumnSchema[];
  primaryKey: ColumnSchema[];
}

export function findColumn(t: SourceTable, name: string): ColumnSchema | undefined {
  const lower = name.toLowerCase();
  return t.columns.find((c) => c.name.toLowerCase() === lower);
}
