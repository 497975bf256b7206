import { badInput } from '@tidemark/errors';
import { findColumn, SourceTable } from './source-table';
import { MysqlSource } from './mysql-source';
import { ColumnSchema } from '@tidemark/watermark-model';

export interface ResolvedTable {
  table: SourceTable;
  cursorColumn: ColumnSchema | null;
}

export interface TableNeeds {
  cursorColumn: boolean;
  primaryKey: boolean;
  strategy: string;
  /** Key columns from the config, for a table whose unique key is not its PRIMARY KEY. */
  keyColumns?: string[];
}

const CURSOR_TYPES = new Set(['datetime', 'timestamp']);

/** Checks, before anything is written, that the table can be synced incrementally. */
export async function resolveSourceTable(
  source: MysqlSource,
  schema: string,
  table: string,
  cursorColumnName: string,
  needs: TableNeeds = { cursorColumn: true, primaryKey: true, strategy: 'hybrid' },
): Promise<ResolvedTable> {
  const described = withConfiguredKey(await source.describeTable(schema, table), needs.keyColumns);
  if (needs.primaryKey && described.primaryKey.length === 0) {
    throw badInput(`table ${schema}.${table} has no primary key: the ${needs.strategy} strategy needs one`);
  }
  if (!needs.cursorColumn) return { table: described, cursorColumn: null };
  const cursorColumn = findColumn(described, cursorColumnName);
  if (!cursorColumn) throw noCursorColumn(described, cursorColumnName);
  if (!CURSOR_TYPES.has(cursorColumn.dataType)) {
    throw badInput(
      `cursor column ${schema}.${table}.${cursorColumn.name} is ${cursorColumn.columnType}; it must be DATETIME or TIMESTAMP`,
    );
  }
  return { table: described, cursorColumn };
}

/** Names the columns that could be the cursor; with none, the strategies that need no cursor. */
function noCursorColumn(t: SourceTable, cursorColumnName: string): Error {
  const candidates = t.columns.filter((c) => CURSOR_TYPES.has(c.dataType)).map((c) => c.name);
  if (candidates.length === 0) {
    return badInput(
      `table ${t.schema}.${t.table} has no DATETIME or TIMESTAMP column to track changes by: ` +
        'set `strategy: full_sync` for it in the pipeline config (each run copies the whole table), ' +
        'or `strategy: id_only` (each run copies the rows with a higher key; changes to old rows are missed)',
    );
  }
  return badInput(
    `table ${t.schema}.${t.table} has no cursor column "${cursorColumnName}": ` +
      `set cursorColumn for it in the pipeline config to one of ${candidates.join(', ')}`,
  );
}

function withConfiguredKey(t: SourceTable, keyColumns: string[] | undefined): SourceTable {
  if (!keyColumns?.length) return t;
  const primaryKey = keyColumns.map((name) => {
    const column = findColumn(t, name);
    if (!column) throw badInput(`table ${t.schema}.${t.table} has no key column "${name}" (see keyColumns in the pipeline config)`);
    if (column.nullable) {
      throw badInput(`key column ${t.schema}.${t.table}.${column.name} allows NULL; a key column must be NOT NULL`);
    }
    return column;
  });
  return { ...t, primaryKey };
}

/** What resolveConfiguredTable reads of a CDC strategy. */
export interface StrategyNeeds {
  name: string;
  needsCursorColumn: boolean;
  needsPrimaryKey: boolean;
}

/** A pipeline table's source as its strategy needs it: its cursor column and key from the table's config. */
export function resolveConfiguredTable(
  source: MysqlSource,
  target: { sourceSchema: string; sourceTable: string },
  config: { cursorColumn: string; keyColumns?: string[] },
  strategy: StrategyNeeds,
  primaryKey = strategy.needsPrimaryKey,
): Promise<ResolvedTable> {
  return resolveSourceTable(source, target.sourceSchema, target.sourceTable, config.cursorColumn, {
    cursorColumn: strategy.needsCursorColumn,
    primaryKey,
    strategy: strategy.name,
    keyColumns: config.keyColumns,
  });
}
