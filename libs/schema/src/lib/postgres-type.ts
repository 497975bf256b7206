import { ColumnSchema } from '@tidemark/watermark-model';
import { isBoolean, isUnsigned, parquetTypeOf } from './parquet-type';

const UNSIGNED_WIDER: Record<string, string> = {
  tinyint: 'SMALLINT',
  smallint: 'INTEGER',
  mediumint: 'INTEGER',
  int: 'BIGINT',
  integer: 'BIGINT',
  bigint: 'NUMERIC(20,0)',
};

/** PostgreSQL column type for a MySQL column: exact, and wide enough. */
export function postgresTypeOf(c: ColumnSchema): string {
  if (isBoolean(c)) return 'BOOLEAN';
  const t = c.dataType;
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
    case 'decimal':
    case 'numeric':
      return `NUMERIC(${c.precision ?? 10},${c.scale ?? 0})`;
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
    case 'json':
      return 'JSONB';
    case 'bit':
      return 'NUMERIC(20,0)';
  }
  const parquet = parquetTypeOf(c);
  return parquet === 'BLOB' ? 'BYTEA' : 'TEXT';
}
