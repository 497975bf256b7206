import { MysqlFixture } from '@tidemark/testing';

/**
 * The column-type matrix the end-to-end type specs share: every MySQL type,
 * with edge values, and how each system renders them for comparison.
 */
/**
 * How one kind of column is rendered as one canonical text in each system,
 * so MariaDB, the Parquet file (read by DuckDB) and PostgreSQL can be
 * compared value by value. `rule` is the documented change a value goes
 * through (docs/types.md), applied to the source side only.
 */
export interface Kind {
  mysql?: (c: string) => string;
  duckdb?: (c: string) => string;
  postgres?: (c: string) => string;
  /** PostgreSQL's canonical text of the expected value (JSONB reorders keys). */
  postgresExpected?: (param: string) => string;
  canonical?: (text: string) => string;
  rule?: (text: string) => string | null;
}

const ZERO_DATE = /^0000-|^\d{4}-00-|^\d{4}-\d{2}-00/;
const zeroDateToNull = (text: string) => (ZERO_DATE.test(text) ? null : text);
const micros = (text: string) => (text.includes('.') ? text.padEnd(26, '0') : `${text}.000000`);
const hex = {
  mysql: (c: string) => `HEX(${c})`,
  duckdb: (c: string) => `hex(${c})`,
  postgres: (c: string) => `upper(encode(${c}, 'hex'))`,
};
const datetime = {
  mysql: (c: string) => `CAST(${c} AS CHAR)`,
  duckdb: (c: string) => `strftime(${c}, '%Y-%m-%d %H:%M:%S.%f')`,
  postgres: (c: string) => `to_char(${c}, 'YYYY-MM-DD HH24:MI:SS.US')`,
  canonical: micros,
  rule: zeroDateToNull,
};

const KINDS = {
  int: {},
  bool: { mysql: (c) => `${c} <> 0`, duckdb: (c) => `CAST(${c} AS INTEGER)`, postgres: (c) => `${c}::int` },
  bit: { mysql: (c) => `${c} + 0` },
  decimal: { canonical: (t) => t.replace(/^(-?)\./, '$10.') }, // DuckDB prints DECIMAL(19,19) as .999…
  // FLOAT: every bit of the stored float32 (MySQL's own `SELECT c` rounds it to 6 digits).
  float: { mysql: (c) => `${c} + 0`, canonical: (t) => String(Math.fround(Number(t))) },
  double: { canonical: (t) => String(Number(t)) },
  date: { rule: zeroDateToNull },
  datetime,
  timestamp: { ...datetime, postgres: (c) => `to_char(${c} AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')` },
  time: {
    canonical: (t) => {
      const [, sign, h, ms, frac = ''] = /^(-?)(\d+)(:\d\d:\d\d)(?:\.(\d+))?$/.exec(t) ?? [];
      return `${sign}${h.padStart(2, '0')}${ms}.${frac.padEnd(6, '0')}`;
    },
  },
  text: {},
  json: { mysql: (c) => `CAST(${c} AS CHAR)`, postgresExpected: (p) => `${p}::jsonb::text` },
  binary: hex,
  geometry: { ...hex, mysql: (c) => `HEX(ST_AsBinary(${c}))` },
} satisfies Record<string, Kind>;

export interface TypeCase {
  column: string;
  mysql: string;
  kind: keyof typeof KINDS;
  parquet: string;
  postgres: string;
  /** SQL literals for rows 1, 2, …; the last row is all NULL. */
  values: string[];
}

const SPECIAL_TEXT = [
  `''`,
  `'NULL'`,
  `'\\\\N'`,
  `'it''s "quoted", with, commas'`,
  `'line1\\nline2\\r\\n\\ttab'`,
  `'back\\\\slash \\\\x41'`,
  `'emoji 😀 and 中文'`,
];
const D38 = '9999999999999999999999999999.9999999999';
const D65 = '99999999999999999999999999999999999.999999999999999999999999999999';

export const CASES: TypeCase[] = [
  {
    // Not a boolean by default: every value kept (docs/types.md, ADR 0028).
    column: 'c_tinyint1',
    mysql: 'TINYINT(1)',
    kind: 'int',
    parquet: 'TINYINT',
    postgres: 'smallint',
    values: ['0', '1', '127', '-128'],
  },
  {
    column: 'c_tinyint',
    mysql: 'TINYINT',
    kind: 'int',
    parquet: 'TINYINT',
    postgres: 'smallint',
    values: ['-128', '127', '0'],
  },
  {
    column: 'c_utinyint',
    mysql: 'TINYINT UNSIGNED',
    kind: 'int',
    parquet: 'UTINYINT',
    postgres: 'smallint',
    values: ['0', '255'],
  },
  {
    column: 'c_smallint',
    mysql: 'SMALLINT',
    kind: 'int',
    parquet: 'SMALLINT',
    postgres: 'smallint',
    values: ['-32768', '32767'],
  },
  {
    column: 'c_usmallint',
    mysql: 'SMALLINT UNSIGNED',
    kind: 'int',
    parquet: 'USMALLINT',
    postgres: 'integer',
    values: ['0', '65535'],
  },
  {
    column: 'c_mediumint',
    mysql: 'MEDIUMINT',
    kind: 'int',
    parquet: 'INTEGER',
    postgres: 'integer',
    values: ['-8388608', '8388607'],
  },
  {
    column: 'c_umediumint',
    mysql: 'MEDIUMINT UNSIGNED',
    kind: 'int',
    parquet: 'UINTEGER',
    postgres: 'integer',
    values: ['0', '16777215'],
  },
  {
    column: 'c_int',
    mysql: 'INT',
    kind: 'int',
    parquet: 'INTEGER',
    postgres: 'integer',
    values: ['-2147483648', '2147483647'],
  },
  {
    column: 'c_uint',
    mysql: 'INT UNSIGNED',
    kind: 'int',
    parquet: 'UINTEGER',
    postgres: 'bigint',
    values: ['0', '4294967295'],
  },
  {
    column: 'c_bigint',
    mysql: 'BIGINT',
    kind: 'int',
    parquet: 'BIGINT',
    postgres: 'bigint',
    values: ['-9223372036854775808', '9223372036854775807', '9007199254740993'],
  },
  {
    column: 'c_ubigint',
    mysql: 'BIGINT UNSIGNED',
    kind: 'int',
    parquet: 'UBIGINT',
    postgres: 'numeric(20,0)',
    values: ['0', '18446744073709551615', '9007199254740993'],
  },
  {
    column: 'c_dec12',
    mysql: 'DECIMAL(12,2)',
    kind: 'decimal',
    parquet: 'DECIMAL(12,2)',
    postgres: 'numeric(12,2)',
    values: ['-9999999999.99', '9999999999.99', '0.10', '-0.01', '0'],
  },
  {
    column: 'c_dec18',
    mysql: 'DECIMAL(18,0)',
    kind: 'decimal',
    parquet: 'DECIMAL(18,0)',
    postgres: 'numeric(18,0)',
    values: ['-999999999999999999', '999999999999999999'],
  },
  {
    column: 'c_dec19',
    mysql: 'DECIMAL(19,19)',
    kind: 'decimal',
    parquet: 'DECIMAL(19,19)',
    postgres: 'numeric(19,19)',
    values: ['-0.9999999999999999999', '0.9999999999999999999', '0.0000000000000000001', '0'],
  },
  {
    column: 'c_dec38',
    mysql: 'DECIMAL(38,10)',
    kind: 'decimal',
    parquet: 'DECIMAL(38,10)',
    postgres: 'numeric(38,10)',
    values: [`-${D38}`, D38, '-0.0000000001', '0', '1234567890123456789012345678.0123456789'],
  },
  {
    column: 'c_dec65',
    mysql: 'DECIMAL(65,30)',
    kind: 'decimal',
    parquet: 'VARCHAR',
    postgres: 'numeric(65,30)',
    values: [`-${D65}`, D65, '-0.000000000000000000000000000001', '0'],
  },
  {
    column: 'c_float',
    mysql: 'FLOAT',
    kind: 'float',
    parquet: 'FLOAT',
    postgres: 'real',
    values: ['-3.40282e38', '3.40282e38', '0.1', '-1.17549e-38', '16777217', '123456.7', '0'],
  },
  {
    column: 'c_double',
    mysql: 'DOUBLE',
    kind: 'double',
    parquet: 'DOUBLE',
    postgres: 'double precision',
    values: ['-1.7976931348623157e308', '1.7976931348623157e308', '0.1', '5e-324', '123456789.12345679', '-0'],
  },
  {
    column: 'c_date',
    mysql: 'DATE',
    kind: 'date',
    parquet: 'DATE',
    postgres: 'date',
    values: [`'1000-01-01'`, `'9999-12-31'`, `'0000-00-00'`, `'2024-00-10'`, `'2024-02-00'`, `'0001-01-01'`],
  },
  {
    column: 'c_datetime0',
    mysql: 'DATETIME',
    kind: 'datetime',
    parquet: 'TIMESTAMP',
    postgres: 'timestamp(6) without time zone',
    values: [`'1000-01-01 00:00:00'`, `'9999-12-31 23:59:59'`, `'0000-00-00 00:00:00'`, `'2024-00-10 12:00:00'`],
  },
  {
    column: 'c_datetime3',
    mysql: 'DATETIME(3)',
    kind: 'datetime',
    parquet: 'TIMESTAMP',
    postgres: 'timestamp(6) without time zone',
    values: [`'1000-01-01 00:00:00.000'`, `'9999-12-31 23:59:59.999'`, `'1969-12-31 23:59:59.001'`],
  },
  {
    column: 'c_datetime6',
    mysql: 'DATETIME(6)',
    kind: 'datetime',
    parquet: 'TIMESTAMP',
    postgres: 'timestamp(6) without time zone',
    values: [
      `'1000-01-01 00:00:00.000000'`,
      `'9999-12-31 23:59:59.999999'`,
      `'1969-12-31 23:59:59.999999'`,
      `'0000-00-00 00:00:00.000000'`,
    ],
  },
  {
    column: 'c_timestamp0',
    mysql: 'TIMESTAMP NULL DEFAULT NULL',
    kind: 'timestamp',
    parquet: 'TIMESTAMP',
    postgres: 'timestamp(6) with time zone',
    values: [`'1970-01-01 00:00:01'`, `'2038-01-19 03:14:07'`, `'2024-02-29 23:59:59'`],
  },
  {
    column: 'c_timestamp',
    mysql: 'TIMESTAMP(6) NULL DEFAULT NULL',
    kind: 'timestamp',
    parquet: 'TIMESTAMP',
    postgres: 'timestamp(6) with time zone',
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
    kind: 'time',
    parquet: 'VARCHAR',
    postgres: 'interval',
    values: [`'-838:59:59'`, `'838:59:59'`, `'00:00:00'`, `'-00:00:01'`, `'12:34:56'`],
  },
  {
    column: 'c_time6',
    mysql: 'TIME(6)',
    kind: 'time',
    parquet: 'VARCHAR',
    postgres: 'interval',
    values: [`'-838:59:59.000000'`, `'838:59:59.000000'`, `'-00:00:00.000001'`, `'23:59:59.999999'`],
  },
  {
    column: 'c_year',
    mysql: 'YEAR',
    kind: 'int',
    parquet: 'SMALLINT',
    postgres: 'smallint',
    values: ['1901', '2155', '0'],
  },
  {
    column: 'c_char',
    mysql: 'CHAR(10)',
    kind: 'text',
    parquet: 'VARCHAR',
    postgres: 'character varying(10)',
    values: [`''`, `'😀😀😀😀😀😀😀😀😀😀'`, `'a,b'`],
  },
  {
    column: 'c_varchar',
    mysql: 'VARCHAR(100)',
    kind: 'text',
    parquet: 'VARCHAR',
    postgres: 'character varying(100)',
    values: SPECIAL_TEXT,
  },
  {
    column: 'c_varchar_latin1',
    mysql: 'VARCHAR(40) CHARACTER SET latin1',
    kind: 'text',
    parquet: 'VARCHAR',
    postgres: 'character varying(40)',
    values: [`''`, `'café ÿ'`, `'it''s'`],
  },
  {
    column: 'c_text_latin1',
    mysql: 'TEXT CHARACTER SET latin1',
    kind: 'text',
    parquet: 'VARCHAR',
    postgres: 'text',
    values: [`'Ångström'`, `'x'`],
  },
  {
    column: 'c_text',
    mysql: 'TEXT',
    kind: 'text',
    parquet: 'VARCHAR',
    postgres: 'text',
    values: [...SPECIAL_TEXT].reverse(),
  },
  {
    column: 'c_longtext',
    mysql: 'LONGTEXT',
    kind: 'text',
    parquet: 'VARCHAR',
    postgres: 'text',
    values: [`REPEAT('😀,"\\n', 20000)`],
  },
  {
    column: 'c_enum',
    mysql: `ENUM('a','b,c','😀')`,
    kind: 'text',
    parquet: 'VARCHAR',
    postgres: 'text',
    values: [`'a'`, `'😀'`, `'b,c'`, `''`],
  },
  {
    column: 'c_set',
    mysql: `SET('x','y','z')`,
    kind: 'text',
    parquet: 'VARCHAR',
    postgres: 'text',
    values: [`''`, `'x,y,z'`, `'z,x'`],
  },
  {
    column: 'c_json',
    mysql: 'JSON',
    kind: 'json',
    parquet: 'VARCHAR',
    postgres: 'jsonb',
    values: [
      `'{"b": 1,  "a": [1, 2.50, "x\\\\u00e9"]}'`,
      `'null'`,
      `'"text"'`,
      `'[]'`,
      `'{"emoji":"😀","q":"\\\\"\\\\\\\\"}'`,
    ],
  },
  {
    column: 'c_bit1',
    mysql: 'BIT(1)',
    kind: 'bool',
    parquet: 'BOOLEAN',
    postgres: 'boolean',
    values: [`b'0'`, `b'1'`],
  },
  {
    column: 'c_bit12',
    mysql: 'BIT(12)',
    kind: 'bit',
    parquet: 'UBIGINT',
    postgres: 'bigint',
    values: [`b'0'`, `b'111111111111'`, `b'101'`],
  },
  {
    column: 'c_bit64',
    mysql: 'BIT(64)',
    kind: 'bit',
    parquet: 'UBIGINT',
    postgres: 'numeric(20,0)',
    values: [`b'0'`, `b'${'1'.repeat(64)}'`, `b'1${'0'.repeat(63)}'`],
  },
  {
    column: 'c_binary',
    mysql: 'BINARY(4)',
    kind: 'binary',
    parquet: 'BLOB',
    postgres: 'bytea',
    values: [`X'00'`, `X'FFFFFFFF'`, `X'005CFF'`],
  },
  {
    column: 'c_varbinary',
    mysql: 'VARBINARY(16)',
    kind: 'binary',
    parquet: 'BLOB',
    postgres: 'bytea',
    values: [`X''`, `X'FF'`, `X'005CFF'`, `'\\\\x41'`, `'NULL'`],
  },
  {
    column: 'c_blob',
    mysql: 'BLOB',
    kind: 'binary',
    parquet: 'BLOB',
    postgres: 'bytea',
    values: [`X''`, `X'00FF5C0D0A22'`, `'\\\\N'`],
  },
  {
    column: 'c_geometry',
    mysql: 'GEOMETRY',
    kind: 'geometry',
    parquet: 'BLOB',
    postgres: 'bytea',
    values: [`ST_GeomFromText('POINT(1 2)')`, `ST_GeomFromText('POLYGON((0 0,10 0,10 10,0 0))')`],
  },
];

export const ROWS = Math.max(...CASES.map((c) => c.values.length)) + 1;
export type Values = Map<string, (string | null)[]>;

export const kindOf = (c: TypeCase): Kind => KINDS[c.kind];
const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/** Rows `[id, ...CASES]` in id order → column → values (index = id − 1) in canonical form. */
export function byColumn(rows: unknown[][]): Values {
  return new Map(
    CASES.map((c, i) => {
      const { canonical = (t: string) => t } = kindOf(c);
      return [c.column, rows.map((r) => text(r[i + 1])).map((v) => (v === null ? v : canonical(v)))];
    }),
  );
}

/** The source values after the documented rules: what every copy must hold. */
export function afterRules(source: Values): Values {
  return new Map(
    CASES.map((c) => {
      const { rule = (t: string) => t } = kindOf(c);
      return [c.column, (source.get(c.column) ?? []).map((v) => (v === null ? v : rule(v)))];
    }),
  );
}

export function mismatches(expected: Values, actual: Values): string[] {
  return CASES.flatMap((c) =>
    (expected.get(c.column) ?? []).flatMap((want, i) => {
      const got = actual.get(c.column)?.[i];
      return got === want
        ? []
        : [`${c.column} id=${i + 1} (${c.mysql}): expected ${JSON.stringify(want)}, got ${JSON.stringify(got)}`];
    }),
  );
}

/** Creates `table` with every case as a column and inserts the rows; returns the source values after the rules. */
export async function createTypeTable(db: MysqlFixture, table: string): Promise<Values> {
  await db.exec("SET SESSION sql_mode = ''"); // lets MariaDB store zero dates
  const defs = CASES.map((c) => `${c.column} ${c.mysql}`).join(', ');
  await db.exec(`CREATE TABLE ${table} (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL, ${defs}) CHARSET utf8mb4`);
  for (let id = 1; id <= ROWS; id++) {
    const values = CASES.map((c) => c.values[id - 1] ?? 'NULL');
    await db.exec(`INSERT INTO ${table} VALUES (${id}, '2025-08-01 10:00:00.00000${id % 10}', ${values.join(', ')})`);
  }
  const select = CASES.map((c) => kindOf(c).mysql?.(c.column) ?? c.column).join(', ');
  const [rows] = await db.connection.query({
    sql: `SELECT id, ${select} FROM ${table} ORDER BY id`,
    rowsAsArray: true,
  });
  return afterRules(byColumn(rows as unknown[][]));
}
