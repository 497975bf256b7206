/**
 * Where an extraction stopped: the cursor column's value of the last row
 * (canonical UTC timestamp string) and that row's primary key, every part as
 * an exact string so BIGINT UNSIGNED and DECIMAL keys survive. A `binlog`
 * table's watermark is its binlog position (ADR 0041); while its snapshot is
 * being read in chunks, `primaryKey` is the key of the last row of the last
 * committed chunk.
 */
export interface Cursor {
  timestamp: string | null;
  primaryKey: string[] | null;
  /** Binlog tables only; absent (or null) for every other strategy. */
  binlog?: BinlogCursor | null;
}

/**
 * A binlog table's watermark (ADR 0041). `file`/`pos`/`gtid` is where the
 * stream resumes: the last commit position whose changes are in a committed
 * manifest, or, during and right after the snapshot, the position of its
 * first chunk.
 */
export interface BinlogCursor {
  /** `snapshot`: chunks are still being read (the next run reads after `primaryKey`); `stream`: the snapshot is complete. */
  phase: 'snapshot' | 'stream';
  file: string;
  pos: number;
  gtid?: string;
  /** The last change-order value written (decimal BIGINT); the next manifest's are greater. */
  order: string;
}

export const EMPTY_CURSOR: Cursor = { timestamp: null, primaryKey: null };

export function describeBinlogCursor(b: BinlogCursor): string {
  const at = `binlog ${b.file}:${b.pos}${b.gtid ? ` (GTID ${b.gtid})` : ''}`;
  return b.phase === 'snapshot' ? `snapshot in progress (stream to start at ${at})` : at;
}

export function describeCursor(cursor: Cursor): string {
  if (cursor.binlog) {
    const key = cursor.primaryKey ? `, chunks done up to key (${cursor.primaryKey.join(', ')})` : '';
    return `${describeBinlogCursor(cursor.binlog)}${key}`;
  }
  if (!cursor.timestamp && !cursor.primaryKey) return 'the beginning (no watermark yet)';
  const key = cursor.primaryKey ? `, key (${cursor.primaryKey.join(', ')})` : '';
  return `${cursor.timestamp ?? '(any time)'}${key}`;
}
