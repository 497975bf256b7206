import { intColumn } from '../test/int-column.fixture';
import { postgresDialect as d } from './postgres-dialect';
import { TargetTable } from './warehouse-dialect';

const source = intColumn;
const t: TargetTable = {
  schema: 'shop',
  table: 'or"ders',
  columns: [
    { source: source('id'), name: 'id', type: 'INTEGER' },
    { source: source('select'), name: 'select', type: 'INTEGER' },
  ],
  primaryKey: ['id'],
  mode: 'merge',
};

describe('PostgreSQL dialect', () => {
  it('quotes every identifier, reserved words and quotes included', () => {
    expect(d.createTable(t)).toBe(
      'CREATE TABLE IF NOT EXISTS "shop"."or""ders" ("id" INTEGER, "select" INTEGER, PRIMARY KEY ("id"))',
    );
  });
  it('keeps the newest staged version of each key: delete by key, then insert rank 1 by load order', () => {
    expect(d.merge(t, 'stage_1')).toEqual([
      'DELETE FROM "shop"."or""ders" USING "stage_1" s WHERE "shop"."or""ders"."id" = s."id"',
      'INSERT INTO "shop"."or""ders" ("id", "select") SELECT "id", "select" FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY "id" ORDER BY "_tidemark_load_order" DESC) AS _tidemark_rank FROM "stage_1") newest WHERE _tidemark_rank = 1',
    ]);
  });
  it('binds ledger values instead of pasting them', () => {
    expect(d.ledgerInsert('shop')).toBe(
      'INSERT INTO "shop"."_tidemark_loads" (manifest_id, pipeline, table_key, target_table, row_count) VALUES ($1, $2, $3, $4, $5)',
    );
    expect(d.ledgerLookup('shop', 2)).toBe('SELECT manifest_id FROM "shop"."_tidemark_loads" WHERE manifest_id IN ($1, $2)');
  });
  it('locks a fence in EXCLUSIVE mode: other lockers and writers wait, readers do not', () => {
    expect(d.lockFence('shop', 'or"ders$tidemark_fence')).toBe('LOCK TABLE "shop"."or""ders$tidemark_fence" IN EXCLUSIVE MODE');
  });
  it('stages into a temp table numbered by an identity column, filled by COPY with the manifest column list', () => {
    expect(d.createStaging(t, 'stage_1')).toEqual([
      'CREATE TEMP TABLE "stage_1" ("id" INTEGER, "select" INTEGER, "_tidemark_load_order" BIGINT GENERATED ALWAYS AS IDENTITY) ON COMMIT DROP',
    ]);
    expect(d.copyFromStdin('stage_1', ['select', 'id'])).toBe('COPY "stage_1" ("select", "id") FROM STDIN WITH (FORMAT csv)');
    expect(d.dropStaging()).toEqual([]);
    expect(d.sessionSetup()).toEqual(["SET LOCAL TIME ZONE 'UTC'"]);
  });
  it('can leave the primary key out of a new table and add the same constraint once its rows are in', () => {
    expect(d.createTable(t, undefined, undefined, { key: false })).toBe(
      'CREATE TABLE IF NOT EXISTS "shop"."or""ders" ("id" INTEGER, "select" INTEGER)',
    );
    expect(d.addPrimaryKey(t)).toBe('ALTER TABLE "shop"."or""ders" ADD PRIMARY KEY ("id")');
    expect(d.addPrimaryKey(t, 'or"ders$tidemark_new')).toMatch(
      /^ALTER TABLE "shop"\."or""ders\$tidemark_new" ADD CONSTRAINT "or""ders\$tidemark_new\$pk_[0-9a-f]{8}" PRIMARY KEY \("id"\)$/,
    );
    expect(d.addPrimaryKey({ ...t, mode: 'append' })).toBeUndefined();
    expect(d.addPrimaryKey({ ...t, primaryKey: [] })).toBeUndefined();
  });
  it('creates append tables with timestamptz extraction times and no key', () => {
    expect(d.createTable({ ...t, mode: 'append' })).toBe(
      'CREATE TABLE IF NOT EXISTS "shop"."or""ders" ("id" INTEGER, "select" INTEGER, "_tidemark_extracted_at" TIMESTAMPTZ(6), "_tidemark_manifest" VARCHAR(80))',
    );
  });
});
