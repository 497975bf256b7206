import { randomBytes } from 'node:crypto';
import {
  IdentifierRules,
  TargetColumn,
  quotePostgres as q,
  quotePostgresQualified as qq,
  truncateBytes,
} from '@tidemark/schema';
import { ColumnSchema } from '@tidemark/watermark-model';
import {
  COLUMN_MAP_TABLE,
  EXTRACTED_AT_COLUMN,
  LEDGER_TABLE,
  MANIFEST_COLUMN,
  TargetTable,
  WarehouseColumn,
  WarehouseDialect,
} from './warehouse-dialect';
import { KEY_CONSTRAINT_SUFFIX, loadOrderColumn, mergeNames, REPLACEMENT_SUFFIX, RETIRED_SUFFIX } from './generated-names';

const names = (columns: { name: string }[]) => columns.map((c) => q(c.name)).join(', ');

/** `($1, …, $width), ($width+1, …)`: placeholders for `rows` rows of `width` bound values. */
function valueRows(rows: number, width: number, what: string): string {
  if (!Number.isSafeInteger(rows) || rows < 1) throw new RangeError(`${what} needs at least one row, got ${rows}`);
  return Array.from(
    { length: rows },
    (_, r) => `(${Array.from({ length: width }, (_, c) => `$${r * width + c + 1}`).join(', ')})`,
  ).join(', ');
}

/**
 * The SQL PostgreSQL and Redshift write alike; each dialect overrides what
 * differs (types, staging, layout, JSON). Values are always bound.
 */
export abstract class BaseDialect implements WarehouseDialect {
  abstract readonly name: 'postgres' | 'redshift';
  abstract readonly identifiers: IdentifierRules;
  abstract typeOf(column: ColumnSchema): string;
  abstract createStaging(t: TargetTable, staging: string): string[];
  abstract dropStaging(staging: string): string[];
  /** The ledger's load-time column type and default. */
  protected abstract readonly ledgerTime: string;
  /** Type of append mode's extraction-time column. */
  protected abstract readonly timestampType: string;

  abstract sessionSetup(): string[];
  abstract lockFence(schema: string, fence: string): string;

  /** What the INSERT selects from staging for a column (Redshift parses JSON here). */
  protected selectColumn(c: TargetColumn): string {
    return q(c.name);
  }

  /** Column definition in CREATE TABLE (Redshift adds ENCODE). */
  protected columnDefinition(_t: TargetTable, c: WarehouseColumn): string {
    return `${q(c.name)} ${c.type}`;
  }

  /** After the column list (Redshift adds DISTKEY / SORTKEY). */
  protected tableOptions(_t: TargetTable): string {
    return '';
  }

  createSchema(schema: string): string {
    return `CREATE SCHEMA IF NOT EXISTS ${q(schema)}`;
  }

  warehouseColumns(t: TargetTable): WarehouseColumn[] {
    const columns: WarehouseColumn[] = t.columns.map((c) => ({ name: c.name, type: c.type }));
    if (t.mode === 'append') {
      columns.push({ name: EXTRACTED_AT_COLUMN, type: this.timestampType }, { name: MANIFEST_COLUMN, type: 'VARCHAR(80)' });
    }
    return columns;
  }

  createTable(t: TargetTable, name = t.table, columns = this.warehouseColumns(t), { key = true } = {}): string {
    const cols = columns.map((c) => this.columnDefinition(t, c));
    const constraint = key ? this.keyConstraint(t, name) : undefined;
    if (constraint) cols.push(constraint);
    return `CREATE TABLE IF NOT EXISTS ${qq(t.schema, name)} (${cols.join(', ')})${this.tableOptions(t)}`;
  }

  addPrimaryKey(t: TargetTable, name = t.table): string | undefined {
    const constraint = this.keyConstraint(t, name);
    return constraint && `ALTER TABLE ${qq(t.schema, name)} ADD ${constraint}`;
  }

  /**
   * Append mode keeps every version, so it has no primary key. A replacement
   * gets a key constraint of a new name each time: the automatic name would
   * collide with the one the previous replacement left on the live table.
   */
  private keyConstraint(t: TargetTable, name: string): string | undefined {
    if (t.mode === 'append' || t.primaryKey.length === 0) return undefined;
    const unique = `${KEY_CONSTRAINT_SUFFIX}${randomBytes(4).toString('hex')}`;
    const constraint = name === t.table ? '' : `CONSTRAINT ${q(this.derivedName(name, unique))} `;
    return `${constraint}PRIMARY KEY (${t.primaryKey.map(q).join(', ')})`;
  }

  /** `table` + suffix, shortened to fit the identifier limit. */
  derivedName(table: string, suffix: string): string {
    return truncateBytes(table, this.identifiers.maxBytes - Buffer.byteLength(suffix)) + suffix;
  }

  dropTable(schema: string, table: string): string {
    return `DROP TABLE IF EXISTS ${qq(schema, table)}`;
  }

  describeColumns(): string {
    return (
      'SELECT column_name, data_type, character_maximum_length, numeric_precision, numeric_scale ' +
      'FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position'
    );
  }

  addColumn(t: TargetTable, c: WarehouseColumn): string {
    return `ALTER TABLE ${qq(t.schema, t.table)} ADD COLUMN ${this.columnDefinition(t, c)}`;
  }

  widenColumn(t: TargetTable, c: WarehouseColumn): string {
    return `ALTER TABLE ${qq(t.schema, t.table)} ALTER COLUMN ${q(c.name)} TYPE ${c.type}`;
  }

  /** PostgreSQL widens any column in place. */
  widenInPlaceRefusal(_t: TargetTable, _column: string): string | undefined {
    return undefined;
  }

  rebuildTable(t: TargetTable, columns: WarehouseColumn[]): string[] {
    const replacement = this.derivedName(t.table, REPLACEMENT_SUFFIX);
    return [
      this.dropTable(t.schema, replacement),
      this.createTable(t, replacement, columns),
      `INSERT INTO ${qq(t.schema, replacement)} (${names(columns)}) SELECT ${names(columns)} FROM ${qq(t.schema, t.table)}`,
      ...this.replaceTable(t, replacement, true),
    ];
  }

  /** Late-binding views (Redshift WITH NO SCHEMA BINDING) have no dependency row and do not block a swap. */
  dependentViews(): string {
    return (
      'SELECT DISTINCT vn.nspname AS view_schema, v.relname AS view_name FROM pg_class t ' +
      'JOIN pg_namespace tn ON tn.oid = t.relnamespace JOIN pg_depend d ON d.refobjid = t.oid ' +
      'JOIN pg_rewrite r ON r.oid = d.objid JOIN pg_class v ON v.oid = r.ev_class ' +
      'JOIN pg_namespace vn ON vn.oid = v.relnamespace ' +
      'WHERE tn.nspname = $1 AND t.relname = $2 AND v.oid <> t.oid ORDER BY 1, 2'
    );
  }

  /**
   * Binlog changes (t.changes) rank by their binlog order, rows of plain
   * manifests (no order) below them (the loader never loads a plain manifest
   * after a change manifest in one load); the newest change of a key is
   * inserted unless it is a delete. Every staged key is deleted first, so an
   * insert of a key the target holds (a replay) replaces it, and a delete of
   * a key it lacks changes nothing.
   */
  merge(t: TargetTable, staging: string, into = t.table): string[] {
    const keys = t.primaryKey.map(q);
    const target = qq(t.schema, into);
    const { staged, newest, rank } = mergeNames(t, staging, into);
    const matches = keys.map((k) => `${target}.${k} = ${staged}.${k}`).join(' AND ');
    const loadOrder = `${q(loadOrderColumn(t))} DESC`;
    const order = t.changes ? `${q(t.changes.order.name)} DESC NULLS LAST, ${loadOrder}` : loadOrder;
    const operation = t.changes && q(t.changes.operation.name);
    const notDeleted = operation ? ` AND (${operation} IS NULL OR ${operation} <> 'delete')` : '';
    return [
      `DELETE FROM ${target} USING ${q(staging)} ${staged} WHERE ${matches}`,
      `INSERT INTO ${target} (${names(t.columns)}) SELECT ${t.columns.map((c) => this.selectColumn(c)).join(', ')} FROM (` +
        `SELECT *, ROW_NUMBER() OVER (PARTITION BY ${keys.join(', ')} ORDER BY ${order}) AS ${rank} ` +
        `FROM ${q(staging)}) ${newest} WHERE ${rank} = 1${notDeleted}`,
    ];
  }

  appendFromStaging(t: TargetTable, staging: string): string[] {
    const select = t.columns.map((c) => this.selectColumn(c)).join(', ');
    return [
      `INSERT INTO ${qq(t.schema, t.table)} (${names(t.columns)}, ${q(EXTRACTED_AT_COLUMN)}, ${q(MANIFEST_COLUMN)}) ` +
        `SELECT ${select}, CAST($2 AS ${this.timestampType}), CAST($1 AS VARCHAR(80)) FROM ${q(staging)}`,
      `DELETE FROM ${q(staging)}`,
    ];
  }

  appendBatchFromStaging(t: TargetTable, staging: string, manifests: number): string {
    if (!Number.isSafeInteger(manifests) || manifests < 1) {
      throw new RangeError(`an append of staged manifests needs at least one manifest, got ${manifests}`);
    }
    const order = q(loadOrderColumn(t));
    const pick = (offset: number, type: string) =>
      `CASE ${order} ${Array.from({ length: manifests }, (_, i) => `WHEN CAST($${3 * i + 1} AS BIGINT) THEN CAST($${3 * i + offset} AS ${type})`).join(' ')} END`;
    return (
      `INSERT INTO ${qq(t.schema, t.table)} (${names(t.columns)}, ${q(EXTRACTED_AT_COLUMN)}, ${q(MANIFEST_COLUMN)}) ` +
      `SELECT ${t.columns.map((c) => this.selectColumn(c)).join(', ')}, ${pick(3, this.timestampType)}, ${pick(2, 'VARCHAR(80)')} FROM ${q(staging)}`
    );
  }

  anyRow(schema: string, table: string): string {
    return `SELECT 1 FROM ${qq(schema, table)} LIMIT 1`;
  }

  /** DELETE, not TRUNCATE: TRUNCATE commits the open transaction on Redshift. */
  deleteAll(t: TargetTable): string {
    return `DELETE FROM ${qq(t.schema, t.table)}`;
  }

  replaceTable(t: TargetTable, replacement: string, targetExists: boolean): string[] {
    const old = this.derivedName(t.table, RETIRED_SUFFIX);
    const statements = [`ALTER TABLE ${qq(t.schema, replacement)} RENAME TO ${q(t.table)}`];
    if (!targetExists) return statements;
    return [
      `ALTER TABLE ${qq(t.schema, t.table)} RENAME TO ${q(old)}`,
      ...statements,
      `DROP TABLE ${qq(t.schema, old)}`,
    ];
  }

  createLedger(schema: string): string {
    return (
      `CREATE TABLE IF NOT EXISTS ${qq(schema, LEDGER_TABLE)} (` +
      `manifest_id VARCHAR(80) PRIMARY KEY, pipeline VARCHAR(64) NOT NULL, table_key VARCHAR(200) NOT NULL, ` +
      `target_table VARCHAR(300) NOT NULL, row_count BIGINT NOT NULL, loaded_at ${this.ledgerTime})`
    );
  }

  ledgerLookup(schema: string, count: number): string {
    if (!Number.isSafeInteger(count) || count < 1) {
      throw new RangeError(`a ledger lookup needs at least one manifest id, got ${count}`);
    }
    const placeholders = Array.from({ length: count }, (_, i) => `$${i + 1}`).join(', ');
    return `SELECT manifest_id FROM ${qq(schema, LEDGER_TABLE)} WHERE manifest_id IN (${placeholders})`;
  }

  ledgerInsert(schema: string, rows = 1): string {
    return (
      `INSERT INTO ${qq(schema, LEDGER_TABLE)} (manifest_id, pipeline, table_key, target_table, row_count) ` +
      `VALUES ${valueRows(rows, 5, 'a ledger insert')}`
    );
  }

  ledgerOwners(schema: string): string {
    return `SELECT DISTINCT pipeline, table_key FROM ${qq(schema, LEDGER_TABLE)} WHERE target_table = $1 ORDER BY pipeline, table_key`;
  }

  ledgerTotals(schema: string): string {
    return (
      `SELECT COUNT(*) AS manifests, COALESCE(SUM(row_count), 0) AS row_count FROM ${qq(schema, LEDGER_TABLE)} ` +
      `WHERE pipeline = $1 AND table_key = $2 AND loaded_at > $3`
    );
  }

  createColumnMap(schema: string): string {
    return (
      `CREATE TABLE IF NOT EXISTS ${qq(schema, COLUMN_MAP_TABLE)} (` +
      `target_table VARCHAR(300) NOT NULL, source_column VARCHAR(300) NOT NULL, target_column VARCHAR(300) NOT NULL, ` +
      `target_type VARCHAR(100) NOT NULL, position INTEGER NOT NULL, PRIMARY KEY (target_table, source_column))`
    );
  }

  columnMapRows(schema: string): string {
    return `${this.columnMapAll(schema)} WHERE target_table = $1 ORDER BY position`;
  }

  columnMapAll(schema: string): string {
    return `SELECT target_table, source_column, target_column, target_type, position FROM ${qq(schema, COLUMN_MAP_TABLE)}`;
  }

  columnMapDelete(schema: string): string {
    return `DELETE FROM ${qq(schema, COLUMN_MAP_TABLE)} WHERE target_table = $1`;
  }

  columnMapInsert(schema: string, rows = 1): string {
    return (
      `INSERT INTO ${qq(schema, COLUMN_MAP_TABLE)} (target_table, source_column, target_column, target_type, position) ` +
      `VALUES ${valueRows(rows, 5, 'a column map insert')}`
    );
  }

  createFence(schema: string, fence: string): string {
    return (
      `CREATE TABLE IF NOT EXISTS ${qq(schema, fence)} (pipeline VARCHAR(64) NOT NULL, table_key VARCHAR(200) NOT NULL, ` +
      `token BIGINT NOT NULL, committed_token BIGINT, PRIMARY KEY (pipeline, table_key))`
    );
  }

  fenceToken(schema: string, fence: string): string {
    return `SELECT token, committed_token FROM ${qq(schema, fence)} WHERE pipeline = $1 AND table_key = $2`;
  }

  fenceInsert(schema: string, fence: string): string {
    return `INSERT INTO ${qq(schema, fence)} (pipeline, table_key, token) VALUES ($1, $2, $3)`;
  }

  fenceRaise(schema: string, fence: string): string {
    return `UPDATE ${qq(schema, fence)} SET token = $3 WHERE pipeline = $1 AND table_key = $2`;
  }

  fencePass(schema: string, fence: string): string {
    return `UPDATE ${qq(schema, fence)} SET committed_token = token WHERE pipeline = $1 AND table_key = $2 AND token = $3`;
  }

  existingTables(count: number): string {
    return (
      `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ` +
      `AND table_name IN (${Array.from({ length: count }, (_, i) => `$${i + 2}`).join(', ')})`
    );
  }

  tableExists(): string {
    return 'SELECT 1 FROM information_schema.tables WHERE table_schema = $1 AND table_name = $2';
  }

  primaryKeyColumns(): string {
    return (
      'SELECT k.column_name FROM information_schema.table_constraints c ' +
      'JOIN information_schema.key_column_usage k ON k.constraint_schema = c.constraint_schema AND k.constraint_name = c.constraint_name ' +
      'AND k.table_schema = c.table_schema AND k.table_name = c.table_name ' +
      "WHERE c.constraint_type = 'PRIMARY KEY' AND c.table_schema = $1 AND c.table_name = $2"
    );
  }

  countRows(schema: string, table: string): string {
    return `SELECT COUNT(*) AS row_count FROM ${qq(schema, table)}`;
  }
}
