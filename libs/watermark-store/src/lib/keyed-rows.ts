import { DataSource, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';

/**
 * Reads, locks, writes and inserts one table's rows by key with SQL written once per
 * shape, each value converted by the driver and the column's transformer
 * exactly as TypeORM's repositories convert it. A repository call builds
 * its SQL afresh every time: about 1 ms of CPU each (BENCHMARKS.md,
 * "Watermark service"), most of what a lease call cost. Values are always
 * bound parameters; identifiers are quoted by the driver.
 */
export class KeyedRows<T extends ObjectLiteral> {
  private readonly columns: ColumnMetadata[];
  private readonly table: string;
  private readonly postgres: boolean;
  private readonly sql = new Map<string, string>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly target: EntityTarget<T>,
  ) {
    const metadata = dataSource.getMetadata(target);
    this.columns = metadata.columns;
    this.postgres = dataSource.options.type === 'postgres';
    this.table = metadata.tablePath
      .split('.')
      .map((part) => dataSource.driver.escape(part))
      .join('.');
  }

  private column(property: string): ColumnMetadata {
    const column = this.columns.find((c) => c.propertyName === property);
    if (!column) throw new Error(`${this.table} has no column for ${property}`);
    return column;
  }

  private placeholder(n: number): string {
    return this.postgres ? `$${n}` : '?';
  }

  /** `a = $1 AND b = $2 …` over `properties`, numbered from `first`. */
  private equalities(properties: string[], first: number, separator: string): string {
    return properties
      .map((p, i) => `${this.dataSource.driver.escape(this.column(p).databaseName)} = ${this.placeholder(first + i)}`)
      .join(separator);
  }

  private statement(shape: string, build: () => string): string {
    let text = this.sql.get(shape);
    if (text === undefined) this.sql.set(shape, (text = build()));
    return text;
  }

  private persisted(values: Partial<T>, properties: string[]): unknown[] {
    return properties.map((p) => this.dataSource.driver.preparePersistentValue(values[p], this.column(p)));
  }

  /** The row whose columns equal `key`, as an entity; `lock`: FOR UPDATE (PostgreSQL; SQLite's writers are serial). */
  async find(m: EntityManager, key: Partial<T>, lock = false): Promise<T | null> {
    const properties = Object.keys(key);
    const forUpdate = lock && this.postgres;
    const text = this.statement(`find ${properties.join()} ${forUpdate}`, () => {
      const where = this.equalities(properties, 1, ' AND ');
      return `SELECT * FROM ${this.table} WHERE ${where}${forUpdate ? ' FOR UPDATE' : ''}`;
    });
    const rows = (await m.query(text, this.persisted(key, properties))) as Record<string, unknown>[];
    if (rows.length === 0) return null;
    const entity = this.dataSource.getMetadata(this.target).create() as T;
    for (const c of this.columns) {
      (entity as ObjectLiteral)[c.propertyName] = this.dataSource.driver.prepareHydratedValue(rows[0][c.databaseName], c);
    }
    return entity;
  }

  /** Inserts a row of `values` (a column left out gets its default or generated value). */
  async insert(m: EntityManager, values: Partial<T>): Promise<void> {
    const properties = Object.keys(values).filter((p) => values[p] !== undefined);
    const text = this.statement(`insert ${properties.join()}`, () => {
      const names = properties.map((p) => this.dataSource.driver.escape(this.column(p).databaseName)).join(', ');
      return `INSERT INTO ${this.table} (${names}) VALUES (${properties.map((_, i) => this.placeholder(i + 1)).join(', ')})`;
    });
    await m.query(text, this.persisted(values, properties));
  }

  /** Writes every column of `entity` to its row (found by its primary key). */
  write(m: EntityManager, entity: T): Promise<void> {
    const pick = (primary: boolean) =>
      Object.fromEntries(this.columns.filter((c) => c.isPrimary === primary).map((c) => [c.propertyName, entity[c.propertyName]]));
    return this.update(m, pick(true) as Partial<T>, pick(false) as Partial<T>);
  }

  /** Sets `values` on the rows whose columns equal `key`. */
  async update(m: EntityManager, key: Partial<T>, values: Partial<T>): Promise<void> {
    const keys = Object.keys(key);
    const sets = Object.keys(values);
    const text = this.statement(`update ${keys.join()} ${sets.join()}`, () => {
      const set = this.equalities(sets, 1, ', ');
      return `UPDATE ${this.table} SET ${set} WHERE ${this.equalities(keys, sets.length + 1, ' AND ')}`;
    });
    await m.query(text, [...this.persisted(values, sets), ...this.persisted(key, keys)]);
  }
}
