import { DataSource, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { PreparedQueries } from './prepared-query';

/** In a record written by `updateAndRecord`: the value of this column of the row the UPDATE changed. */
export class FromChanged<T> {
  constructor(readonly property: keyof T & string) {}
}

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
  /** The table, quoted by the driver. */
  readonly table: string;
  private readonly postgres: boolean;
  private readonly sql = new Map<string, string>();
  private readonly prepared: PreparedQueries | null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly target: EntityTarget<T>,
  ) {
    const metadata = dataSource.getMetadata(target);
    this.columns = metadata.columns;
    this.postgres = dataSource.options.type === 'postgres';
    this.prepared = this.postgres ? new PreparedQueries(dataSource) : null;
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

  /** The column of `property`, quoted by the driver. */
  name(property: string): string {
    return this.dataSource.driver.escape(this.column(property).databaseName);
  }

  private placeholder(n: number): string {
    return this.postgres ? `$${n}` : '?';
  }

  /** `a = $1 AND b = $2 …` over `properties`, numbered from `first`. */
  private equalities(properties: string[], first: number, separator: string): string {
    return properties.map((p, i) => `${this.name(p)} = ${this.placeholder(first + i)}`).join(separator);
  }

  private statement(shape: string, build: () => string): string {
    let text = this.sql.get(shape);
    if (text === undefined) this.sql.set(shape, (text = build()));
    return text;
  }

  /** The rows `text` returns: a prepared statement on PostgreSQL. */
  private send(m: EntityManager, text: string, params: unknown[]): Promise<Record<string, unknown>[]> {
    return this.prepared ? this.prepared.run(m, text, params) : m.query(text, params);
  }

  private persisted(values: Partial<T>, properties: string[]): unknown[] {
    return properties.map((p) => this.persist(values, p));
  }

  /** `values[property]` as the driver binds it (converted as a repository converts it). */
  persist(values: Partial<T>, property: string): unknown {
    return this.dataSource.driver.preparePersistentValue(values[property], this.column(property));
  }

  /** The row whose columns equal `key`, as an entity; `lock`: FOR UPDATE (PostgreSQL; SQLite's writers are serial). */
  async find(m: EntityManager, key: Partial<T>, lock = false): Promise<T | null> {
    const properties = Object.keys(key);
    const forUpdate = lock && this.postgres;
    const text = this.statement(`find ${properties.join()} ${forUpdate}`, () => {
      const where = this.equalities(properties, 1, ' AND ');
      // Named columns, not *: a prepared SELECT * fails once a migration adds a column.
      const columns = this.columns.map((c) => this.name(c.propertyName)).join(', ');
      return `SELECT ${columns} FROM ${this.table} WHERE ${where}${forUpdate ? ' FOR UPDATE' : ''}`;
    });
    const rows = await this.send(m, text, this.persisted(key, properties));
    if (rows.length === 0) return null;
    const entity = this.dataSource.getMetadata(this.target).create() as T;
    return Object.assign(
      entity,
      this.hydrated(
        rows[0],
        this.columns.map((c) => c.propertyName),
      ),
    );
  }

  /** Inserts a row of `values` (a column left out gets its default or generated value). */
  async insert(m: EntityManager, values: Partial<T>): Promise<void> {
    const properties = Object.keys(values).filter((p) => values[p] !== undefined);
    const text = this.statement(`insert ${properties.join()}`, () => this.insertSql(properties));
    await this.send(m, text, this.persisted(values, properties));
  }

  private insertSql(properties: string[]): string {
    const names = properties.map((p) => this.name(p)).join(', ');
    return `INSERT INTO ${this.table} (${names}) VALUES (${properties.map((_, i) => this.placeholder(i + 1)).join(', ')})`;
  }

  /** `entity`'s primary key columns (`primary`) or the others, by property. */
  pick(entity: T, primary: boolean): Partial<T> {
    return Object.fromEntries(
      this.columns.filter((c) => c.isPrimary === primary).map((c) => [c.propertyName, entity[c.propertyName]]),
    ) as Partial<T>;
  }

  /** Writes every column of `entity` to its row (found by its primary key). */
  write(m: EntityManager, entity: T): Promise<void> {
    return this.update(m, this.pick(entity, true), this.pick(entity, false));
  }

  /**
   * Writes every column of `entity` to its row and inserts `record` into
   * `records`: one statement on PostgreSQL (`updateAndRecord`), two on SQLite.
   */
  async writeAndRecord<R extends ObjectLiteral>(
    m: EntityManager,
    entity: T,
    records: KeyedRows<R>,
    record: Partial<R>,
  ): Promise<void> {
    if (!this.postgres) {
      await this.write(m, entity);
      await records.insert(m, record);
      return;
    }
    await this.updateAndRecord(m, this.pick(entity, true), this.pick(entity, false), records, record);
  }

  /** Inserts a row of `values` unless one with the same unique key is there; whether it did. */
  async insertIfAbsent(m: EntityManager, values: Partial<T>): Promise<boolean> {
    const properties = Object.keys(values).filter((p) => values[p] !== undefined);
    const key = this.name((this.columns.find((c) => c.isPrimary) as ColumnMetadata).propertyName);
    const text = this.statement(
      `insert-if-absent ${properties.join()}`,
      () => `${this.insertSql(properties)} ON CONFLICT DO NOTHING RETURNING ${key}`,
    );
    const inserted = await this.send(m, text, this.persisted(values, properties));
    return inserted.length === 1;
  }

  /** `UPDATE … SET` `sets` `WHERE` `keys`, placeholders numbered from 1. */
  private updateSql(keys: string[], sets: string[]): string {
    const set = this.equalities(sets, 1, ', ');
    return `UPDATE ${this.table} SET ${set} WHERE ${this.equalities(keys, sets.length + 1, ' AND ')}`;
  }

  /** Sets `values` on the rows whose columns equal `key`. */
  async update(m: EntityManager, key: Partial<T>, values: Partial<T>): Promise<void> {
    const keys = Object.keys(key);
    const sets = Object.keys(values);
    const text = this.statement(`update ${keys.join()} ${sets.join()}`, () => this.updateSql(keys, sets));
    await this.send(m, text, [...this.persisted(values, sets), ...this.persisted(key, keys)]);
  }

  /**
   * PostgreSQL: sets `values` on the rows whose columns equal `key` (a key
   * may name any columns, so it can also require a row to be unchanged since
   * it was read) and inserts a row of `record` into `records` for each row
   * changed, in ONE statement: one round trip, and outside a transaction one
   * commit, where an UPDATE and an INSERT in a transaction take four. A
   * record value given as `FromChanged` is taken from the changed row.
   * Returns the records written (one per row changed), with those values.
   */
  async updateAndRecord<R extends ObjectLiteral>(
    m: EntityManager,
    key: Partial<T>,
    values: Partial<T>,
    records: KeyedRows<R>,
    record: { [P in keyof R]?: R[P] | FromChanged<T> },
  ): Promise<Partial<R>[]> {
    if (!this.postgres) throw new Error('updateAndRecord needs PostgreSQL (a data-modifying WITH)');
    const keys = Object.keys(key);
    const sets = Object.keys(values);
    const fields = Object.keys(record);
    const given = fields.filter((f) => !(record[f] instanceof FromChanged));
    const text = this.statement(
      `update-record ${keys.join()} ${sets.join()} ${records.table} ${fields.join()} ${given.join()}`,
      () => {
        const changedColumn = (f: string) => this.name((record[f] as FromChanged<T>).property);
        const first = keys.length + sets.length + 1;
        const select = fields.map((f) =>
          given.includes(f) ? this.placeholder(first + given.indexOf(f)) : changedColumn(f),
        );
        const returning = fields.filter((f) => !given.includes(f)).map(changedColumn);
        const names = fields.map((f) => records.name(f));
        return (
          `WITH changed AS (${this.updateSql(keys, sets)} RETURNING ${returning.length ? returning.join(', ') : '1'}) ` +
          `INSERT INTO ${records.table} (${names.join(', ')}) SELECT ${select.join(', ')} FROM changed RETURNING ${names.join(', ')}`
        );
      },
    );
    const params = [
      ...this.persisted(values, sets),
      ...this.persisted(key, keys),
      ...records.persisted(record as Partial<R>, given),
    ];
    const rows = await this.send(m, text, params);
    return rows.map((row) => records.hydrated(row, fields));
  }

  private hydrated(row: Record<string, unknown>, properties: string[]): Partial<T> {
    const columns = properties.map((p) => this.column(p));
    return Object.fromEntries(
      columns.map((c) => [c.propertyName, this.dataSource.driver.prepareHydratedValue(row[c.databaseName], c)]),
    ) as Partial<T>;
  }
}
