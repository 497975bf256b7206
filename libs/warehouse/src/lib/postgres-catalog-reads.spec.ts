import { PostgresFixture, uniqueName } from '@tidemark/testing';
import { BaseDialect } from './base-dialect';
import { postgresDialect } from './postgres-dialect';

/** What the base dialect (Redshift's too) asks information_schema, for comparison. */
const informationSchema = {
  describeColumns: () => BaseDialect.prototype.describeColumns.call(postgresDialect),
  primaryKeyColumns: () => BaseDialect.prototype.primaryKeyColumns.call(postgresDialect),
};

/**
 * PostgreSQL answers the loader's table reads from pg_catalog (a fraction of
 * information_schema's cost per call, ADR 0035); the answers must be the
 * ones information_schema gives, for every kind of column Tidemark creates
 * and a few it does not.
 */
describe('PostgreSQL dialect: columns and primary key read from pg_catalog', () => {
  let pg: PostgresFixture;
  const schema = uniqueName('tm_catalog');

  beforeAll(async () => {
    pg = await PostgresFixture.connect();
    await pg.client.query(`CREATE SCHEMA "${schema}"`);
    await pg.client.query(`CREATE DOMAIN "${schema}".money4 AS NUMERIC(12,4)`);
    await pg.client.query(`CREATE TYPE "${schema}".mood AS ENUM ('ok', 'sad')`);
    await pg.client.query(
      `CREATE TABLE "${schema}"."or""ders" (b INTEGER NOT NULL, "select" BIGINT, a NUMERIC(20,0) NOT NULL, ` +
        `d NUMERIC(12,2), n NUMERIC, v VARCHAR(64), c CHAR(3), tx TEXT, ts TIMESTAMP(6), tz TIMESTAMPTZ(3), ` +
        `dt DATE, tm TIME, f4 REAL, f8 DOUBLE PRECISION, s SMALLINT, bo BOOLEAN, js JSONB, by BYTEA, ` +
        `arr INTEGER[], m "${schema}".money4, e "${schema}".mood, gone INT, PRIMARY KEY (a, b))`,
    );
    await pg.client.query(`ALTER TABLE "${schema}"."or""ders" DROP COLUMN gone`);
    await pg.client.query(`CREATE TABLE "${schema}".plain (id INT)`);
  });

  afterAll(async () => {
    await pg?.dropSchema(schema);
    await pg?.close();
  });

  for (const table of ['or"ders', 'plain', 'missing']) {
    it(`describes ${table}'s columns as information_schema.columns does`, async () => {
      const expected = await pg.rows(informationSchema.describeColumns(), [schema, table]);
      expect(await pg.rows(postgresDialect.describeColumns(), [schema, table])).toEqual(expected);
      expect(postgresDialect.describeColumns()).toContain('pg_catalog.pg_attribute');
    });

    it(`names ${table}'s primary key columns as information_schema does, in key order`, async () => {
      const expected = await pg.rows(informationSchema.primaryKeyColumns(), [schema, table]);
      const actual = await pg.rows<{ column_name: string }>(postgresDialect.primaryKeyColumns(), [schema, table]);
      expect(actual).toEqual(expect.arrayContaining(expected));
      expect(actual).toHaveLength(expected.length);
      expect(postgresDialect.primaryKeyColumns()).toContain('pg_catalog.pg_index');
    });
  }

  it('lists the key in its declared order', async () => {
    expect(await pg.rows(postgresDialect.primaryKeyColumns(), [schema, 'or"ders'])).toEqual([
      { column_name: 'a' },
      { column_name: 'b' },
    ]);
  });
});
