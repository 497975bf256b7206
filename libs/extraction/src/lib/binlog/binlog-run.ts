import { CdcStrategy, KeysetTable } from '@tidemark/cdc';
import { MysqlSource } from '@tidemark/source';
import { Cursor, Progress } from '@tidemark/watermark-model';
import { ChangeFiles } from './change-files';

/** What one run of a binlog table works with. */
export interface BinlogRun {
  pipeline: string;
  tableKey: string;
  /** Rows per snapshot query (a chunk commits once its files are large enough). */
  batchSize: number;
  keyset: KeysetTable;
  strategy: CdcStrategy;
  source: MysqlSource;
  /** The table's watermark when the run began. */
  stored: Cursor;
  files: ChangeFiles;
  /** What the user should know about the run. */
  warnings: string[];
  signal?: AbortSignal;
  progress?: Progress;
}
