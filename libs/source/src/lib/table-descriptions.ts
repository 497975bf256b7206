import { BoundQuery } from '@tidemark/cdc';
import { notFound } from '@tidemark/errors';
import { ColumnSchema } from '@tidemark/watermark-model';
import { SourceTable } from './source-table';

type Query = <T>(q: BoundQuery) => Promise<T[]>;

interface ColumnRow {
  TABLE_NAME: string;
  COLUMN_NAME: string;
  DATA_TYPE: string;
  COLUMN_TYPE: string;
  IS_NULLABLE: string;
  CHARACTER_MAXIMUM_LENGTH: string | null;
  NUMERIC_PRECISION: string | null;
  NUMERIC_SCALE: string | null;
  DATETIME_PRECISION: string | null;
  CHARACTER_SET_NAME: string | null;
}

/** How long a description read ahead stays good for its table's run; older ones are read again. */
export const DESCRIBED_AHEAD_MAX_AGE_MS = 30_000;

const toNumber = (v: string | null) => (v === null ? null : Number(v));
const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(', ');

/**
 * Reads table definitions from information_schema. On MariaDB each query
 * there costs milliseconds per table named (it opens the table's
 * definition), so a run that is about to sync many tables of a schema
 * describes them all in one round (`describeAhead`): each description is
 * then used once, by its table's next `describe`, if it is at most
 * DESCRIBED_AHEAD_MAX_AGE_MS old. Anything not read ahead, or not found
 * that way, is described on its own, as a table alone always was.
 */
export class TableDescriptions {
  private readonly ahead = new Map<string, { at: number; table: Promise<SourceTable | undefined> }>();

  constructor(
    private readonly query: Query,
    private readonly connectionName: () => string,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Starts reading these tables' definitions in one round; a failure here only means they are read one by one. */
  describeAhead(schema: string, tables: string[]): void {
    const names = [...new Set(tables)];
    if (names.length === 0) return;
    const read = describeTables(this.query, schema, names).catch(() => new Map<string, SourceTable>());
    const at = this.clock();
    for (const table of names)
      this.ahead.set(key(schema, table), { at, table: read.then((found) => found.get(table)) });
  }

  /** The table's columns (in order) and primary key; NOT_FOUND naming the connection when it does not exist. */
  async describe(schema: string, table: string): Promise<SourceTable> {
    const ahead = this.ahead.get(key(schema, table));
    this.ahead.delete(key(schema, table));
    const early = ahead && this.clock() - ahead.at <= DESCRIBED_AHEAD_MAX_AGE_MS ? await ahead.table : undefined;
    if (early) return early;
    const [described] = (await describeTables(this.query, schema, [table])).values();
    if (!described)
      throw notFound(`table ${schema}.${table} does not exist in MySQL connection "${this.connectionName()}"`);
    return described;
  }
}

const key = (schema: string, table: string) => `${schema}\u0000${table}`;

/** Map.groupBy, which Node 20 does not have; keeps the rows' order. */
function groupBy<T>(rows: T[], keyOf: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const group = groups.get(keyOf(row));
    if (group) group.push(row);
    else groups.set(keyOf(row), [row]);
  }
  return groups;
}

/** The tables of `names` that exist, by the name information_schema gives them. */
async function describeTables(query: Query, schema: string, names: string[]): Promise<Map<string, SourceTable>> {
  const rows = await query<ColumnRow>({
    sql: `SELECT TABLE_NAME, COLUMN_NAME, DATA_TYPE, COLUMN_TYPE, IS_NULLABLE, CHARACTER_MAXIMUM_LENGTH,
                 NUMERIC_PRECISION, NUMERIC_SCALE, DATETIME_PRECISION, CHARACTER_SET_NAME
            FROM information_schema.COLUMNS
           WHERE TABLE_SCHEMA = ? AND TABLE_NAME IN (${placeholders(names.length)})
           ORDER BY TABLE_NAME, ORDINAL_POSITION`,
    params: [schema, ...names],
  });
  const described = new Map<string, SourceTable>();
  if (rows.length === 0) return described;
  const json = await mariadbJsonColumns(query, schema, rows);
  const byTable = groupBy(rows, (r) => r.TABLE_NAME);
  const keyRows = await query<{ TABLE_NAME: string; COLUMN_NAME: string }>({
    sql: `SELECT TABLE_NAME, COLUMN_NAME FROM information_schema.STATISTICS
           WHERE TABLE_SCHEMA = ? AND TABLE_NAME IN (${placeholders(byTable.size)}) AND INDEX_NAME = 'PRIMARY'
           ORDER BY TABLE_NAME, SEQ_IN_INDEX`,
    params: [schema, ...byTable.keys()],
  });
  const keysOf = groupBy(keyRows, (k) => k.TABLE_NAME);
  for (const [found, tableRows] of byTable) {
    // Named as asked: information_schema may compare names without case.
    const table = names.find((n) => n === found) ?? (names.length === 1 ? names[0] : found);
    const columns = tableRows.map((r) => toColumn(r, json.get(found)?.has(r.COLUMN_NAME) ?? false));
    const primaryKey = (keysOf.get(found) ?? []).map(
      (k) => columns.find((c) => c.name === k.COLUMN_NAME) as ColumnSchema,
    );
    described.set(table, { schema, table, columns, primaryKey });
  }
  return described;
}

function toColumn(r: ColumnRow, isJson: boolean): ColumnSchema {
  return {
    name: r.COLUMN_NAME,
    dataType: isJson ? 'json' : r.DATA_TYPE.toLowerCase(),
    columnType: r.COLUMN_TYPE.toLowerCase(),
    nullable: r.IS_NULLABLE === 'YES',
    length: toNumber(r.CHARACTER_MAXIMUM_LENGTH),
    precision: r.DATA_TYPE.toLowerCase() === 'bit' ? bitWidth(r.COLUMN_TYPE) : toNumber(r.NUMERIC_PRECISION),
    scale: toNumber(r.NUMERIC_SCALE ?? r.DATETIME_PRECISION),
    charset: r.CHARACTER_SET_NAME,
    // The lossless default; the extractor sets true where the table keeps booleans.
    ...(/^tinyint\(1\)/i.test(r.COLUMN_TYPE) && { asBoolean: false }),
  };
}

/**
 * MariaDB's JSON is a LONGTEXT with a `json_valid(col)` check, and
 * information_schema calls it longtext. MySQL has a real JSON type, and
 * before 8.0.16 no CHECK_CONSTRAINTS table. Per table name: its JSON columns.
 */
async function mariadbJsonColumns(
  query: Query,
  schema: string,
  columns: ColumnRow[],
): Promise<Map<string, Set<string>>> {
  const json = new Map<string, Set<string>>();
  if (!columns.some((c) => c.DATA_TYPE.toLowerCase() === 'longtext')) return json;
  const checks = await query<{ TABLE_NAME?: string; CHECK_CLAUSE: string }>({
    sql: 'SELECT * FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = ?',
    params: [schema],
  }).catch((error: { code?: string }) => {
    if (error.code === 'ER_UNKNOWN_TABLE') return [];
    throw error;
  });
  for (const k of checks) {
    const name = /^json_valid\(`((?:[^`]|``)+)`\)$/i.exec(k.CHECK_CLAUSE)?.[1]?.replace(/``/g, '`');
    if (name === undefined || k.TABLE_NAME === undefined) continue;
    json.set(k.TABLE_NAME, (json.get(k.TABLE_NAME) ?? new Set()).add(name));
  }
  return json;
}

function bitWidth(columnType: string): number {
  const m = /bit\((\d+)\)/i.exec(columnType);
  return m ? Number(m[1]) : 1;
}
