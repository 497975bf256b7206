import { RowChange, RowValues } from '@tidemark/binlog';
import { ChangeOperation } from './change-files';

/** The file rows of one streamed change: an update that moves the key is a delete of the old key and an insert of the new. */
export function changeRows(change: RowChange, columns: string[], keys: string[]): [ChangeOperation, unknown[]][] {
  const valuesOf = (row: RowValues | null) => columns.map((c) => row?.[c] ?? null);
  if (change.op === 'insert') return [['insert', valuesOf(change.after)]];
  if (change.op === 'delete') return [['delete', valuesOf(change.before)]];
  if (keys.every((k) => sameValue(change.before?.[k], change.after?.[k]))) return [['update', valuesOf(change.after)]];
  return [
    ['delete', valuesOf(change.before)],
    ['insert', valuesOf(change.after)],
  ];
}

function sameValue(a: unknown, b: unknown): boolean {
  if (Buffer.isBuffer(a) && Buffer.isBuffer(b)) return a.equals(b);
  return a === b || (a !== null && a !== undefined && b !== null && b !== undefined && String(a) === String(b));
}
