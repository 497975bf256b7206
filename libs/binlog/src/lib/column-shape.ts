import { SqlConnection, rowsOf } from './sql-connection';

/**
 * What a TABLE_MAP event says of one column: its binlog type code and the
 * metadata that changes with the declared size (DECIMAL precision/scale,
 * fractional seconds, the byte length of strings).
 */
export interface ColumnShape {
  name?: string;
  /** information_schema DATA_TYPE, for a described column. */
  dataType?: string;
  type: number;
  precision?: number;
  scale?: number;
  maxLength?: number;
}

// Binlog type codes (MariaDB/MySQL sql/field.h enum_field_types), by information_schema DATA_TYPE.
const TYPE_CODE: Record<string, number> = {
  tinyint: 1,
  smallint: 2,
  int: 3,
  float: 4,
  double: 5,
  bigint: 8,
  mediumint: 9,
  date: 10,
  year: 13,
  varchar: 15,
  varbinary: 15,
  bit: 16,
  timestamp: 17,
  datetime: 18,
  time: 19,
  decimal: 246,
  enum: 247,
  set: 248,
  tinytext: 252,
  text: 252,
  mediumtext: 252,
  longtext: 252,
  tinyblob: 252,
  blob: 252,
  mediumblob: 252,
  longblob: 252,
  json: 252,
  char: 254,
  binary: 254,
  uuid: 254,
  inet4: 254,
  inet6: 254,
  geometry: 255,
  point: 255,
  linestring: 255,
  polygon: 255,
};

interface ColumnRow {
  COLUMN_NAME: string;
  DATA_TYPE: string;
  NUMERIC_PRECISION: number | string | null;
  NUMERIC_SCALE: number | string | null;
  DATETIME_PRECISION: number | string | null;
  CHARACTER_OCTET_LENGTH: number | string | null;
}

const num = (v: number | string | null) => (v === null ? undefined : Number(v));

function shapeOf(c: ColumnRow): ColumnShape {
  const dataType = c.DATA_TYPE.toLowerCase();
  const type = TYPE_CODE[dataType] ?? -1;
  const shape: ColumnShape = { name: c.COLUMN_NAME, dataType, type };
  if (type === 246) return { ...shape, precision: num(c.NUMERIC_PRECISION), scale: num(c.NUMERIC_SCALE) };
  if (type === 17 || type === 18 || type === 19) return { ...shape, scale: num(c.DATETIME_PRECISION) ?? 0 };
  if (type === 15 || (type === 254 && (dataType === 'char' || dataType === 'binary'))) {
    return { ...shape, maxLength: num(c.CHARACTER_OCTET_LENGTH) };
  }
  return shape;
}

/** The table's columns as its TABLE_MAP events should describe them, from information_schema. */
export async function describeColumns(connection: SqlConnection, schema: string, table: string): Promise<ColumnShape[]> {
  const rows = await rowsOf<ColumnRow>(
    connection,
    'SELECT COLUMN_NAME, DATA_TYPE, NUMERIC_PRECISION, NUMERIC_SCALE, DATETIME_PRECISION, CHARACTER_OCTET_LENGTH ' +
      'FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION',
    [schema, table],
  );
  return rows.map(shapeOf);
}

interface TableMapView {
  columnCount: number;
  columnTypes: number[];
  columnsMetadata: (Record<string, unknown> | undefined)[];
}

/** The shapes a TABLE_MAP event (as @vlasky/zongji decodes it) gives its columns. */
export function shapesOfTableMap(event: TableMapView): ColumnShape[] {
  return event.columnTypes.map((type, i) => {
    const meta = event.columnsMetadata[i] ?? {};
    if (type === 246) return { type, precision: meta['precision'] as number, scale: meta['decimals'] as number };
    if (type === 17 || type === 18 || type === 19) return { type, scale: meta['decimals'] as number };
    if (type === 15 || type === 254) return { type, maxLength: meta['max_length'] as number };
    return { type };
  });
}

const describeShape = (s: ColumnShape) =>
  `type ${s.type}${s.precision !== undefined ? ` (${s.precision},${s.scale})` : s.scale !== undefined ? ` (fsp ${s.scale})` : ''}` +
  `${s.maxLength !== undefined ? ` (${s.maxLength} bytes)` : ''}`;

/**
 * Where the binlog's columns differ from the described ones, in words; null
 * when they agree. Column names are not in a MariaDB TABLE_MAP (without
 * binlog_row_metadata=FULL), so a rename of same-typed columns is caught by
 * the DDL check instead (ddl-statement.ts).
 */
export function shapeDifference(expected: ColumnShape[], actual: ColumnShape[]): string | null {
  if (expected.length !== actual.length) {
    return `the binlog has ${actual.length} columns, the table was described with ${expected.length}`;
  }
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i];
    const a = actual[i];
    const sizeMatters = (k: keyof ColumnShape) => e[k] !== undefined && e[k] !== a[k];
    if (e.type !== a.type || sizeMatters('precision') || sizeMatters('scale') || sizeMatters('maxLength')) {
      return `column ${i + 1} (${e.name ?? '?'}) is ${describeShape(a)} in the binlog, described as ${describeShape(e)}`;
    }
  }
  return null;
}
