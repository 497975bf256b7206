import { ColumnSchema } from '@tidemark/watermark-model';
import { checkKeyKind, columnKindOf } from './column-kind';

function col(columnType: string, extra: Partial<ColumnSchema> = {}): ColumnSchema {
  const dataType = columnType.replace(/\(.*$/, '').replace(/ .*$/, '');
  return {
    name: 'c',
    dataType,
    columnType,
    nullable: true,
    length: null,
    precision: null,
    scale: null,
    charset: null,
    ...extra,
  };
}

describe('column kinds', () => {
  it.each([
    [col('tinyint(1)'), 'boolean'],
    [col('bit(1)', { precision: 1 }), 'boolean'],
    [col('bit(64)', { precision: 64 }), 'integer'],
    [col('bigint(20) unsigned'), 'integer'],
    [col('year(4)'), 'integer'],
    [col('decimal(65,30)', { precision: 65, scale: 30 }), 'decimal'],
    [col('float'), 'float'],
    [col('double'), 'double'],
    [col('timestamp(6)'), 'timestamp'],
    [col('time(6)'), 'time'],
    [col('json'), 'json'],
    [col("enum('a')"), 'text'],
    [col('varbinary(16)'), 'binary'],
    [col('point'), 'spatial'],
  ])('%o → %s', (c, kind) => {
    expect(columnKindOf(c)).toBe(kind);
  });

  it('refuses a key it cannot order alike in both databases, naming the column', () => {
    const key = { ...col('double'), name: 'price' };
    expect(() => checkKeyKind(key, columnKindOf(key))).toThrow('key column price is double: verify splits ranges on');
    expect(() => checkKeyKind(col('varchar(9)'), 'text')).not.toThrow();
  });
});
