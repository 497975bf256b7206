import { digestRows, TableDigest } from './table-digest';
import { MysqlFixture } from './mysql-fixture';

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

  /** The source table's digest, in warehouse column names (renamed by `mapped`, source name → warehouse name). */
  async sourceDigest(name: string, mapped: Map<string, string>): Promise<TableDigest> {
    const columns = this.columns(name);
    const rows = await this.db.rows(`SELECT ${columns.map((c) => `\`${c}\``).join(', ')} FROM \`${name}\``);
    const renamed = rows.map((r) => Object.fromEntries(columns.map((c) => [mapped.get(c) ?? c, r[c]])));
    return digestRows(renamed, columns.map((c) => mapped.get(c) ?? c));
  }

  /** The same digest of the warehouse table `schema.name`, read with `rows` (PostgreSQL or the Redshift emulator). */
  async warehouseDigest(
    rows: (sql: string) => Promise<Record<string, unknown>[]>,
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
