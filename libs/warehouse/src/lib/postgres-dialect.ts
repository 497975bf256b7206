import {
  POSTGRES_IDENTIFIERS,
  postgresTypeOf,
  quotePostgres as q,
  quotePostgresQualified as qq,
} from '@tidemark/schema';
import { LEDGER_TABLE, LOAD_ORDER_COLUMN, TargetTable, WarehouseDialect } from './warehouse-dialect';

const columnList = (t: TargetTable) => t.columns.map((c) => q(c.name)).join(', ');

export const postgresDialect: WarehouseDialect = {
  name: 'postgres',
  identifiers: POSTGRES_IDENTIFIERS,
  typeOf: postgresTypeOf,

  createSchema: (schema) => `CREATE SCHEMA IF NOT EXISTS ${q(schema)}`,

  createTable(t) {
    const cols = t.columns.map((c) => `${q(c.name)} ${c.type}`);
    cols.push(`PRIMARY KEY (${t.primaryKey.map(q).join(', ')})`);
    return `CREATE TABLE IF NOT EXISTS ${qq(t.schema, t.table)} (${cols.join(', ')})`;
  },

  createLedger: (schema) =>
    `CREATE TABLE IF NOT EXISTS ${qq(schema, LEDGER_TABLE)} (` +
    `manifest_id VARCHAR(80) PRIMARY KEY, pipeline VARCHAR(64) NOT NULL, table_key VARCHAR(200) NOT NULL, ` +
    `target_table VARCHAR(300) NOT NULL, row_count BIGINT NOT NULL, loaded_at TIMESTAMPTZ NOT NULL DEFAULT now())`,

  createStaging(t, staging) {
    const cols = t.columns.map((c) => `${q(c.name)} ${c.type}`);
    return [
      `CREATE TEMP SEQUENCE ${q(staging + '_seq')}`,
      `CREATE TEMP TABLE ${q(staging)} (${cols.join(', ')}, ` +
        `${q(LOAD_ORDER_COLUMN)} BIGINT NOT NULL DEFAULT nextval('${q(staging + '_seq').replace(/'/g, "''")}')) ON COMMIT DROP`,
    ];
  },

  merge(t, staging) {
    const keys = t.primaryKey.map(q);
    const target = qq(t.schema, t.table);
    const matches = keys.map((k) => `${target}.${k} = s.${k}`).join(' AND ');
    return [
      `DELETE FROM ${target} USING ${q(staging)} s WHERE ${matches}`,
      `INSERT INTO ${target} (${columnList(t)}) SELECT ${columnList(t)} FROM (` +
        `SELECT *, ROW_NUMBER() OVER (PARTITION BY ${keys.join(', ')} ORDER BY ${q(LOAD_ORDER_COLUMN)} DESC) AS _tidemark_rank ` +
        `FROM ${q(staging)}) newest WHERE _tidemark_rank = 1`,
    ];
  },

  deleteAll: (t) => `DELETE FROM ${qq(t.schema, t.table)}`,

  ledgerLookup: (schema) => `SELECT manifest_id FROM ${qq(schema, LEDGER_TABLE)} WHERE manifest_id = ANY($1)`,

  ledgerTotals: (schema) =>
    `SELECT COUNT(*) AS manifests, COALESCE(SUM(row_count), 0) AS row_count FROM ${qq(schema, LEDGER_TABLE)} ` +
    `WHERE pipeline = $1 AND table_key = $2 AND loaded_at > $3`,

  tableExists: () => 'SELECT 1 FROM information_schema.tables WHERE table_schema = $1 AND table_name = $2',

  countRows: (schema, table) => `SELECT COUNT(*) AS row_count FROM ${qq(schema, table)}`,

  ledgerInsert: (schema) =>
    `INSERT INTO ${qq(schema, LEDGER_TABLE)} (manifest_id, pipeline, table_key, target_table, row_count) ` +
    `VALUES ($1, $2, $3, $4, $5)`,
};
