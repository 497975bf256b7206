import { canonicalTimestamp, Cursor } from '@tidemark/watermark-model';
import { KeysetTable } from '../keyset-query';

/** The (timestamp, key) a row leaves behind; either part null when the strategy does not track it. */
export function rowCursor(t: KeysetTable, row: unknown[], withTimestamp: boolean, withKey: boolean): Cursor {
  const ts = t.cursorColumn && withTimestamp ? row[t.columns.indexOf(t.cursorColumn)] : null;
  return {
    timestamp: ts === null || ts === undefined ? null : canonicalTimestamp(String(ts)),
    primaryKey: withKey ? t.keyColumns.map((k) => String(row[t.columns.indexOf(k)])) : null,
  };
}
