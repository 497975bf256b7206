import { MysqlFixture } from '@tidemark/testing';

/**
 * A table with every column type docs/types.md lists and their edge values
 * (those of libs/sync/src/lib/column-types.e2e.spec.ts, plus a latin1
 * column): SQL literals for rows 1, 2, …; the last row is all NULL.
 */
export const TYPE_COLUMNS: { column: string; mysql: string; values: string[] }[] = [
  { column: 'c_bool', mysql: 'TINYINT(1)', values: ['0', '1', '127', '-128'] },
  { column: 'c_tinyint', mysql: 'TINYINT', values: ['-128', '127', '0'] },
  { column: 'c_usmallint', mysql: 'SMALLINT UNSIGNED', values: ['0', '65535'] },
  { column: 'c_int', mysql: 'INT', values: ['-2147483648', '2147483647'] },
  { column: 'c_uint', mysql: 'INT UNSIGNED', values: ['0', '4294967295'] },
  { column: 'c_bigint', mysql: 'BIGINT', values: ['-9223372036854775808', '9223372036854775807', '9007199254740993'] },
  { column: 'c_ubigint', mysql: 'BIGINT UNSIGNED', values: ['0', '18446744073709551615', '9007199254740993'] },
  { column: 'c_dec12', mysql: 'DECIMAL(12,2)', values: ['-9999999999.99', '9999999999.99', '0.10', '-0.01', '0'] },
  {
    column: 'c_dec19',
    mysql: 'DECIMAL(19,19)',
    values: ['-0.9999999999999999999', '0.9999999999999999999', '0.0000000000000000001', '0'],
  },
  {
    column: 'c_dec38',
    mysql: 'DECIMAL(38,10)',
    values: [
      '-9999999999999999999999999999.9999999999',
      '9999999999999999999999999999.9999999999',
      '-0.0000000001',
      '0',
    ],
  },
  {
    column: 'c_dec65',
    mysql: 'DECIMAL(65,30)',
    values: [
      '-99999999999999999999999999999999999.999999999999999999999999999999',
      '99999999999999999999999999999999999.999999999999999999999999999999',
      '-0.000000000000000000000000000001',
      '0',
    ],
  },
  {
    column: 'c_float',
    mysql: 'FLOAT',
    values: ['-3.40282e38', '3.40282e38', '0.1', '-1.17549e-38', '16777217', '123456.7'],
  },
  {
    column: 'c_double',
    mysql: 'DOUBLE',
    values: ['-1.7976931348623157e308', '1.7976931348623157e308', '0.1', '5e-324', '123456789.12345679', '-0'],
  },
  {
    column: 'c_date',
    mysql: 'DATE',
    values: [`'1000-01-01'`, `'9999-12-31'`, `'0000-00-00'`, `'2024-00-10'`, `'0001-01-01'`],
  },
  {
    column: 'c_datetime0',
    mysql: 'DATETIME',
    values: [`'1000-01-01 00:00:00'`, `'9999-12-31 23:59:59'`, `'0000-00-00 00:00:00'`, `'2024-00-10 12:00:00'`],
  },
  {
    column: 'c_datetime6',
    mysql: 'DATETIME(6)',
    values: [
      `'1000-01-01 00:00:00.000000'`,
      `'9999-12-31 23:59:59.999999'`,
      `'1969-12-31 23:59:59.999999'`,
      `'0000-00-00 00:00:00.000000'`,
    ],
  },
  {
    column: 'c_timestamp',
    mysql: 'TIMESTAMP(6) NULL DEFAULT NULL',
    values: [
      `'1970-01-01 00:00:01.000000'`,
      `'2038-01-19 03:14:07.999999'`,
      `'0000-00-00 00:00:00'`,
      `'2025-08-01 10:00:00.123456'`,
    ],
  },
  {
    column: 'c_time',
    mysql: 'TIME',
    values: [`'-838:59:59'`, `'838:59:59'`, `'00:00:00'`, `'-00:00:01'`, `'12:34:56'`],
  },
  {
    column: 'c_time6',
    mysql: 'TIME(6)',
    values: [`'-838:59:59.000000'`, `'838:59:59.000000'`, `'-00:00:00.000001'`, `'23:59:59.999999'`],
  },
  { column: 'c_year', mysql: 'YEAR', values: ['1901', '2155', '0'] },
  { column: 'c_char', mysql: 'CHAR(10)', values: [`''`, `'😀😀😀😀😀😀😀😀😀😀'`, `'a,b'`] },
  {
    column: 'c_varchar',
    mysql: 'VARCHAR(100)',
    values: [
      `''`,
      `'NULL'`,
      `'\\\\N'`,
      `'it''s "quoted", with, commas'`,
      `'line1\\nline2\\r\\n\\ttab'`,
      `'emoji 😀 and 中文'`,
    ],
  },
  { column: 'c_latin1', mysql: 'VARCHAR(20) CHARACTER SET latin1', values: [`'café €'`, `''`, `'ÿ'`] },
  {
    column: 'c_text',
    mysql: 'TEXT',
    values: [`'emoji 😀 and 中文'`, `'~'`, `'1:a,~'`, `'back\\\\slash \\\\x41'`, `''`],
  },
  { column: 'c_longtext', mysql: 'LONGTEXT', values: [`REPEAT('😀,"\\n', 20000)`] },
  { column: 'c_enum', mysql: `ENUM('a','b,c','😀')`, values: [`'a'`, `'😀'`, `'b,c'`, `''`] },
  { column: 'c_set', mysql: `SET('x','y','z')`, values: [`''`, `'x,y,z'`, `'z,x'`] },
  {
    column: 'c_json',
    mysql: 'JSON',
    values: [
      `'{"b": 1,  "a": [1, 2.50, "x\\\\u00e9"]}'`,
      `'null'`,
      `'"text"'`,
      `'[]'`,
      `'{"emoji":"😀","q":"\\\\"\\\\\\\\"}'`,
    ],
  },
  { column: 'c_bit1', mysql: 'BIT(1)', values: [`b'0'`, `b'1'`] },
  { column: 'c_bit12', mysql: 'BIT(12)', values: [`b'0'`, `b'111111111111'`, `b'101'`] },
  { column: 'c_bit64', mysql: 'BIT(64)', values: [`b'0'`, `b'${'1'.repeat(64)}'`, `b'1${'0'.repeat(63)}'`] },
  { column: 'c_binary', mysql: 'BINARY(4)', values: [`X'00'`, `X'FFFFFFFF'`, `X'005CFF'`] },
  { column: 'c_varbinary', mysql: 'VARBINARY(16)', values: [`X''`, `X'FF'`, `X'005CFF'`, `'\\\\x41'`, `'NULL'`] },
  { column: 'c_blob', mysql: 'BLOB', values: [`X''`, `X'00FF5C0D0A22'`, `'\\\\N'`] },
  {
    column: 'c_geometry',
    mysql: 'GEOMETRY',
    values: [`ST_GeomFromText('POINT(1 2)')`, `ST_GeomFromText('POLYGON((0 0,10 0,10 10,0 0))')`],
  },
];

export const TYPE_ROWS = Math.max(...TYPE_COLUMNS.map((c) => c.values.length)) + 1;

/** Creates `table` with an INT key, a DATETIME(6) cursor and every type column, and fills its rows. */
export async function createTypesTable(db: MysqlFixture, table: string): Promise<void> {
  await db.exec("SET SESSION sql_mode = ''"); // lets MariaDB store zero dates and the '' enum value
  const defs = TYPE_COLUMNS.map((c) => `${c.column} ${c.mysql}`).join(', ');
  await db.exec(`CREATE TABLE ${table} (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL, ${defs}) CHARSET utf8mb4`);
  for (let id = 1; id <= TYPE_ROWS; id++) {
    const values = TYPE_COLUMNS.map((c) => c.values[id - 1] ?? 'NULL');
    await db.exec(`INSERT INTO ${table} VALUES (${id}, '2025-08-01 10:00:00.00000${id}', ${values.join(', ')})`);
  }
}
