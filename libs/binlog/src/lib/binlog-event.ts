import { BinlogPosition } from './binlog-position';
import { RowValues } from './row-values';

export interface TableName {
  schema: string;
  table: string;
}

/**
 * One row changed. `position` is where the change's rows event ends (its
 * `gtid`: the position before the change's transaction); resume only from a
 * `commit` position (a transaction's rows share one commit).
 */
export interface RowChange extends TableName {
  kind: 'change';
  op: 'insert' | 'update' | 'delete';
  /** The GTID of the change's transaction (`domain-server-seq`). */
  transaction?: string;
  before: RowValues | null;
  after: RowValues | null;
  position: BinlogPosition;
  /** The event's timestamp (ms since the epoch, whole seconds): when the source ran the change. */
  timestamp: number;
}

/**
 * A transaction ended here: every change before this is committed, and this
 * is a safe place to resume from. `position.gtid` is the server's GTID
 * position at this point (what BINLOG_GTID_POS(file, pos) gives).
 */
export interface Commit {
  kind: 'commit';
  position: BinlogPosition;
}

/**
 * A streamed table's columns are no longer those it was described with (a
 * TABLE_MAP that differs, or DDL naming the table). Always the last event of
 * a stream: the rows after it cannot be decoded against the old description.
 * `position` is the last commit before it, where to resume once handled.
 */
export interface SchemaChange extends TableName {
  kind: 'schema-change';
  reason: string;
  position: BinlogPosition;
  /** A DDL statement (a transaction of its own): the statement, and the commit position just after it. */
  ddl?: { statement: string; end: BinlogPosition };
}

export type BinlogEvent = RowChange | Commit | SchemaChange;
