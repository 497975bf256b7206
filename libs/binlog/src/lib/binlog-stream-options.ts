import { TableName } from './binlog-event';
import { BinlogPosition } from './binlog-position';

export interface BinlogServer {
  host: string;
  port: number;
  user: string;
  password?: string;
  /** How messages name the server, e.g. `MySQL connection "shop" at db:3306`. */
  name: string;
}

export interface BinlogStreamOptions {
  server: BinlogServer;
  /** A commit (or snapshot) position: the stream yields what was committed after it. */
  from: BinlogPosition;
  tables: TableName[];
  /** The replica id this reader announces; unique among the server's replicas and readers. */
  serverId: number;
  /** Stop after the first commit at or past this position (e.g. the server's position when a micro-batch began). */
  until?: BinlogPosition;
  /** Rows buffered before the binlog connection is paused until the consumer catches up. */
  highWaterMark?: number;
  /** The server sends a heartbeat after this long without events (default 5 s)... */
  heartbeatSeconds?: number;
  /** ...and the stream fails when nothing at all came for this long (default 30 s): a silent partition or a hung server. */
  idleTimeoutSeconds?: number;
}
