import { digestRows, TableDigest } from './table-digest';
import { MysqlFixture } from './mysql-fixture';

/** Runs a query on the warehouse (PostgreSQL or the Redshift emulator). */
export type WarehouseRows = (sql: string, params?: unknown[]) => Promise<Record<string, unknown>[]>;

/**
 * Source tables named like the names Tidemark writes into its own SQL
 * (aliases, temporary and generated columns): for each name, a table of that
 * name whose key column has that name too, and which has a column named
 * like every other one. The cursor column is `updated_at`.
 */
export class HostileTables {
  constructor(
    private readonly db: MysqlFixture,
    /** Every name the generated SQL uses, lower case, distinct. */
    readonly names: string[],
  ) {}

  /** Source column names of the table named `name`: its key first. */
  columns(name: string): string[] {
    return [name, 'updated_at', ...this.names.filter((n) => n !== name)];
  }

  async create(name: string): Promise<void> {
    const [key, cursor, ...others] = this.columns(name).map((c) => `\`${c}\``);
    await this.db.exec(
      `CREATE TABLE \`${name}\` (${key} INT PRIMARY KEY, ${cursor} DATETIME(6) NOT NULL, ${others.map((c) => `${c} VARCHAR(40)`).join(', ')})`,
    );
  }

  /** Rows of these keys, every text column holding its own name and the key. */
  async insert(name: string, keys: number[], at: string): Promise<void> {
    const columns = this.columns(name);
    const rows = keys.map((key) => [key, at, ...columns.slice(2).map((c) => `${c}-${key}`)]);
    await this.db.insert(name, columns, rows);
  }

  async update(name: string, key: number, at: string): Promise<void> {
    const texts = this.columns(name).slice(2);
    await this.db.exec(
      `UPDATE \`${name}\` SET \`updated_at\` = ?, ${texts.map((c) => `\`${c}\` = ?`).join(', ')} WHERE \`${name}\` = ?`,
      [at, ...texts.map((c) => `${c}-${key}-changed`), key],
    );
  }

  /** Keys 1, 9, 10 synced, then 9 changed and 100 added and synced again: the second load merges through staging. */
  async mergeTwice<T>(name: string, sync: () => Promise<T>): Promise<T> {
    await this.insert(name, [1, 9, 10], '2025-01-01 00:00:00');
    await sync();
    await this.update(name, 9, '2025-01-02 00:00:00');
    await this.insert(name, [100], '2025-01-02 00:00:00');
    return sync();
  }

  /** Keys 2 and 20 synced, then 200 added and synced: no key changes, so an append target equals the source. */
  async appendTwice(name: string, sync: () => Promise<unknown>): Promise<void> {
    await this.insert(name, [2, 20], '2025-01-03 00:00:00');
    await sync();
    await this.insert(name, [200], '2025-01-04 00:00:00');
    await sync();
  }

  /** Source column → warehouse column of `name`, as its loads recorded them in `schema`. */
  async columnMap(rows: WarehouseRows, schema: string, name: string): Promise<Map<string, string>> {
    const found = await rows(
      `SELECT source_column, target_column FROM "${schema}"."_tidemark_columns" WHERE target_table = $1`,
      [name],
    );
    return new Map(found.map((r) => [String(r['source_column']), String(r['target_column'])]));
  }

  /** The source table's digest, in warehouse column names (renamed by `mapped`, source name → warehouse name). */
  async sourceDigest(name: string, mapped: Map<string, string>): Promise<TableDigest> {
    const columns = this.columns(name);
    const rows = await this.db.rows(`SELECT ${columns.map((c) => `\`${c}\``).join(', ')} FROM \`${name}\``);
    const renamed = rows.map((r) => Object.fromEntries(columns.map((c) => [mapped.get(c) ?? c, r[c]])));
    return digestRows(renamed, columns.map((c) => mapped.get(c) ?? c));
  }

  /** The same digest of the warehouse table `schema.name`, read with `rows` (PostgreSQL or the Redshift emulator). */
  async warehouseDigest(
    rows: WarehouseRows,
    schema: string,
    name: string,
    mapped: Map<string, string>,
  ): Promise<TableDigest> {
    const columns = this.columns(name).map((c) => mapped.get(c) ?? c);
    const select = columns.map((c) =>
      c === 'updated_at' ? `to_char("updated_at", 'YYYY-MM-DD HH24:MI:SS.US') AS "updated_at"` : `"${c}"`,
    );
    return digestRows(await rows(`SELECT ${select.join(', ')} FROM "${schema}"."${name}"`), columns);
  }
}
