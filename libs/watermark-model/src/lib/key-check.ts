import { badInput } from '@tidemark/errors';
import { ColumnSchema, Manifest } from './manifest';

const INTEGER_TYPES = new Set(['tinyint', 'smallint', 'mediumint', 'int', 'integer', 'bigint']);

/** The shape a key value must have for its column, and how to say it; null: any text. */
function expectedShape(column: ColumnSchema): { pattern: RegExp; hint: string } | null {
  if (INTEGER_TYPES.has(column.dataType)) {
    return /unsigned/i.test(column.columnType)
      ? { pattern: /^\d{1,20}$/, hint: 'a whole number from 0' }
      : { pattern: /^-?\d{1,19}$/, hint: 'a whole number' };
  }
  if (column.dataType === 'decimal' || column.dataType === 'numeric') {
    return { pattern: /^-?\d{1,65}(\.\d{1,30})?$/, hint: 'a decimal number' };
  }
  if (column.dataType === 'date') return { pattern: /^\d{4}-\d{2}-\d{2}$/, hint: 'a date YYYY-MM-DD' };
  if (column.dataType === 'datetime' || column.dataType === 'timestamp') {
    return {
      pattern: /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?$/,
      hint: 'a timestamp YYYY-MM-DD HH:MM:SS[.ffffff]',
    };
  }
  return null;
}

/**
 * Checks hand-given primary key values against the key the table's newest
 * manifest recorded: one value per key column, each in its column's shape.
 * A value that does not fit would be cast by MySQL into something else
 * (`CAST('1; DROP …' AS SIGNED)` is 1), so it is refused here instead.
 */
export function checkKeyValues(
  values: string[],
  table: string,
  manifest: Pick<Manifest, 'primaryKey' | 'columns'>,
): void {
  const key = manifest.primaryKey;
  if (values.length !== key.length) {
    throw badInput(
      `${table} has a ${key.length}-column primary key (${key.join(', ')}): give ${key.length} key value(s), not ${values.length}`,
    );
  }
  values.forEach((value, i) => {
    const column = manifest.columns.find((c) => c.name === key[i]);
    const shape = column && expectedShape(column);
    if (shape && !shape.pattern.test(value)) {
      throw badInput(
        `invalid id "${value}" for key column ${key[i]} (${column?.columnType}) of ${table}: give ${shape.hint}`,
      );
    }
  });
}
