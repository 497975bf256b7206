import { classify, translate } from './redshift-sql';

describe('Redshift SQL for PostgreSQL', () => {
  it('strips ENCODE, DISTKEY and SORTKEY and remembers them per column', () => {
    const t = translate(
      'CREATE TABLE IF NOT EXISTS "s"."t" ("id" DECIMAL(20,0), "note" VARCHAR(80) ENCODE zstd, "at" TIMESTAMP ENCODE az64, PRIMARY KEY ("id")) ' +
        'DISTKEY ("id") COMPOUND SORTKEY ("at", "id")',
    );
    expect(t.postgres).toBe('CREATE TABLE IF NOT EXISTS "s"."t" ("id" DECIMAL(20,0), "note" VARCHAR(80), "at" TIMESTAMP, PRIMARY KEY ("id"))');
    expect(t.layout).toEqual({ encodings: { note: 'zstd', at: 'az64' }, distKey: ['id'], sortKey: ['at', 'id'] });
  });

  it('reports a VARBYTE column\'s size in information_schema (kept in its domain\'s name)', () => {
    const sql =
      'SELECT column_name, data_type, character_maximum_length, numeric_precision FROM information_schema.columns ' +
      'WHERE table_schema = $1 AND character_maximum_length > 0';
    expect(translate(sql).postgres).toBe(
      'SELECT column_name, data_type, COALESCE(character_maximum_length, CASE WHEN domain_name ~ \'^varbyte_[0-9]+$\' ' +
        'THEN substr(domain_name, 9)::int END) AS character_maximum_length, numeric_precision FROM information_schema.columns ' +
        'WHERE table_schema = $1 AND character_maximum_length > 0',
    );
    expect(translate('SELECT character_maximum_length AS n FROM information_schema.columns').postgres).toMatch(/^SELECT COALESCE\(.*\) AS n FROM/);
  });

  it('never takes a quoted name for syntax', () => {
    const sql = 'CREATE TABLE "ENCODE zstd" ("a) DISTKEY (b" VARCHAR(4), "SORTKEY" INTEGER ENCODE raw)';
    const t = translate(sql);
    expect(t.postgres).toBe('CREATE TABLE "ENCODE zstd" ("a) DISTKEY (b" VARCHAR(4), "SORTKEY" INTEGER)');
    expect(t.layout).toEqual({ encodings: { SORTKEY: 'raw' }, distKey: [], sortKey: [] });
  });

  it('turns VARBYTE(n) into the BYTEA domain of that size and keeps string literals as written', () => {
    const t = translate("ALTER TABLE t ADD COLUMN \"b\" VARBYTE(64) ENCODE zstd, ADD COLUMN c VARBYTE -- 'VARBYTE(1)'");
    expect(t.postgres).toBe('ALTER TABLE t ADD COLUMN "b" public.varbyte_64, ADD COLUMN c public.varbyte_64000 -- \'VARBYTE(1)\'');
    expect(t.varbyteSizes).toEqual([64, 64000]);
    expect(translate("SELECT 'DISTKEY (x) ENCODE zstd' AS v").postgres).toBe("SELECT 'DISTKEY (x) ENCODE zstd' AS v");
  });

  it('finds the statements the proxy carries out itself', () => {
    expect(classify(`COPY "s"."t""x" FROM 's3://b/k.json' IAM_ROLE 'arn' FORMAT AS PARQUET MANIFEST`)).toEqual({
      kind: 'copy-s3',
      table: { text: '"s"."t""x"', name: 't"x' },
      manifest: 's3://b/k.json',
      parquetManifest: true,
    });
    expect(classify('ALTER TABLE "s"."t" ALTER COLUMN "c" TYPE VARCHAR(90)')).toEqual({
      kind: 'alter-column-type',
      table: { text: '"s"."t"', name: 't' },
      column: 'c',
      type: 'VARCHAR(90)',
    });
    expect(classify('CREATE TEMP TABLE "x" (a INTEGER)')).toMatchObject({ kind: 'create-table', table: { name: 'x' }, ifNotExists: false });
    expect(classify('SELECT 1 FROM t FOR UPDATE')).toEqual({ kind: 'unsupported', what: 'SELECT … FOR UPDATE' });
    expect(classify('SELECT \'FOR UPDATE\'')).toEqual({ kind: 'other' });
    expect(classify('INSERT INTO "ON COMMIT DROP" VALUES (1)')).toEqual({ kind: 'other' });
  });
});
