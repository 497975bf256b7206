import { decimalBytes, ParquetSchemaColumn, redshiftParquetMismatch } from './redshift-parquet';

/** File columns as DuckDB's parquet_schema() describes them (DuckDB 1.5). */
const col = (type: string, converted: string | null = null, extra: Partial<ParquetSchemaColumn> = {}): ParquetSchemaColumn => ({
  name: 'c',
  type,
  converted_type: converted,
  logical_type: null,
  precision: null,
  scale: null,
  type_length: null,
  ...extra,
});
const decimal = (physical: string, precision: number, scale: number, typeLength: number | null = null) =>
  col(physical, 'DECIMAL', { precision, scale, type_length: typeLength, logical_type: `DecimalType(scale=${scale}, precision=${precision})` });
const timestamp = (adjusted: 0 | 1, unit = 'MICROS') =>
  col('INT64', `TIMESTAMP_${unit}`, {
    logical_type: `TimestampType(isAdjustedToUTC=${adjusted}, unit=TimeUnit(MILLIS=${unit === 'MILLIS' ? 'MilliSeconds()' : '<null>'}, MICROS=${unit === 'MICROS' ? 'MicroSeconds()' : '<null>'}, NANOS=${unit === 'NANOS' ? 'NanoSeconds()' : '<null>'}))`,
  });

describe('redshiftParquetMismatch', () => {
  it.each([
    ['SMALLINT', col('INT32', 'INT_16')],
    ['int2', col('INT32')],
    ['INTEGER', col('INT32', 'INT_32')],
    ['int4', col('INT32')],
    ['BIGINT', col('INT64', 'INT_64')],
    ['int8', col('INT64')],
    ['DECIMAL(9,2)', decimal('INT32', 9, 2)],
    ['numeric(18,9)', decimal('INT64', 18, 9)],
    ['NUMERIC(20,0)', decimal('FIXED_LEN_BYTE_ARRAY', 20, 0, 16)],
    ['decimal(20,0)', decimal('FIXED_LEN_BYTE_ARRAY', 20, 0, 9)],
    ['DECIMAL(38,10)', decimal('FIXED_LEN_BYTE_ARRAY', 38, 10, 16)],
    ['REAL', col('FLOAT')],
    ['float4', col('FLOAT')],
    ['DOUBLE PRECISION', col('DOUBLE')],
    ['float8', col('DOUBLE')],
    ['BOOLEAN', col('BOOLEAN')],
    ['DATE', col('INT32', 'DATE')],
    ['TIMESTAMP', timestamp(0)],
    ['timestamp without time zone', timestamp(0, 'MILLIS')],
    ['TIMESTAMP', col('INT96')],
    ['TIMESTAMPTZ', timestamp(1)],
    ['timestamp with time zone', timestamp(1)],
    ['VARCHAR(17)', col('BYTE_ARRAY', 'UTF8')],
    ['character varying(10)', col('BYTE_ARRAY', 'UTF8')],
    ['CHAR(3)', col('BYTE_ARRAY', 'UTF8')],
    ['super', col('BYTE_ARRAY', 'UTF8')],
    ['VARBYTE(8)', col('BYTE_ARRAY')],
    ['binary varying(8)', col('BYTE_ARRAY')],
  ])('loads %s from %j', (type, file) => {
    expect(redshiftParquetMismatch(type, file)).toBeUndefined();
  });

  it.each([
    // The cases: unsigned annotations, a wider physical type, a decimal into an integer, a naive instant.
    ['INTEGER', col('INT32', 'UINT_16'), 'Column type: INTEGER, Parquet schema: INT32 UINT_16'],
    ['SMALLINT', col('INT32', 'UINT_8'), 'Column type: SMALLINT, Parquet schema: INT32 UINT_8'],
    ['DECIMAL(20,0)', col('INT64', 'UINT_64'), 'Column type: NUMERIC(20,0), Parquet schema: INT64 UINT_64'],
    ['INTEGER', col('INT64', 'INT_64'), 'Column type: INTEGER, Parquet schema: INT64 INT_64'],
    ['BIGINT', decimal('FIXED_LEN_BYTE_ARRAY', 20, 0, 16), 'Column type: BIGINT, Parquet schema: FIXED_LEN_BYTE_ARRAY(16) DECIMAL(20,0)'],
    ['TIMESTAMPTZ', timestamp(0), 'Column type: TIMESTAMPTZ, Parquet schema: INT64 TIMESTAMP_MICROS TimestampType(isAdjustedToUTC=0'],
    ['TIMESTAMP', timestamp(1), 'Column type: TIMESTAMP, Parquet schema: INT64 TIMESTAMP_MICROS TimestampType(isAdjustedToUTC=1'],
    ['TIMESTAMP', timestamp(0, 'NANOS'), 'Column type: TIMESTAMP'],
    ['TIMESTAMPTZ', col('INT96'), 'Column type: TIMESTAMPTZ, Parquet schema: INT96'],
    ['SMALLINT', col('INT32', 'INT_8'), 'Parquet schema: INT32 INT_8'],
    ['SMALLINT', col('INT32', 'INT_32'), 'Parquet schema: INT32 INT_32'],
    ['BIGINT', col('INT32', 'INT_32'), 'Column type: BIGINT'],
    ['INTEGER', col('INT32', null, { logical_type: 'IntType(bitWidth=32, isSigned=false)' }), 'IntType(bitWidth=32, isSigned=false)'],
    ['DECIMAL(12,2)', decimal('INT64', 12, 3), 'Column type: NUMERIC(12,2), Parquet schema: INT64 DECIMAL(12,3)'],
    ['DECIMAL(12,2)', decimal('INT64', 14, 2), 'Parquet schema: INT64 DECIMAL(14,2)'],
    ['DECIMAL(12,2)', decimal('INT32', 12, 2), 'Parquet schema: INT32 DECIMAL(12,2)'],
    ['DECIMAL(12,2)', col('BYTE_ARRAY', 'UTF8'), 'Column type: NUMERIC(12,2), Parquet schema: BYTE_ARRAY UTF8'],
    ['REAL', col('DOUBLE'), 'Column type: REAL, Parquet schema: DOUBLE'],
    ['DOUBLE PRECISION', col('FLOAT'), 'Parquet schema: FLOAT'],
    ['BOOLEAN', col('INT32', 'INT_8'), 'Column type: BOOLEAN'],
    ['DATE', timestamp(0), 'Column type: DATE'],
    ['VARCHAR(10)', col('BYTE_ARRAY'), 'Column type: VARCHAR(10), Parquet schema: BYTE_ARRAY'],
    ['VARCHAR(10)', col('INT64', 'INT_64'), 'Column type: VARCHAR(10)'],
    ['VARBYTE(8)', col('BYTE_ARRAY', 'UTF8'), 'Column type: VARBYTE(8), Parquet schema: BYTE_ARRAY UTF8'],
    ['SUPER', col('BYTE_ARRAY'), 'Column type: SUPER'],
    ['GEOMETRY', col('BYTE_ARRAY'), 'Column type: GEOMETRY'],
  ])('refuses %s from %j', (type, file, message) => {
    const mismatch = redshiftParquetMismatch(type, { ...file, name: 'amount' });
    expect(mismatch).toMatch(/^incompatible Parquet schema for column 'amount'\. Column type: /);
    expect(mismatch).toContain(message);
  });

  it('refuses a decimal of another byte length, as Spectrum does ("invalid type length")', () => {
    expect(redshiftParquetMismatch('NUMERIC(18,9)', { ...decimal('FIXED_LEN_BYTE_ARRAY', 18, 9, 13), name: 'num' })).toBe(
      "column 'num' has an invalid type length. Expecting: 8 len in file: 13",
    );
  });

  it('knows the fewest bytes each precision needs', () => {
    expect([1, 2, 4, 9, 18, 19, 20, 29, 38].map(decimalBytes)).toEqual([1, 1, 2, 4, 8, 9, 9, 13, 16]);
  });

  it('refuses a type it cannot read', () => {
    expect(() => redshiftParquetMismatch('not a type!', col('INT32'))).toThrow('not a column type');
  });
});
