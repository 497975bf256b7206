import { BinlogPosition } from './binlog-position';

/** The numeric suffix of a binlog file name (`mysql-bin.000042` → 42): files are numbered in write order. */
const sequenceOf = (file: string) => Number(/\.(\d+)$/.exec(file)?.[1] ?? NaN);

/** < 0, 0, > 0 as `a` is before, at or after `b` in the same server's binlog. */
export function comparePositions(a: BinlogPosition, b: BinlogPosition): number {
  if (a.file !== b.file) return sequenceOf(a.file) - sequenceOf(b.file);
  return a.pos - b.pos;
}
