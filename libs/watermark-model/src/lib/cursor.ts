/**
 * Where an extraction stopped: the cursor column's value of the last row
 * (canonical UTC timestamp string) and that row's primary key, every part as
 * an exact string so BIGINT UNSIGNED and DECIMAL keys survive.
 */
export interface Cursor {
  timestamp: string | null;
  primaryKey: string[] | null;
}

export const EMPTY_CURSOR: Cursor = { timestamp: null, primaryKey: null };

export function describeCursor(cursor: Cursor): string {
  if (!cursor.timestamp && !cursor.primaryKey) return 'the beginning (no watermark yet)';
  const key = cursor.primaryKey ? `, key (${cursor.primaryKey.join(', ')})` : '';
  return `${cursor.timestamp ?? '(any time)'}${key}`;
}
