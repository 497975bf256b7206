import { ColumnSchema } from '@tidemark/watermark-model';
import { parquetTypeOf, withTinyint1Choice } from './parquet-type';
import { postgresTypeOf } from './postgres-type';

function col(columnType: string, extra: Partial<ColumnSchema> = {}): ColumnSchema {
  const dataType = columnType.replace(/\(.*$/, '').replace(/ .*$/, '');
  return { name: 'c', dataType, columnType, nullable: true, length: null, precision: null, scale: null, charset: null, ...extra };
}

describe('MySQL → Parquet and PostgreSQL types', () => {
  it.each([
    [col('tinyint(1)', { asBoolean: false }), 'TINYINT', 'SMALLINT'],
    [col('tinyint(1) unsigned', { asBoolean: false }), 'UTINYINT', 'SMALLINT'],
    [col('tinyint(1)', { asBoolean: true }), 'BOOLEAN', 'BOOLEAN'],
    // A manifest written before the choice existed: its files hold BOOLEAN.
    [col('tinyint(1)'), 'BOOLEAN', 'BOOLEAN'],
    [col('tinyint(4)'), 'TINYINT', 'SMALLINT'],
    [col('int(10) unsigned'), 'UINTEGER', 'BIGINT'],
    [col('bigint(20) unsigned'), 'UBIGINT', 'NUMERIC(20,0)'],
    [col('bigint(20)'), 'BIGINT', 'BIGINT'],
    [col('decimal(12,2)', { precision: 12, scale: 2 }), 'DECIMAL(12,2)', 'NUMERIC(12,2)'],
    [col('decimal(38,10)', { precision: 38, scale: 10 }), 'DECIMAL(38,10)', 'NUMERIC(38,10)'],
    [col('decimal(65,30)', { precision: 65, scale: 30 }), 'VARCHAR', 'NUMERIC(65,30)'],
    [col('decimal(10,2) unsigned', { precision: 10, scale: 2 }), 'DECIMAL(10,2)', 'NUMERIC(10,2)'],
    [col('double'), 'DOUBLE', 'DOUBLE PRECISION'],
    [col('datetime(6)', { scale: 6 }), 'TIMESTAMP', 'TIMESTAMP(6)'],
    [col('timestamp(3)', { scale: 3 }), 'TIMESTAMP', 'TIMESTAMPTZ(6)'],
    [col('date'), 'DATE', 'DATE'],
    [col('varchar(64)', { length: 64 }), 'VARCHAR', 'VARCHAR(64)'],
    [col('json'), 'VARCHAR', 'JSONB'],
    [col('blob'), 'BLOB', 'BYTEA'],
    [col('bit(1)', { precision: 1 }), 'BOOLEAN', 'BOOLEAN'],
    [col('bit(12)', { precision: 12 }), 'UBIGINT', 'BIGINT'],
    [col('bit(64)', { precision: 64 }), 'UBIGINT', 'NUMERIC(20,0)'],
    [col('time(6)'), 'VARCHAR', 'INTERVAL'],
    [col('float'), 'FLOAT', 'REAL'],
    [col('year(4)'), 'SMALLINT', 'SMALLINT'],
    [col("enum('a','b')"), 'VARCHAR', 'TEXT'],
    [col('geometry'), 'BLOB', 'BYTEA'],
  ])('%o', (c, parquet, postgres) => {
    expect(parquetTypeOf(c)).toBe(parquet);
    expect(postgresTypeOf(c)).toBe(postgres);
  });

  it('names the column and type it cannot map', () => {
    expect(() => parquetTypeOf({ ...col('vector(3)'), name: 'embedding' })).toThrow('column embedding: MySQL type vector(3) is not supported');
  });
});

describe('withTinyint1Choice', () => {
  const columns = [col('tinyint(1)', { name: 'a' }), col('tinyint(1)', { name: 'b' }), col('bit(1)', { name: 'c', precision: 1 })];

  it('marks every TINYINT(1) BOOLEAN when all, only the named ones otherwise, and leaves other types alone', () => {
    expect(withTinyint1Choice(columns, true).map((c) => c.asBoolean)).toEqual([true, true, undefined]);
    expect(withTinyint1Choice(columns, false, ['b']).map((c) => c.asBoolean)).toEqual([false, true, undefined]);
    expect(withTinyint1Choice(columns, false).map(postgresTypeOf)).toEqual(['SMALLINT', 'SMALLINT', 'BOOLEAN']);
  });
});
