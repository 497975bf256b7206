import { createHash } from 'node:crypto';
import { ColumnSchema } from '@tidemark/watermark-model';

/** Changes whenever a column is added, removed, renamed, retyped or reordered. */
export function schemaFingerprint(columns: ColumnSchema[]): string {
  const text = columns.map((c) => `${c.name}\u0000${c.columnType}\u0000${c.nullable ? 1 : 0}`).join('\n');
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}
