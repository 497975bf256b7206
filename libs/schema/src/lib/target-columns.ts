import { ColumnSchema } from '@tidemark/watermark-model';
import { IdentifierRules, sanitizeDistinct } from './sanitize-identifier';

export interface TargetColumn {
  source: ColumnSchema;
  /** Warehouse column name, sanitized and distinct. */
  name: string;
  type: string;
}

/** Maps source columns to warehouse columns, keeping their order. */
export function targetColumns(
  columns: ColumnSchema[],
  rules: IdentifierRules,
  typeOf: (c: ColumnSchema) => string,
): TargetColumn[] {
  const names = sanitizeDistinct(columns.map((c) => c.name), rules);
  return columns.map((source, i) => ({ source, name: names[i], type: typeOf(source) }));
}
