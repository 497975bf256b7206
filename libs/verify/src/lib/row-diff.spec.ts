import { ColumnSchema } from '@tidemark/watermark-model';
import { diffRows } from './row-diff';
import { ScannedRow } from './table-side';
import { VerifyColumn } from './verify-column';

const column = (name: string): VerifyColumn => ({
  source: {
    name,
    dataType: 'varchar',
    columnType: 'varchar(9)',
    nullable: true,
    length: 9,
    precision: null,
    scale: null,
    charset: null,
  } as ColumnSchema,
  target: name,
  targetType: 'VARCHAR(9)',
  kind: 'text',
});
const columns = [column('id'), column('a'), column('b')];
const row = (values: (string | null)[], pending = false): ScannedRow => ({
  key: [values[0] as string],
  values,
  pending,
});

describe('diffRows', () => {
  it('names missing, extra and different keys, and the columns that differ', () => {
    const source = [row(['1', 'x', 'y']), row(['2', 'x', 'y']), row(['3', 'x', null])];
    const warehouse = [row(['1', 'x', 'y']), row(['3', 'x', '']), row(['4', 'x', 'y'])];
    expect(diffRows(source, warehouse, columns)).toEqual({
      differences: [
        { kind: 'missing', key: ['2'] },
        { kind: 'different', key: ['3'], columns: ['b'] },
        { kind: 'extra', key: ['4'] },
      ],
      notYetSynced: [],
    });
  });

  it('sets aside differing source rows newer than the last load', () => {
    const source = [row(['1', 'new', 'y'], true), row(['2', 'x', 'y'], true), row(['3', 'x', 'y'], true)];
    const warehouse = [row(['1', 'old', 'y']), row(['3', 'x', 'y'])];
    expect(diffRows(source, warehouse, columns)).toEqual({
      differences: [],
      notYetSynced: [
        { kind: 'different', key: ['1'], columns: ['a'] },
        { kind: 'missing', key: ['2'] },
      ],
    });
  });
});
