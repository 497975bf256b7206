import { ColumnSchema } from '@tidemark/watermark-model';

/**
 * A placeholder that makes MySQL compare in the column's own type. Cursor
 * values are bound as strings, and MySQL compares an integer column with a
 * string as DOUBLE, which is wrong above 2^53 (BIGINT UNSIGNED keys).
 */
export function typedPlaceholder(column: ColumnSchema): string {
  switch (column.dataType) {
    case 'datetime':
    case 'timestamp':
      return 'CAST(? AS DATETIME(6))';
    case 'date':
      return 'CAST(? AS DATE)';
    case 'tinyint':
    case 'smallint':
    case 'mediumint':
    case 'int':
    case 'integer':
    case 'bigint':
      return /unsigned/i.test(column.columnType) ? 'CAST(? AS UNSIGNED)' : 'CAST(? AS SIGNED)';
    case 'decimal':
    case 'numeric':
      return `CAST(? AS DECIMAL(${Number(column.precision ?? 65)},${Number(column.scale ?? 0)}))`;
    default:
      return '?';
  }
}
