import { BinlogRun } from './binlog-run';
import { readSnapshot } from './binlog-snapshot';
import { readStream } from './binlog-stream-run';

/** One run of a binlog table: its snapshot (first chunks, or the rest after a kill), else its changes since the watermark. */
export function extractBinlog(run: BinlogRun): Promise<void> {
  return run.stored.binlog?.phase === 'stream' ? readStream(run) : readSnapshot(run);
}
