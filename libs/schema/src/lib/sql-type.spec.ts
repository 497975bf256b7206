import { PostgresFixture, uniqueName } from '@tidemark/testing';
import { ColumnSchema } from '@tidemark/watermark-model';
import { postgresTypeOf } from './postgres-type';
import { redshiftTypeOf } from './redshift-type';
import { formatSqlType, InformationSchemaColumn, parseSqlType, SqlType, typeOfInformationSchema } from './sql-type';

function col(columnType: string, extra: Partial<ColumnSchema> = {}): ColumnSchema {
  const dataType = columnType.replace(/\(.*$/, '').replace(/ .*$/, '');
  return { name: 'c', dataType, columnType, nullable: true, length: null, precision: null, scale: null, charset: null, ...extra };
}

/** One MySQL column for every rule of postgresTypeOf and redshiftTypeOf (docs/types.md). */
const MYSQL_COLUMNS: ColumnSchema[] = [
  col('tinyint(1)'),
  col('bit(1)', { precision: 1 }),
  col('tinyint(4)'),
  col('smallint(6)'),
  col('mediumint(9)'),
  col('int(11)'),
  col('bigint(20)'),
  col('tinyint(3) unsigned'),
  col('smallint(5) unsigned'),
  col('mediumint(8) unsigned'),
  col('int(10) unsigned'),
  col('bigint(20) unsigned'),
  col('decimal(12,2)', { precision: 12, scale: 2 }),
  col('decimal(38,10)', { precision: 38, scale: 10 }),
  col('decimal(65,30)', { precision: 65, scale: 30 }),
  col('float'),
  col('double'),
  col('date'),
  col('datetime(6)', { scale: 6 }),
  col('datetime'),
  col('timestamp(3)', { scale: 3 }),
  col('time(6)'),
  col('year(4)'),
  col('char(3)', { length: 3, charset: 'ascii' }),
  col('varchar(20)', { length: 20, charset: 'utf8mb4' }),
  col('varchar(20000)', { length: 20000, charset: 'utf8mb4' }),
  col('text', { charset: 'utf8mb4' }),
  col('longtext', { charset: 'utf8mb4' }),
  col("enum('a','bb')", { charset: 'utf8mb4' }),
  col("set('a','bb')", { charset: 'utf8mb4' }),
  col('json'),
  col('bit(12)', { precision: 12 }),
  col('bit(64)', { precision: 64 }),
  col('binary(16)', { length: 16 }),
  col('varbinary(300)', { length: 300 }),
  col('tinyblob'),
  col('blob'),
  col('longblob'),
  col('geometry'),
  col('point'),
];

/** Every spelling the dialects write, listed by hand so a dialect change cannot shrink the set unnoticed. */
const POSTGRES_TYPES = [
  'VARCHAR(20)',
  'VARCHAR(65535)',
  'NUMERIC(12,2)',
  'NUMERIC(20,0)',
  'NUMERIC(65,30)',
  'TIMESTAMP(6)',
  'TIMESTAMPTZ(6)',
  'DOUBLE PRECISION',
  'REAL',
  'SMALLINT',
  'INTEGER',
  'BIGINT',
  'BOOLEAN',
  'DATE',
  'TEXT',
  'JSONB',
  'BYTEA',
  'INTERVAL',
];
/** Redshift spellings PostgreSQL also accepts (SUPER and VARBYTE it does not). */
const REDSHIFT_TYPES_POSTGRES_ACCEPTS = [
  'DECIMAL(12,2)',
  'DECIMAL(20,0)',
  'VARCHAR(17)',
  'VARCHAR(67)',
  'VARCHAR(80)',
  'TIMESTAMP',
  'TIMESTAMPTZ',
];

describe('parseSqlType', () => {
  it.each<[string, SqlType]>([
    ['VARCHAR(80)', { base: 'varchar', args: [80] }],
    ['VARCHAR(65535)', { base: 'varchar', args: [65535] }],
    ['VARCHAR', { base: 'varchar', args: [] }],
    ['NUMERIC(12,2)', { base: 'numeric', args: [12, 2] }],
    ['NUMERIC(20,0)', { base: 'numeric', args: [20, 0] }],
    ['DECIMAL(12,2)', { base: 'numeric', args: [12, 2] }],
    ['DECIMAL(20,0)', { base: 'numeric', args: [20, 0] }],
    ['NUMERIC', { base: 'numeric', args: [] }],
    ['TIMESTAMP(6)', { base: 'timestamp', args: [] }],
    ['TIMESTAMP', { base: 'timestamp', args: [] }],
    ['TIMESTAMPTZ(6)', { base: 'timestamptz', args: [] }],
    ['TIMESTAMPTZ', { base: 'timestamptz', args: [] }],
    ['DOUBLE PRECISION', { base: 'double precision', args: [] }],
    ['REAL', { base: 'real', args: [] }],
    ['SMALLINT', { base: 'smallint', args: [] }],
    ['INTEGER', { base: 'integer', args: [] }],
    ['BIGINT', { base: 'bigint', args: [] }],
    ['BOOLEAN', { base: 'boolean', args: [] }],
    ['DATE', { base: 'date', args: [] }],
    ['TEXT', { base: 'text', args: [] }],
    ['JSONB', { base: 'jsonb', args: [] }],
    ['BYTEA', { base: 'bytea', args: [] }],
    ['INTERVAL', { base: 'interval', args: [] }],
    ['SUPER', { base: 'super', args: [] }],
    ['VARBYTE(16)', { base: 'varbyte', args: [16] }],
    ['VARBYTE(1024000)', { base: 'varbyte', args: [1024000] }],
  ])('%s → %j', (text, expected) => {
    expect(parseSqlType(text)).toEqual(expected);
  });

  it.each<[string, SqlType]>([
    ['varchar(80)', { base: 'varchar', args: [80] }],
    ['  VarChar ( 80 )  ', { base: 'varchar', args: [80] }],
    ['NUMERIC( 12 , 2 )', { base: 'numeric', args: [12, 2] }],
    ['double   precision', { base: 'double precision', args: [] }],
    ['character varying(80)', { base: 'varchar', args: [80] }],
    ['binary varying(16)', { base: 'varbyte', args: [16] }],
    ['VARBINARY(16)', { base: 'varbyte', args: [16] }],
    ['timestamp without time zone', { base: 'timestamp', args: [] }],
    ['timestamp with time zone', { base: 'timestamptz', args: [] }],
    ['INT', { base: 'integer', args: [] }],
    ['INT4', { base: 'integer', args: [] }],
    ['INT2', { base: 'smallint', args: [] }],
    ['INT8', { base: 'bigint', args: [] }],
    ['FLOAT4', { base: 'real', args: [] }],
    ['FLOAT8', { base: 'double precision', args: [] }],
    ['FLOAT', { base: 'double precision', args: [] }],
    ['BOOL', { base: 'boolean', args: [] }],
  ])('normalizes the spelling %j → %j', (text, expected) => {
    expect(parseSqlType(text)).toEqual(expected);
  });

  it('parses every type the PostgreSQL and Redshift dialects produce', () => {
    for (const c of MYSQL_COLUMNS) {
      expect(() => parseSqlType(postgresTypeOf(c))).not.toThrow();
      expect(() => parseSqlType(redshiftTypeOf(c))).not.toThrow();
      expect(() => parseSqlType(redshiftTypeOf(c, { varcharMode: 'double' }))).not.toThrow();
    }
  });

  it('returns a base that is a single lower-case, single-spaced name', () => {
    for (const c of MYSQL_COLUMNS) {
      for (const t of [postgresTypeOf(c), redshiftTypeOf(c)]) {
        const { base } = parseSqlType(t);
        expect(base).toBe(base.toLowerCase());
        expect(base).not.toMatch(/^\s|\s$|\s\s|\(/);
      }
    }
  });

  it.each(['', '   ', 'VARCHAR(80', 'VARCHAR(abc)', 'VARCHAR()', '80', '(80)', 'VARCHAR(80) NOT NULL', 'NUMERIC(12;2)', 'text[]'])(
    'refuses %j, naming it',
    (text) => {
      expect(() => parseSqlType(text)).toThrow(`not a column type: ${JSON.stringify(text)}`);
    },
  );

  it.each(['NUMERIC(12,)', 'NUMERIC(,2)', 'VARCHAR(,)', 'VARCHAR( )'])('refuses the malformed size list %j', (text) => {
    // Empty arguments must not silently become 0 (NUMERIC(12,) would read as NUMERIC(12,0)).
    expect(() => parseSqlType(text)).toThrow('not a column type');
  });
});

describe('formatSqlType', () => {
  it.each<[SqlType, string]>([
    [{ base: 'varchar', args: [80] }, 'VARCHAR(80)'],
    [{ base: 'numeric', args: [12, 2] }, 'NUMERIC(12,2)'],
    [{ base: 'numeric', args: [] }, 'NUMERIC'],
    [{ base: 'double precision', args: [] }, 'DOUBLE PRECISION'],
    [{ base: 'timestamptz', args: [] }, 'TIMESTAMPTZ'],
    [{ base: 'text', args: [] }, 'TEXT'],
    [{ base: 'varbyte', args: [16] }, 'VARBYTE(16)'],
  ])('%j → %s', (t, expected) => {
    expect(formatSqlType(t)).toBe(expected);
  });

  it('round-trips through parseSqlType for every dialect type', () => {
    for (const c of MYSQL_COLUMNS) {
      for (const t of [postgresTypeOf(c), redshiftTypeOf(c)]) {
        const parsed = parseSqlType(t);
        expect(parseSqlType(formatSqlType(parsed))).toEqual(parsed);
      }
    }
  });
});

function row(data_type: string, extra: Partial<InformationSchemaColumn> = {}): InformationSchemaColumn {
  return { column_name: 'c', data_type, character_maximum_length: null, numeric_precision: null, numeric_scale: null, ...extra };
}

describe('typeOfInformationSchema', () => {
  it.each<[InformationSchemaColumn, SqlType]>([
    [row('character varying', { character_maximum_length: 80 }), { base: 'varchar', args: [80] }],
    [row('character varying'), { base: 'varchar', args: [] }],
    [row('character', { character_maximum_length: 3 }), { base: 'char', args: [3] }],
    [row('numeric', { numeric_precision: 12, numeric_scale: 2 }), { base: 'numeric', args: [12, 2] }],
    [row('numeric', { numeric_precision: 20, numeric_scale: null }), { base: 'numeric', args: [20, 0] }],
    [row('numeric'), { base: 'numeric', args: [] }],
    [row('timestamp without time zone'), { base: 'timestamp', args: [] }],
    [row('timestamp with time zone'), { base: 'timestamptz', args: [] }],
    // PostgreSQL reports the binary precision of floats and integers: it is not a size argument.
    [row('double precision', { numeric_precision: 53 }), { base: 'double precision', args: [] }],
    [row('real', { numeric_precision: 24 }), { base: 'real', args: [] }],
    [row('smallint', { numeric_precision: 16, numeric_scale: 0 }), { base: 'smallint', args: [] }],
    [row('integer', { numeric_precision: 32, numeric_scale: 0 }), { base: 'integer', args: [] }],
    [row('bigint', { numeric_precision: 64, numeric_scale: 0 }), { base: 'bigint', args: [] }],
    [row('boolean'), { base: 'boolean', args: [] }],
    [row('date'), { base: 'date', args: [] }],
    [row('text'), { base: 'text', args: [] }],
    [row('jsonb'), { base: 'jsonb', args: [] }],
    [row('bytea'), { base: 'bytea', args: [] }],
    [row('interval'), { base: 'interval', args: [] }],
    // Redshift spellings
    [row('super'), { base: 'super', args: [] }],
    [row('binary varying', { character_maximum_length: 16 }), { base: 'varbyte', args: [16] }],
  ])('%j → %j', (r, expected) => {
    expect(typeOfInformationSchema(r)).toEqual(expected);
  });

  it('reads sizes given as strings (as some drivers return cardinal_number)', () => {
    expect(typeOfInformationSchema(row('character varying', { character_maximum_length: '80' }))).toEqual({
      base: 'varchar',
      args: [80],
    });
    expect(typeOfInformationSchema(row('numeric', { numeric_precision: '12', numeric_scale: '2' }))).toEqual({
      base: 'numeric',
      args: [12, 2],
    });
  });

  it('equals parseSqlType of the Redshift type for Redshift-style rows', () => {
    // What Redshift's information_schema.columns reports for the types the Redshift dialect creates.
    const cases: [string, InformationSchemaColumn][] = [
      ['VARCHAR(80)', row('character varying', { character_maximum_length: 80 })],
      ['VARCHAR(65535)', row('character varying', { character_maximum_length: '65535' })],
      ['DECIMAL(12,2)', row('numeric', { numeric_precision: '12', numeric_scale: '2' })],
      ['DECIMAL(20,0)', row('numeric', { numeric_precision: 20, numeric_scale: 0 })],
      ['TIMESTAMP', row('timestamp without time zone')],
      ['TIMESTAMPTZ', row('timestamp with time zone')],
      ['DOUBLE PRECISION', row('double precision', { numeric_precision: 53 })],
      ['REAL', row('real', { numeric_precision: 24 })],
      ['SMALLINT', row('smallint', { numeric_precision: 16, numeric_scale: 0 })],
      ['INTEGER', row('integer', { numeric_precision: 32, numeric_scale: 0 })],
      ['BIGINT', row('bigint', { numeric_precision: 64, numeric_scale: 0 })],
      ['BOOLEAN', row('boolean')],
      ['DATE', row('date')],
      ['SUPER', row('super')],
      ['VARBYTE(16)', row('binary varying', { character_maximum_length: 16 })],
    ];
    for (const [ours, r] of cases) expect([ours, typeOfInformationSchema(r)]).toEqual([ours, parseSqlType(ours)]);
  });
});

describe('our types read back from PostgreSQL information_schema.columns', () => {
  let pg: PostgresFixture;
  let schema: string;
  let rows: InformationSchemaColumn[];
  const ours = [
    ...new Set([
      ...POSTGRES_TYPES,
      ...REDSHIFT_TYPES_POSTGRES_ACCEPTS,
      ...MYSQL_COLUMNS.map((c) => postgresTypeOf(c)),
      // the columns append mode adds (base-dialect.ts)
      'TIMESTAMPTZ(6)',
      'VARCHAR(80)',
    ]),
  ];

  beforeAll(async () => {
    pg = await PostgresFixture.connect();
    schema = uniqueName('sql_type');
    await pg.rows(`CREATE SCHEMA "${schema}"`);
    const columns = ours.map((t, i) => `"c${i}" ${t}`).join(', ');
    await pg.rows(`CREATE TABLE "${schema}"."types" (${columns})`);
    rows = await pg.rows<InformationSchemaColumn>(
      'SELECT column_name, data_type, character_maximum_length, numeric_precision, numeric_scale ' +
        'FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position',
      [schema, 'types'],
    );
  });

  afterAll(async () => {
    if (pg) {
      await pg.dropSchema(schema);
      await pg.close();
    }
  });

  it('covers every PostgreSQL type postgresTypeOf produces', () => {
    const produced = new Set(MYSQL_COLUMNS.map((c) => postgresTypeOf(c).replace(/\(.*$/, '')));
    const listed = new Set(POSTGRES_TYPES.map((t) => t.replace(/\(.*$/, '')));
    expect([...produced].filter((t) => !listed.has(t))).toEqual([]);
    expect(rows).toHaveLength(ours.length);
  });

  it('reports the data_type spellings the parser knows', () => {
    const byType = Object.fromEntries(ours.map((t, i) => [t, rows[i]]));
    expect(byType['VARCHAR(20)']).toMatchObject({ data_type: 'character varying', character_maximum_length: 20 });
    expect(byType['NUMERIC(12,2)']).toMatchObject({ data_type: 'numeric', numeric_precision: 12, numeric_scale: 2 });
    expect(byType['DECIMAL(20,0)']).toMatchObject({ data_type: 'numeric', numeric_precision: 20, numeric_scale: 0 });
    expect(byType['TIMESTAMP(6)'].data_type).toBe('timestamp without time zone');
    expect(byType['TIMESTAMPTZ(6)'].data_type).toBe('timestamp with time zone');
    expect(byType['DOUBLE PRECISION']).toMatchObject({ data_type: 'double precision', numeric_precision: 53 });
    expect(byType['REAL']).toMatchObject({ data_type: 'real', numeric_precision: 24 });
    expect(byType['SMALLINT']).toMatchObject({ data_type: 'smallint', numeric_precision: 16, numeric_scale: 0 });
    expect(byType['INTEGER']).toMatchObject({ data_type: 'integer', numeric_precision: 32 });
    expect(byType['BIGINT']).toMatchObject({ data_type: 'bigint', numeric_precision: 64 });
    expect(byType['BOOLEAN'].data_type).toBe('boolean');
    expect(byType['DATE'].data_type).toBe('date');
    expect(byType['TEXT'].data_type).toBe('text');
    expect(byType['JSONB'].data_type).toBe('jsonb');
    expect(byType['BYTEA'].data_type).toBe('bytea');
    expect(byType['INTERVAL'].data_type).toBe('interval');
  });

  it('parseSqlType(our type) equals typeOfInformationSchema(row) for every column: no false type change', () => {
    const mismatches = ours
      .map((t, i) => ({ ours: t, parsed: parseSqlType(t), read: typeOfInformationSchema(rows[i]), row: rows[i] }))
      .filter((m) => JSON.stringify(m.parsed) !== JSON.stringify(m.read));
    expect(mismatches).toEqual([]);
  });

  it('tells apart columns of different types or sizes', () => {
    const read = rows.map((r) => JSON.stringify(typeOfInformationSchema(r)));
    const parsed = ours.map((t) => JSON.stringify(parseSqlType(t)));
    // Two of our types read back the same only when they parse the same (TIMESTAMP vs TIMESTAMP(6), DECIMAL vs NUMERIC).
    for (let i = 0; i < ours.length; i++) {
      for (let j = i + 1; j < ours.length; j++) {
        expect([ours[i], ours[j], read[i] === read[j]]).toEqual([ours[i], ours[j], parsed[i] === parsed[j]]);
      }
    }
  });
});
