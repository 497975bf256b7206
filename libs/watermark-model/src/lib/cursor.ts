/**
 * Where an extraction stopped: the cursor column's value of the last row
 * (canonical UTC timestamp string) and that row's primary key, every part as
 * an exact string so BIGINT UNSIGNED and DECIMAL keys survive. A `binlog`
 * table's watermark is its binlog position (ADR 0041); while its snapshot is
 * being read in chunks, `primaryKey` is the key of the last row of the last
 * committed chunk. While a cursor table's first run is read in primary-key
 * order (`keyScan`, ADR 0050), `primaryKey` is the last key of the last
 * committed file and `timestamp` is null.
 */
export interface Cursor {
  timestamp: string | null;
  primaryKey: string[] | null;
  /** Binlog tables only; absent (or null) for every other strategy. */
  binlog?: BinlogCursor | null;
  /** Cursor tables only, while their first run is read in key order; absent (or null) otherwise. */
  keyScan?: KeyScanCursor | null;
}

/**
 * A cursor table's first run, read in primary-key order instead of cursor
 * order (ADR 0050): rows whose cursor column is at or below `ceiling` (the
 * first run's safe ceiling, canonical UTC) and whose key is after the
 * cursor's `primaryKey` are still to be read. When the scan ends the cursor
 * becomes an ordinary one at `ceiling`.
 */
export interface KeyScanCursor {
  ceiling: string;
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
  if (cursor.keyScan) {
    const key = cursor.primaryKey ? `key (${cursor.primaryKey.join(', ')})` : 'the first key';
    return `${key} of the first run, read in key order up to ${cursor.keyScan.ceiling}`;
  }
  if (!cursor.timestamp && !cursor.primaryKey) return 'the beginning (no watermark yet)';
  const key = cursor.primaryKey ? `, key (${cursor.primaryKey.join(', ')})` : '';
  return `${cursor.timestamp ?? '(any time)'}${key}`;
}
