import { ColumnSchema } from '@tidemark/watermark-model';
import { redshiftTextBytes, redshiftTypeOf } from './redshift-type';
import { REDSHIFT_MAX_VARCHAR_BYTES } from './varchar-size';

function col(columnType: string, extra: Partial<ColumnSchema> = {}): ColumnSchema {
  const dataType = columnType.replace(/\(.*$/, '').replace(/ .*$/, '');
  return { name: 'c', dataType, columnType, nullable: true, length: null, precision: null, scale: null, charset: null, ...extra };
}
const varchar = (n: number, charset: string | null) => col(`varchar(${n})`, { length: n, charset });

describe('redshiftTextBytes', () => {
  it('is 65535, the Redshift VARCHAR maximum', () => {
    expect(REDSHIFT_MAX_VARCHAR_BYTES).toBe(65535);
  });

  it('gives utf8mb4 VARCHAR(20) 80 bytes (4 per character)', () => {
    expect(redshiftTextBytes(varchar(20, 'utf8mb4'))).toBe(80);
    expect(redshiftTextBytes(col('char(20)', { length: 20, charset: 'utf8mb4' }))).toBe(80);
  });

  it('gives utf8mb3 (and its alias utf8) VARCHAR(20) 60 bytes', () => {
    expect(redshiftTextBytes(varchar(20, 'utf8mb3'))).toBe(60);
    expect(redshiftTextBytes(varchar(20, 'utf8'))).toBe(60);
  });

  it('gives latin1 VARCHAR(20) 60 bytes: MySQL latin1 is cp1252, whose € is 3 bytes in UTF-8', () => {
    expect(Buffer.byteLength('€'.repeat(20))).toBe(60);
    expect(redshiftTextBytes(varchar(20, 'latin1'))).toBe(60);
  });

  it('gives ascii and binary 1 byte per character, and an unknown charset the safe 4', () => {
    expect(redshiftTextBytes(varchar(20, 'ascii'))).toBe(20);
    expect(redshiftTextBytes(varchar(20, 'binary'))).toBe(20);
    expect(redshiftTextBytes(varchar(20, 'utf16'))).toBe(80);
    expect(redshiftTextBytes(varchar(20, null))).toBe(80);
  });

  it("gives 40 bytes to VARCHAR(20) in varchar_mode double (the old tool's 2n), whatever the charset", () => {
    for (const charset of ['utf8mb4', 'utf8mb3', 'latin1', 'ascii', null]) {
      expect(redshiftTextBytes(varchar(20, charset), { varcharMode: 'double' })).toBe(40);
    }
  });

  it('uses bytes mode by default', () => {
    expect(redshiftTextBytes(varchar(20, 'utf8mb4'), { varcharMode: 'bytes' })).toBe(80);
    expect(redshiftTextBytes(varchar(20, 'utf8mb4'), {})).toBe(80);
  });

  it('caps utf8mb4 VARCHAR(20000) at 65535 bytes', () => {
    expect(redshiftTextBytes(varchar(20000, 'utf8mb4'))).toBe(65535);
    expect(redshiftTextBytes(varchar(20000, 'utf8mb4'), { varcharMode: 'double' })).toBe(40000);
    expect(redshiftTextBytes(varchar(40000, 'utf8mb4'), { varcharMode: 'double' })).toBe(65535);
  });

  it('caps just over the limit: utf8mb4 VARCHAR(16384) needs 65536', () => {
    expect(redshiftTextBytes(varchar(16383, 'utf8mb4'))).toBe(65532);
    expect(redshiftTextBytes(varchar(16384, 'utf8mb4'))).toBe(65535);
  });

  it('gives a VARCHAR of unknown length the maximum', () => {
    expect(redshiftTextBytes(varchar(20, 'utf8mb4'))).toBe(80);
    expect(redshiftTextBytes(col('varchar', { charset: 'utf8mb4' }))).toBe(65535);
  });

  it.each(['tinytext', 'text', 'mediumtext', 'longtext'])('gives %s 65535 bytes', (type) => {
    expect(redshiftTextBytes(col(type, { charset: 'utf8mb4' }))).toBe(65535);
    expect(redshiftTextBytes(col(type, { charset: 'utf8mb4' }), { varcharMode: 'double' })).toBe(65535);
  });

  it('gives JSON 65535 bytes: it is staged as VARCHAR before JSON_PARSE into SUPER', () => {
    expect(redshiftTypeOf(col('json'))).toBe('SUPER');
    expect(redshiftTextBytes(col('json'))).toBe(65535);
  });

  it('gives TIME text 17 bytes and DECIMAL wider than 38 digits p + 2', () => {
    expect(redshiftTextBytes(col('time(6)'))).toBe(17);
    expect(redshiftTextBytes(col('decimal(65,30)', { precision: 65, scale: 30 }))).toBe(67);
  });

  it.each<[string, ColumnSchema]>([
    ['INT', col('int(11)')],
    ['INT UNSIGNED', col('int(10) unsigned')],
    ['BIGINT UNSIGNED', col('bigint(20) unsigned')],
    ['TINYINT(1)', col('tinyint(1)')],
    ['DECIMAL(12,2)', col('decimal(12,2)', { precision: 12, scale: 2 })],
    ['DECIMAL(38,10)', col('decimal(38,10)', { precision: 38, scale: 10 })],
    ['FLOAT', col('float')],
    ['DOUBLE', col('double')],
    ['DATE', col('date')],
    ['DATETIME(6)', col('datetime(6)', { scale: 6 })],
    ['TIMESTAMP', col('timestamp')],
    ['YEAR', col('year(4)')],
    ['BIT(12)', col('bit(12)', { precision: 12 })],
    ['BINARY(16)', col('binary(16)', { length: 16 })],
    ['VARBINARY(300)', col('varbinary(300)', { length: 300 })],
    ['BLOB', col('blob')],
    ['GEOMETRY', col('geometry')],
  ])('has no text limit for %s: null', (_label, c) => {
    expect(redshiftTextBytes(c)).toBeNull();
    expect(redshiftTextBytes(c, { varcharMode: 'double' })).toBeNull();
  });

  it('sizes an ENUM by its longest label in UTF-8 bytes', () => {
    expect(redshiftTextBytes(col("enum('small','medium','large')", { charset: 'utf8mb4' }))).toBe(6);
    // Longest in bytes, not in characters: '€€' is 2 characters but 6 bytes, 'abcd' 4.
    expect(redshiftTextBytes(col("enum('abcd','€€')", { charset: 'utf8mb4' }))).toBe(6);
    expect(redshiftTextBytes(col("enum('日本語','x')", { charset: 'utf8mb4' }))).toBe(9);
    expect(redshiftTextBytes(col("enum('\u{1F600}','ab')", { charset: 'utf8mb4' }))).toBe(4);
  });

  it('sizes an ENUM the same in varchar_mode double and whatever the charset', () => {
    const e = "enum('abcd','€€')";
    expect(redshiftTextBytes(col(e, { charset: 'utf8mb4' }), { varcharMode: 'double' })).toBe(6);
    expect(redshiftTextBytes(col(e, { charset: 'latin1' }))).toBe(6);
  });

  it("reads an ENUM label holding a quote ('') and a comma", () => {
    expect(redshiftTextBytes(col("enum('it''s','a,b,c,d,e')", { charset: 'utf8mb4' }))).toBe(9);
    expect(redshiftTextBytes(col("enum('it''s here','a')", { charset: 'utf8mb4' }))).toBe(9);
  });

  it('gives an ENUM of only empty labels at least 1 byte', () => {
    expect(redshiftTextBytes(col("enum('')", { charset: 'utf8mb4' }))).toBe(1);
  });

  it('sizes a SET by all its labels and the commas between them', () => {
    expect(redshiftTextBytes(col("set('a','bb','€')", { charset: 'utf8mb4' }))).toBe(1 + 2 + 3 + 2);
  });

  it('gives an ENUM whose labels cannot be read the maximum', () => {
    expect(redshiftTextBytes(col('enum', { charset: 'utf8mb4' }))).toBe(65535);
  });
});
