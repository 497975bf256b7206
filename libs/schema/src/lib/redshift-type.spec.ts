import { ColumnSchema } from '@tidemark/watermark-model';
import { redshiftTypeOf } from './redshift-type';

function col(columnType: string, extra: Partial<ColumnSchema> = {}): ColumnSchema {
  const dataType = columnType.replace(/\(.*$/, '').replace(/ .*$/, '');
  return { name: 'c', dataType, columnType, nullable: true, length: null, precision: null, scale: null, charset: null, ...extra };
}

describe('MySQL → Redshift types', () => {
  it.each([
    // booleans
    [col('tinyint(1)'), 'BOOLEAN'],
    [col('tinyint(1)', { asBoolean: true }), 'BOOLEAN'],
    [col('tinyint(1)', { asBoolean: false }), 'SMALLINT'],
    [col('bit(1)', { precision: 1 }), 'BOOLEAN'],
    // integers by size; Redshift has no TINYINT
    [col('tinyint(4)'), 'SMALLINT'],
    [col('smallint(6)'), 'SMALLINT'],
    [col('mediumint(9)'), 'INTEGER'],
    [col('int(11)'), 'INTEGER'],
    [col('bigint(20)'), 'BIGINT'],
    // unsigned widened
    [col('tinyint(3) unsigned'), 'SMALLINT'],
    [col('smallint(5) unsigned'), 'INTEGER'],
    [col('mediumint(8) unsigned'), 'BIGINT'],
    [col('int(10) unsigned'), 'BIGINT'],
    [col('bigint(20) unsigned'), 'DECIMAL(20,0)'],
    // decimals: exact up to Redshift's 38 digits, text beyond
    [col('decimal(12,2)', { precision: 12, scale: 2 }), 'DECIMAL(12,2)'],
    [col('decimal(38,10)', { precision: 38, scale: 10 }), 'DECIMAL(38,10)'],
    [col('decimal(10,2) unsigned', { precision: 10, scale: 2 }), 'DECIMAL(10,2)'],
    [col('decimal(65,30)', { precision: 65, scale: 30 }), 'VARCHAR(67)'],
    // floats
    [col('float'), 'REAL'],
    [col('double'), 'DOUBLE PRECISION'],
    // dates and times
    [col('date'), 'DATE'],
    [col('datetime(6)', { scale: 6 }), 'TIMESTAMP'],
    [col('timestamp(3)', { scale: 3 }), 'TIMESTAMPTZ'],
    [col('time(6)'), 'VARCHAR(17)'],
    [col('year(4)'), 'SMALLINT'],
    // text sized in bytes
    [col('varchar(20)', { length: 20, charset: 'utf8mb4' }), 'VARCHAR(80)'],
    [col('char(3)', { length: 3, charset: 'ascii' }), 'VARCHAR(3)'],
    [col('varchar(20000)', { length: 20000, charset: 'utf8mb4' }), 'VARCHAR(65535)'],
    [col('text', { charset: 'utf8mb4' }), 'VARCHAR(65535)'],
    [col('longtext', { charset: 'utf8mb4' }), 'VARCHAR(65535)'],
    [col("enum('a','bb')", { charset: 'utf8mb4' }), 'VARCHAR(2)'],
    [col("set('a','bb')", { charset: 'utf8mb4' }), 'VARCHAR(4)'],
    // JSON
    [col('json'), 'SUPER'],
    // binary, in bytes, at most 1,024,000
    [col('binary(16)', { length: 16 }), 'VARBYTE(16)'],
    [col('varbinary(300)', { length: 300 }), 'VARBYTE(300)'],
    [col('tinyblob'), 'VARBYTE(255)'],
    [col('blob'), 'VARBYTE(65535)'],
    [col('mediumblob'), 'VARBYTE(1024000)'],
    [col('longblob'), 'VARBYTE(1024000)'],
    [col('geometry'), 'VARBYTE(1024000)'],
    [col('point'), 'VARBYTE(1024000)'],
    // bits
    [col('bit(12)', { precision: 12 }), 'BIGINT'],
    [col('bit(64)', { precision: 64 }), 'DECIMAL(20,0)'],
  ])('%o → %s', (c, redshift) => {
    expect(redshiftTypeOf(c)).toBe(redshift);
  });

  it("sizes VARCHAR as the old tool did with varcharMode 'double'", () => {
    expect(redshiftTypeOf(col('varchar(20)', { length: 20, charset: 'utf8mb4' }), { varcharMode: 'double' })).toBe('VARCHAR(40)');
  });

  it('names the column and type it cannot map', () => {
    expect(() => redshiftTypeOf({ ...col('vector(3)'), name: 'embedding' })).toThrow('column embedding: MySQL type vector(3) is not supported');
  });
});
