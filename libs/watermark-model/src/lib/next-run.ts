import { Cursor, describeCursor } from './cursor';
import { DefaultWatermark } from './default-watermark';

/**
 * Where the next run of a table starts, as `watermark get` says it: a
 * full_sync table reads all of it every run, whatever its stored key; a table
 * with no cursor of its own starts at the system default watermark, if one is set.
 */
export function describeNextRun(cursor: Cursor, strategy: string, defaultWatermark: DefaultWatermark | null): string {
  if (strategy === 'full_sync') return 'Next run reads the whole table (strategy full_sync: each run is a full snapshot)';
  if (cursor.timestamp === null && cursor.primaryKey === null && defaultWatermark !== null) {
    const start = 'preset' in defaultWatermark ? `: ${defaultWatermark.preset} before the run starts` : ` ${defaultWatermark.timestamp}`;
    return `Next run starts after the default watermark${start} (the table has no cursor of its own)`;
  }
  return `Next incremental run starts after ${describeCursor(cursor)}`;
}
