import { ColumnSchema } from '@tidemark/watermark-model';
import { decimalOf, isBoolean, isUnsigned, parquetTypeOf } from './parquet-type';

const UNSIGNED_WIDER: Record<string, string> = {
  tinyint: 'SMALLINT',
  smallint: 'INTEGER',
  mediumint: 'INTEGER',
  int: 'BIGINT',
  integer: 'BIGINT',
  bigint: 'NUMERIC(20,0)',
};

/** PostgreSQL column type for a MySQL column: exact, and wide enough (docs/types.md). */
export function postgresTypeOf(c: ColumnSchema): string {
  if (isBoolean(c)) return 'BOOLEAN';
  const t = c.dataType;
  const decimal = decimalOf(c);
  if (decimal) return `NUMERIC(${decimal.precision},${decimal.scale})`;
  if (isUnsigned(c) && t in UNSIGNED_WIDER) return UNSIGNED_WIDER[t];
  switch (t) {
    case 'tinyint':
    case 'smallint':
    case 'year':
      return 'SMALLINT';
    case 'mediumint':
    case 'int':
    case 'integer':
      return 'INTEGER';
    case 'bigint':
      return 'BIGINT';
    case 'float':
      return 'REAL';
    case 'double':
    case 'real':
      return 'DOUBLE PRECISION';
    case 'date':
      return 'DATE';
    case 'datetime':
      return 'TIMESTAMP(6)';
    case 'timestamp':
      return 'TIMESTAMPTZ(6)';
    case 'char':
    case 'varchar':
      return `VARCHAR(${c.length ?? 65535})`;
    case 'time':
      return 'INTERVAL'; // −838:59:59 … 838:59:59 does not fit TIME
    case 'json':
      return 'JSONB';
    case 'bit':
      return (c.precision ?? 64) < 64 ? 'BIGINT' : 'NUMERIC(20,0)';
  }
  const parquet = parquetTypeOf(c);
  return parquet === 'BLOB' ? 'BYTEA' : 'TEXT';
}
