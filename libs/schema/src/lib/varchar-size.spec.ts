import { ColumnSchema } from '@tidemark/watermark-model';
import { REDSHIFT_MAX_VARCHAR_BYTES, bytesPerChar, enumLabels, redshiftVarcharBytes } from './varchar-size';

function col(columnType: string, extra: Partial<ColumnSchema> = {}): ColumnSchema {
  const dataType = columnType.replace(/\(.*$/, '').replace(/ .*$/, '');
  return { name: 'c', dataType, columnType, nullable: true, length: null, precision: null, scale: null, charset: null, ...extra };
}
const varchar = (n: number, charset: string | null) => col(`varchar(${n})`, { length: n, charset });

describe('Redshift VARCHAR bytes for MySQL text columns', () => {
  it('sizes utf8mb4 at 4 bytes per character: VARCHAR(20) → 80', () => {
    expect(redshiftVarcharBytes(varchar(20, 'utf8mb4'))).toBe(80);
    expect(redshiftVarcharBytes(col('char(10)', { length: 10, charset: 'utf8mb4' }))).toBe(40);
  });
  it('sizes utf8mb3 and utf8 at 3 bytes per character', () => {
    expect(redshiftVarcharBytes(varchar(20, 'utf8mb3'))).toBe(60);
    expect(redshiftVarcharBytes(varchar(20, 'utf8'))).toBe(60);
  });
  it('sizes ascii and binary at 1 byte per character', () => {
    expect(redshiftVarcharBytes(varchar(20, 'ascii'))).toBe(20);
    expect(redshiftVarcharBytes(varchar(20, 'binary'))).toBe(20);
  });
  it('sizes latin1 (cp1252) at 3 bytes: € is 3 bytes in UTF-8', () => {
    expect(Buffer.byteLength('€')).toBe(3);
    expect(redshiftVarcharBytes(varchar(20, 'latin1'))).toBe(60);
  });
  it('sizes an unknown or missing charset at 4 bytes per character', () => {
    expect(redshiftVarcharBytes(varchar(20, 'utf16'))).toBe(80);
    expect(redshiftVarcharBytes(varchar(20, null))).toBe(80);
    expect(bytesPerChar('UTF8MB4')).toBe(4);
  });
  it('caps at 65535 bytes: utf8mb4 VARCHAR(20000) → 65535', () => {
    expect(redshiftVarcharBytes(varchar(20000, 'utf8mb4'))).toBe(REDSHIFT_MAX_VARCHAR_BYTES);
    expect(REDSHIFT_MAX_VARCHAR_BYTES).toBe(65535);
  });
  it('gives CHAR(0) at least 1 byte and an unsized VARCHAR the maximum', () => {
    expect(redshiftVarcharBytes(col('char(0)', { length: 0, charset: 'utf8mb4' }))).toBe(1);
    expect(redshiftVarcharBytes(col('varchar', { length: null }))).toBe(65535);
  });
  it.each(['tinytext', 'text', 'mediumtext', 'longtext', 'json', 'time(6)'])('gives %s the maximum 65535', (type) => {
    expect(redshiftVarcharBytes(col(type, { charset: 'utf8mb4' }))).toBe(65535);
  });
  it('sizes an ENUM from the UTF-8 bytes of its longest label, at least 1', () => {
    expect(redshiftVarcharBytes(col("enum('a','bb')", { charset: 'utf8mb4' }))).toBe(2);
    expect(redshiftVarcharBytes(col("enum('a','€€')", { charset: 'utf8mb4' }))).toBe(6);
    expect(redshiftVarcharBytes(col("enum('it''s','x')"))).toBe(4);
    expect(redshiftVarcharBytes(col("enum('')"))).toBe(1);
  });
  it('sizes a SET from all its labels joined by commas', () => {
    expect(redshiftVarcharBytes(col("set('a','bb','ccc')"))).toBe(8); // 'a,bb,ccc'
  });
  it('gives an ENUM/SET whose labels cannot be read the maximum', () => {
    expect(redshiftVarcharBytes(col('enum'))).toBe(65535);
    expect(enumLabels("enum('a',")).toBeNull();
    expect(enumLabels("enum('a','b,c')")).toEqual(['a', 'b,c']);
  });
  it("mode 'double' reproduces the old tool: 2 × n, capped", () => {
    expect(redshiftVarcharBytes(varchar(20, 'utf8mb4'), 'double')).toBe(40);
    expect(redshiftVarcharBytes(varchar(40000, 'ascii'), 'double')).toBe(65535);
    expect(redshiftVarcharBytes(col('text'), 'double')).toBe(65535);
  });
});
