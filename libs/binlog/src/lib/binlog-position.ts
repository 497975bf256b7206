/**
 * A place in a server's binary log: the file and byte offset, and on MariaDB
 * the GTID position (`domain-server-seq,...`) that names the same point on any
 * server of the replication topology.
 */
export interface BinlogPosition {
  file: string;
  pos: number;
  gtid?: string;
}

export function describePosition(p: BinlogPosition): string {
  return `${p.file}:${p.pos}${p.gtid ? ` (GTID ${p.gtid})` : ''}`;
}
