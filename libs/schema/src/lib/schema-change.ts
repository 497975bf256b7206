import { formatSqlType, parseSqlType, SqlType } from './sql-type';
import { isTinyint1 } from './parquet-type';
import { TargetColumn } from './target-columns';

export interface ExistingColumn {
  name: string;
  type: SqlType;
}

export interface ColumnWidening {
  column: TargetColumn;
  from: SqlType;
}

export interface SchemaChanges {
  /** Source columns the warehouse table lacks: `ALTER TABLE … ADD COLUMN`. */
  add: TargetColumn[];
  /** Text columns the source made longer (or unbounded): widened in place. */
  widen: ColumnWidening[];
  /** Changes Tidemark does not make by itself, one message each naming the column and both types. */
  conflicts: string[];
}

const isText = (t: SqlType) => t.base === 'varchar' || t.base === 'text';
/** Characters (or bytes) a text type holds; TEXT is unbounded. */
const capacity = (t: SqlType) => (t.base === 'text' ? Infinity : (t.args[0] ?? Infinity));
const same = (a: SqlType, b: SqlType) => a.base === b.base && a.args.join() === b.args.join();

/**
 * What loading `wanted` into an existing table needs. Only additive changes
 * are automatic: a new column, or a wider VARCHAR. A narrower text column or
 * any other type change stops the table, because changing it could lose
 * data or rewrite a large table; the message says what to do instead.
 * Warehouse columns the source no longer has are left alone (new rows get NULL).
 */
export function planSchemaChanges(table: string, existing: ExistingColumn[], wanted: TargetColumn[]): SchemaChanges {
  const byName = new Map(existing.map((c) => [c.name, c.type]));
  const changes: SchemaChanges = { add: [], widen: [], conflicts: [] };
  for (const column of wanted) {
    const current = byName.get(column.name);
    if (!current) {
      changes.add.push(column);
      continue;
    }
    const next = parseSqlType(column.type);
    if (same(current, next) || (isText(current) && isText(next) && capacity(current) === capacity(next))) continue;
    if (isText(current) && isText(next) && capacity(next) > capacity(current)) {
      changes.widen.push({ column, from: current });
      continue;
    }
    if (current.base === 'boolean' && next.base === 'smallint' && isTinyint1(column.source)) {
      changes.conflicts.push(booleanToSmallint(table, column));
      continue;
    }
    const kind = isText(current) && isText(next) ? 'narrower' : 'a different type';
    changes.conflicts.push(
      `column ${column.name} of ${table} is ${formatSqlType(current)} in the warehouse, but source column ` +
        `${column.source.name} (${column.source.columnType}) now needs ${formatSqlType(next)}, ${kind}: ` +
        `Tidemark only adds columns and widens text columns. Alter the warehouse column yourself, or drop ` +
        `the table and run \`tidemark watermark reset\` to rebuild it`,
    );
  }
  return changes;
}

/**
 * TINYINT(1) extracted as SMALLINT (the default since ADR 0028) for a column
 * loaded as BOOLEAN before: the extract could not see the warehouse. The
 * files hold every value, so the way on is to widen the column to SMALLINT.
 */
function booleanToSmallint(table: string, column: TargetColumn): string {
  return (
    `column ${column.name} of ${table} is BOOLEAN in the warehouse, but source column ${column.source.name} ` +
    `(${column.source.columnType}) was extracted as SMALLINT, which keeps values other than 0/1 ` +
    `(docs/types.md, TINYINT(1) and booleans). Alter the warehouse column to SMALLINT ` +
    `(PostgreSQL: ALTER TABLE … ALTER COLUMN ${column.name} TYPE SMALLINT USING ${column.name}::int) and the load goes on`
  );
}
