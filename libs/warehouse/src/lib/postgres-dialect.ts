import {
  POSTGRES_IDENTIFIERS,
  postgresTypeOf,
  quotePostgres as q,
  quotePostgresQualified as qq,
} from '@tidemark/schema';
import {
  countRowsSql,
  deleteAllSql,
  ledgerInsertSql,
  ledgerTotalsSql,
  mergeStatements,
  TABLE_EXISTS_SQL,
} from './shared-sql';
import { LEDGER_TABLE, LOAD_ORDER_COLUMN, WarehouseDialect } from './warehouse-dialect';

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

  merge: (t, staging) => mergeStatements(t, staging),

  deleteAll: deleteAllSql,

  ledgerLookup: (schema) => `SELECT manifest_id FROM ${qq(schema, LEDGER_TABLE)} WHERE manifest_id = ANY($1)`,

  ledgerTotals: ledgerTotalsSql,

  tableExists: () => TABLE_EXISTS_SQL,

  countRows: countRowsSql,

  ledgerInsert: ledgerInsertSql,
};
