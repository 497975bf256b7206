import { TidemarkError } from '@tidemark/errors';
import { PostgresFixture, uniqueName } from '@tidemark/testing';
import { ColumnSchema } from '@tidemark/watermark-model';
import { copyFromParquetSql, loadErrorsFilter, loadErrorsSql, redshiftCopyManifest } from './redshift-copy';
import { postgresDialect } from './postgres-dialect';
import { RedshiftDialect } from './redshift-dialect';
import { FENCE_SUFFIX, REPLACEMENT_SUFFIX } from './generated-names';
import { TargetTable } from './warehouse-dialect';

const source = (name: string, dataType = 'int', columnType = 'int(11)'): ColumnSchema => ({
  name,
  dataType,
  columnType,
  nullable: false,
  length: null,
  precision: null,
  scale: null,
  charset: null,
});
const d = new RedshiftDialect();
const table = (schema: string): TargetTable => ({
  schema,
  table: 'or"ders',
  columns: [
    { source: source('id'), name: 'id', type: 'INTEGER' },
    { source: source('select'), name: 'select', type: 'INTEGER' },
    { source: source('doc', 'json', 'json'), name: 'doc', type: 'SUPER' },
  ],
  primaryKey: ['id'],
  mode: 'merge',
});
const t = table('shop');
const ROLE = 'arn:aws:iam::123456789012:role/tidemark-load';

function refusal(f: () => unknown): TidemarkError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(TidemarkError);
    expect((e as TidemarkError).code).toBe('BAD_INPUT');
    return e as TidemarkError;
  }
  throw new Error('expected a refusal');
}

describe('Redshift dialect SQL', () => {
  it('names itself, keeps 127-byte identifiers and maps types with redshiftTypeOf', () => {
    expect(d.name).toBe('redshift');
    expect(d.identifiers.maxBytes).toBe(127);
    expect(d.typeOf(source('doc', 'json', 'json'))).toBe('SUPER');
    const c = { ...source('v', 'varchar', 'varchar(20)'), length: 20, charset: 'utf8mb4' };
    expect(d.typeOf(c)).toBe('VARCHAR(80)');
    expect(new RedshiftDialect({ varcharMode: 'double' }).typeOf(c)).toBe('VARCHAR(40)');
  });

  it('sets the session time zone with SET (Redshift has no SET LOCAL)', () => {
    expect(d.sessionSetup()).toEqual(["SET TIME ZONE 'UTC'"]);
  });

  it('quotes every identifier in CREATE TABLE, reserved words and quotes included; PRIMARY KEY kept', () => {
    expect(d.createSchema('sh"op')).toBe('CREATE SCHEMA IF NOT EXISTS "sh""op"');
    expect(d.createTable(t)).toBe(
      'CREATE TABLE IF NOT EXISTS "shop"."or""ders" ("id" INTEGER, "select" INTEGER, "doc" SUPER, PRIMARY KEY ("id"))',
    );
  });

  it('adds DISTKEY, SORTKEY and ENCODE from the table layout, refusing unknown columns and encodings', () => {
    const keyed: TargetTable = { ...t, layout: { distKey: 'id', sortKey: ['select', 'id'], encode: { doc: 'ZSTD', id: 'az64' } } };
    expect(d.createTable(keyed)).toBe(
      'CREATE TABLE IF NOT EXISTS "shop"."or""ders" ("id" INTEGER ENCODE az64, "select" INTEGER, "doc" SUPER ENCODE zstd, ' +
        'PRIMARY KEY ("id")) DISTKEY ("id") SORTKEY ("select", "id")',
    );
    refusal(() => d.createTable({ ...t, layout: { distKey: 'nope' } }));
    refusal(() => d.createTable({ ...t, layout: { sortKey: ['id', 'nope'] } }));
    refusal(() => d.createTable({ ...t, layout: { encode: { id: "zstd'; DROP TABLE x; --" } } }));
  });

  it('creates an append table without a key and with the manifest and extraction-time columns', () => {
    expect(d.createTable({ ...t, mode: 'append' })).toBe(
      'CREATE TABLE IF NOT EXISTS "shop"."or""ders" ("id" INTEGER, "select" INTEGER, "doc" SUPER, ' +
        '"_tidemark_extracted_at" TIMESTAMPTZ, "_tidemark_manifest" VARCHAR(80))',
    );
    expect(d.appendFromStaging({ ...t, mode: 'append' }, 'stage_1')).toEqual([
      'INSERT INTO "shop"."or""ders" ("id", "select", "doc", "_tidemark_extracted_at", "_tidemark_manifest") ' +
        'SELECT "id", "select", JSON_PARSE("doc") AS "doc", CAST($2 AS TIMESTAMPTZ), CAST($1 AS VARCHAR(80)) FROM "stage_1"',
      'DELETE FROM "stage_1"',
    ]);
  });

  it('creates the ledger with a GETDATE() default (Redshift-only function; executed below with a stand-in)', () => {
    expect(d.createLedger('shop')).toBe(
      'CREATE TABLE IF NOT EXISTS "shop"."_tidemark_loads" (manifest_id VARCHAR(80) PRIMARY KEY, pipeline VARCHAR(64) NOT NULL, ' +
        'table_key VARCHAR(200) NOT NULL, target_table VARCHAR(300) NOT NULL, row_count BIGINT NOT NULL, loaded_at TIMESTAMP NOT NULL DEFAULT GETDATE())',
    );
  });

  it('copies each manifest into a table of exactly its columns in order (JSON as VARCHAR), then stages it with its load order', () => {
    const columns = t.columns.slice().reverse();
    expect(d.createStaging(t, 'stage_1')).toEqual([
      'CREATE TEMP TABLE "stage_1" ("id" INTEGER, "select" INTEGER, "doc" VARCHAR(65535), "_tidemark_load_order" BIGINT NOT NULL)',
    ]);
    expect(d.createCopyTable(columns, 'stage_1_c1')).toBe(
      'CREATE TEMP TABLE "stage_1_c1" ("doc" VARCHAR(65535), "select" INTEGER, "id" INTEGER)',
    );
    // Files written since ADR 0015 end with their manifest's load order: the copy table takes it too.
    expect(d.createCopyTable(columns, 'stage_1_c1', true)).toBe(
      'CREATE TEMP TABLE "stage_1_c1" ("doc" VARCHAR(65535), "select" INTEGER, "id" INTEGER, "_tidemark_load_order" BIGINT NOT NULL)',
    );
    expect(d.stageCopied(t, columns, 'stage_1_c1', 'stage_1')).toEqual([
      'INSERT INTO "stage_1" ("doc", "select", "id", "_tidemark_load_order") SELECT "doc", "select", "id", CAST($1 AS BIGINT) FROM "stage_1_c1"',
      'DROP TABLE "stage_1_c1"',
    ]);
    expect(d.dropStaging('stage_1')).toEqual(['DROP TABLE IF EXISTS "stage_1"']);
  });

  it('stages a batch with one COPY into a table of exactly the files\' columns, the load-order column last, counted per load order', () => {
    const columns = t.columns.slice().reverse();
    expect(d.createBatchStaging(t, columns, 'stage_1')).toBe(
      'CREATE TEMP TABLE "stage_1" ("doc" VARCHAR(65535), "select" INTEGER, "id" INTEGER, "_tidemark_load_order" BIGINT NOT NULL)',
    );
    expect(d.stagedPerLoadOrder(t, 'stage_1')).toBe(
      'SELECT "_tidemark_load_order" AS load_order, COUNT(*) AS row_count FROM "stage_1" GROUP BY "_tidemark_load_order"',
    );
    // A source column named like the load-order column pushes it aside.
    const clash: TargetTable = { ...t, columns: [...t.columns, { source: source('_tidemark_load_order'), name: '_tidemark_load_order', type: 'INTEGER' }] };
    expect(d.createBatchStaging(clash, clash.columns, 's')).toMatch(/"_tidemark_load_order" INTEGER, "_tidemark_load_order_2" BIGINT NOT NULL\)$/);
  });

  it('appends a batch in one INSERT, each row\'s manifest id and extraction time picked by its load order (bound)', () => {
    const appendTable: TargetTable = { ...t, mode: 'append' };
    expect(d.appendBatchFromStaging(appendTable, 'stage_1', 2)).toBe(
      'INSERT INTO "shop"."or""ders" ("id", "select", "doc", "_tidemark_extracted_at", "_tidemark_manifest") ' +
        'SELECT "id", "select", JSON_PARSE("doc") AS "doc", ' +
        'CASE "_tidemark_load_order" WHEN CAST($1 AS BIGINT) THEN CAST($3 AS TIMESTAMPTZ) WHEN CAST($4 AS BIGINT) THEN CAST($6 AS TIMESTAMPTZ) END, ' +
        'CASE "_tidemark_load_order" WHEN CAST($1 AS BIGINT) THEN CAST($2 AS VARCHAR(80)) WHEN CAST($4 AS BIGINT) THEN CAST($5 AS VARCHAR(80)) END ' +
        'FROM "stage_1"',
    );
    expect(() => d.appendBatchFromStaging(appendTable, 'stage_1', 0)).toThrow(RangeError);
  });

  it('merges: delete by key, then insert the newest version per key, JSON_PARSE for SUPER columns', () => {
    expect(d.merge(t, 'stage_1')).toEqual([
      'DELETE FROM "shop"."or""ders" USING "stage_1" s WHERE "shop"."or""ders"."id" = s."id"',
      'INSERT INTO "shop"."or""ders" ("id", "select", "doc") SELECT "id", "select", JSON_PARSE("doc") AS "doc" FROM (' +
        'SELECT *, ROW_NUMBER() OVER (PARTITION BY "id" ORDER BY "_tidemark_load_order" DESC) AS _tidemark_rank ' +
        'FROM "stage_1") newest WHERE _tidemark_rank = 1',
    ]);
  });

  it('builds a full_sync replacement under its own key-constraint name and swaps it in by renames', () => {
    const replacement = d.derivedName(t.table, REPLACEMENT_SUFFIX);
    expect(replacement).toBe('or"ders$tidemark_new');
    const created = d.createTable(t, replacement);
    expect(created).toMatch(
      /^CREATE TABLE IF NOT EXISTS "shop"\."or""ders\$tidemark_new" \("id" INTEGER, "select" INTEGER, "doc" SUPER, CONSTRAINT "or""ders\$tidemark_new\$pk_[0-9a-f]{8}" PRIMARY KEY \("id"\)\)$/,
    );
    expect(d.createTable(t, replacement)).not.toBe(created);
    expect(d.replaceTable(t, replacement, true)).toEqual([
      'ALTER TABLE "shop"."or""ders" RENAME TO "or""ders$tidemark_old"',
      'ALTER TABLE "shop"."or""ders$tidemark_new" RENAME TO "or""ders"',
      'DROP TABLE "shop"."or""ders$tidemark_old"',
    ]);
    expect(d.replaceTable(t, replacement, false)).toEqual(['ALTER TABLE "shop"."or""ders$tidemark_new" RENAME TO "or""ders"']);
    expect(Buffer.byteLength(d.derivedName('x'.repeat(127), REPLACEMENT_SUFFIX))).toBe(127);
  });

  it('adds columns and widens VARCHAR with ALTER TABLE (run outside the load transaction)', () => {
    expect(d.addColumn(t, { name: 'new col', type: 'VARCHAR(80)' })).toBe(
      'ALTER TABLE "shop"."or""ders" ADD COLUMN "new col" VARCHAR(80)',
    );
    expect(d.widenColumn(t, { name: 'select', type: 'VARCHAR(400)' })).toBe(
      'ALTER TABLE "shop"."or""ders" ALTER COLUMN "select" TYPE VARCHAR(400)',
    );
    expect(d.describeColumns()).toBe(
      'SELECT column_name, data_type, character_maximum_length, numeric_precision, numeric_scale ' +
        'FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position',
    );
  });

  it('widens in place only what ALTER COLUMN TYPE accepts: key, dist/sort key and BYTEDICT/RUNLENGTH/TEXT255/TEXT32K columns are rebuilt', () => {
    const laid: TargetTable = {
      ...t,
      columns: ['id', 'dist', 'sort', 'dict', 'run', 't255', 't32k', 'lzo', 'plain'].map((name) => ({
        source: source(name, 'varchar', 'varchar(10)'),
        name,
        type: 'VARCHAR(40)',
      })),
      layout: {
        distKey: 'dist',
        sortKey: ['id', 'sort'],
        encode: { dict: 'BYTEDICT', run: 'runlength', t255: 'text255', t32k: 'text32k', lzo: 'lzo' },
      },
    };
    const refusals = Object.fromEntries(laid.columns.map((c) => [c.name, d.widenInPlaceRefusal(laid, c.name)]));
    expect(refusals).toEqual({
      id: 'it is part of the primary key',
      dist: 'it is the dist key',
      sort: 'it is part of the sort key',
      dict: 'its encoding is bytedict',
      run: 'its encoding is runlength',
      t255: 'its encoding is text255',
      t32k: 'its encoding is text32k',
      lzo: undefined,
      plain: undefined,
    });
    // An append table has no primary key; PostgreSQL widens every column in place.
    expect(d.widenInPlaceRefusal({ ...laid, mode: 'append', layout: undefined }, 'id')).toBeUndefined();
    expect(postgresDialect.widenInPlaceRefusal(laid, 'id')).toBeUndefined();
  });

  it('rebuilds a table with wider columns in the load transaction: same key and layout, rows copied, swapped in by renames', () => {
    const laid: TargetTable = { ...t, layout: { distKey: 'id', sortKey: ['id'], encode: { select: 'bytedict' } } };
    const columns = [
      { name: 'id', type: 'VARCHAR(80)' },
      { name: 'gone', type: 'NUMERIC(12,2)' },
      { name: 'select', type: 'INTEGER' },
      { name: 'doc', type: 'SUPER' },
    ];
    const [drop, create, copy, ...swap] = d.rebuildTable(laid, columns);
    expect(drop).toBe('DROP TABLE IF EXISTS "shop"."or""ders$tidemark_new"');
    expect(create).toMatch(
      /^CREATE TABLE IF NOT EXISTS "shop"\."or""ders\$tidemark_new" \("id" VARCHAR\(80\), "gone" NUMERIC\(12,2\), "select" INTEGER ENCODE bytedict, "doc" SUPER, CONSTRAINT "or""ders\$tidemark_new\$pk_[0-9a-f]{8}" PRIMARY KEY \("id"\)\) DISTKEY \("id"\) SORTKEY \("id"\)$/,
    );
    expect(copy).toBe(
      'INSERT INTO "shop"."or""ders$tidemark_new" ("id", "gone", "select", "doc") SELECT "id", "gone", "select", "doc" FROM "shop"."or""ders"',
    );
    expect(swap).toEqual(d.replaceTable(laid, 'or"ders$tidemark_new', true));
  });

  it('binds ledger and column-map values, one placeholder per id since Redshift has no arrays', () => {
    expect(d.ledgerInsert('shop')).toBe(
      'INSERT INTO "shop"."_tidemark_loads" (manifest_id, pipeline, table_key, target_table, row_count) VALUES ($1, $2, $3, $4, $5)',
    );
    expect(d.ledgerLookup('shop', 1)).toBe('SELECT manifest_id FROM "shop"."_tidemark_loads" WHERE manifest_id IN ($1)');
    expect(d.ledgerLookup('shop', 3)).toBe(
      'SELECT manifest_id FROM "shop"."_tidemark_loads" WHERE manifest_id IN ($1, $2, $3)',
    );
    expect(() => d.ledgerLookup('shop', 0)).toThrow(RangeError);
    expect(d.ledgerTotals('shop')).toBe(
      'SELECT COUNT(*) AS manifests, COALESCE(SUM(row_count), 0) AS row_count FROM "shop"."_tidemark_loads" ' +
        'WHERE pipeline = $1 AND table_key = $2 AND loaded_at > $3',
    );
    expect(d.ledgerOwners('shop')).toBe(
      'SELECT DISTINCT pipeline, table_key FROM "shop"."_tidemark_loads" WHERE target_table = $1 ORDER BY pipeline, table_key',
    );
    expect(d.columnMapInsert('shop')).toBe(
      'INSERT INTO "shop"."_tidemark_columns" (target_table, source_column, target_column, target_type, position) VALUES ($1, $2, $3, $4, $5)',
    );
    expect(d.columnMapRows('shop')).toBe(
      'SELECT target_table, source_column, target_column, target_type, position FROM "shop"."_tidemark_columns" ' +
        'WHERE target_table = $1 ORDER BY position',
    );
    expect(d.tableExists()).toBe('SELECT 1 FROM information_schema.tables WHERE table_schema = $1 AND table_name = $2');
    expect(d.countRows('shop', 'or"ders')).toBe('SELECT COUNT(*) AS row_count FROM "shop"."or""ders"');
  });

  it('writes the ledger and column-map rows of one load in one statement, every value bound', () => {
    expect(d.ledgerInsert('shop', 2)).toBe(
      'INSERT INTO "shop"."_tidemark_loads" (manifest_id, pipeline, table_key, target_table, row_count) ' +
        'VALUES ($1, $2, $3, $4, $5), ($6, $7, $8, $9, $10)',
    );
    expect(d.columnMapInsert('shop', 3)).toMatch(/VALUES \(\$1, \$2, \$3, \$4, \$5\), \(\$6, .*\(\$11, \$12, \$13, \$14, \$15\)$/);
    expect(() => d.ledgerInsert('shop', 0)).toThrow(RangeError);
    expect(d.existingTables(2)).toBe(
      'SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_name IN ($2, $3)',
    );
  });

  it('fences a target with LOCK, the only lock Redshift has, and a conditional UPDATE (ADR 0017)', () => {
    const fence = d.derivedName('or"ders', FENCE_SUFFIX);
    expect(fence).toBe('or"ders$tidemark_fence');
    expect(d.createFence('shop', fence)).toBe(
      'CREATE TABLE IF NOT EXISTS "shop"."or""ders$tidemark_fence" (pipeline VARCHAR(64) NOT NULL, table_key VARCHAR(200) NOT NULL, ' +
        'token BIGINT NOT NULL, committed_token BIGINT, PRIMARY KEY (pipeline, table_key))',
    );
    expect(d.lockFence('shop', fence)).toBe('LOCK "shop"."or""ders$tidemark_fence"');
    expect(d.fenceToken('shop', fence)).toBe(
      'SELECT token, committed_token FROM "shop"."or""ders$tidemark_fence" WHERE pipeline = $1 AND table_key = $2',
    );
    expect(d.fenceInsert('shop', fence)).toBe(
      'INSERT INTO "shop"."or""ders$tidemark_fence" (pipeline, table_key, token) VALUES ($1, $2, $3)',
    );
    expect(d.fenceRaise('shop', fence)).toBe(
      'UPDATE "shop"."or""ders$tidemark_fence" SET token = $3 WHERE pipeline = $1 AND table_key = $2',
    );
    expect(d.fencePass('shop', fence)).toBe(
      'UPDATE "shop"."or""ders$tidemark_fence" SET committed_token = token WHERE pipeline = $1 AND table_key = $2 AND token = $3',
    );
  });
});

describe('Redshift COPY (Redshift-only, not executed)', () => {
  it('writes COPY … IAM_ROLE … FORMAT AS PARQUET MANIFEST with no MAXERROR/ACCEPTANYDATE/REGION', () => {
    const sql = copyFromParquetSql('stage_1_copy', 's3://my-bucket/tidemark/run-1/x.manifest', { iamRole: ROLE });
    expect(sql).toBe(
      `COPY "stage_1_copy" FROM 's3://my-bucket/tidemark/run-1/x.manifest' IAM_ROLE '${ROLE}' FORMAT AS PARQUET MANIFEST`,
    );
    expect(sql).not.toMatch(/MAXERROR|ACCEPTANYDATE|REGION/);
  });

  it('writes COPY with access keys and an optional session token', () => {
    const keys = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
    expect(copyFromParquetSql('s', 's3://my-bucket/m.manifest', keys)).toBe(
      `COPY "s" FROM 's3://my-bucket/m.manifest' ACCESS_KEY_ID 'AKIAIOSFODNN7EXAMPLE' ` +
        `SECRET_ACCESS_KEY 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' FORMAT AS PARQUET MANIFEST`,
    );
    expect(
      copyFromParquetSql('s', 's3://my-bucket/m.manifest', { ...keys, sessionToken: 'FwoGZXIvYXdzEBaaDGV4YW1wbGU=' }),
    ).toBe(
      `COPY "s" FROM 's3://my-bucket/m.manifest' ACCESS_KEY_ID 'AKIAIOSFODNN7EXAMPLE' ` +
        `SECRET_ACCESS_KEY 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' SESSION_TOKEN 'FwoGZXIvYXdzEBaaDGV4YW1wbGU=' FORMAT AS PARQUET MANIFEST`,
    );
  });

  it('refuses a bad ARN, a URI with a quote or backslash, and odd credentials', () => {
    const uri = 's3://my-bucket/m.manifest';
    refusal(() => copyFromParquetSql('s', uri, { iamRole: "arn:aws:iam::123456789012:role/x' --" }));
    refusal(() => copyFromParquetSql('s', uri, { iamRole: 'arn:aws:iam::12345:role/x' }));
    refusal(() => copyFromParquetSql('s', uri, { iamRole: 'arn:aws:iam::123456789012:user/x' }));
    refusal(() => copyFromParquetSql('s', "s3://my-bucket/it's.manifest", { iamRole: ROLE }));
    refusal(() => copyFromParquetSql('s', 's3://my-bucket/a\\b.manifest', { iamRole: ROLE }));
    refusal(() => copyFromParquetSql('s', 'https://my-bucket/m.manifest', { iamRole: ROLE }));
    refusal(() => copyFromParquetSql('s', uri, { accessKeyId: "AKIA'", secretAccessKey: 'x'.repeat(40) }));
    refusal(() =>
      copyFromParquetSql('s', uri, { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: "abc'def".repeat(4) }),
    );
    expect(
      copyFromParquetSql('s', uri, { iamRole: 'arn:aws-cn:iam::123456789012:role/path/to/role+x=y,z.w@v-u' }),
    ).toContain("IAM_ROLE 'arn:aws-cn:iam::123456789012:role/path/to/role+x=y,z.w@v-u'");
  });

  it('writes the manifest JSON with mandatory entries and content_length', () => {
    const body = redshiftCopyManifest([
      { uri: 's3://my-bucket/t/part-0.parquet', bytes: 1234 },
      { uri: 's3://my-bucket/t/part-1.parquet', bytes: 99 },
    ]);
    expect(body).toBe(
      '{"entries":[{"url":"s3://my-bucket/t/part-0.parquet","mandatory":true,"meta":{"content_length":1234}},' +
        '{"url":"s3://my-bucket/t/part-1.parquet","mandatory":true,"meta":{"content_length":99}}]}',
    );
    refusal(() => redshiftCopyManifest([]));
    refusal(() => redshiftCopyManifest([{ uri: 's3://my-bucket/x.parquet', bytes: 0 }]));
    refusal(() => redshiftCopyManifest([{ uri: "s3://my-bucket/x'.parquet", bytes: 1 }]));
  });

  it("reads only this load's errors (its files, since it started) from stl_load_errors, or sys_load_error_detail on Serverless", () => {
    expect(loadErrorsSql()).toBe(
      'SELECT TRIM(filename) AS file_name, line_number, TRIM(colname) AS column_name, err_code AS error_code, ' +
        'TRIM(err_reason) AS error_message FROM stl_load_errors WHERE TRIM(filename) LIKE $1 AND starttime >= $2 ' +
        'ORDER BY starttime DESC LIMIT 10',
    );
    expect(loadErrorsSql({ serverless: true, limit: 5 })).toBe(
      'SELECT TRIM(file_name) AS file_name, line_number, TRIM(column_name) AS column_name, error_code, ' +
        'TRIM(error_message) AS error_message FROM sys_load_error_detail WHERE TRIM(file_name) LIKE $1 AND start_time >= $2 ' +
        'ORDER BY start_time DESC LIMIT 5',
    );
    expect(loadErrorsFilter('s3://b/tidemark/p/c/shop/order_items/', new Date('2025-01-02T03:04:05.678Z'))).toEqual([
      's3://b/tidemark/p/c/shop/order\\_items/%',
      '2025-01-02 03:04:05.678',
    ]);
  });
});

describe('Redshift dialect SQL executed on PostgreSQL (the PostgreSQL-compatible statements)', () => {
  let pg: PostgresFixture;
  let schema: string;

  beforeAll(async () => {
    pg = await PostgresFixture.connect();
    schema = uniqueName('rs"dialect');
    await pg.rows(d.createSchema(schema));
    // Stand-ins for the two Redshift functions the SQL uses, found through search_path.
    const s = `"${schema.replace(/"/g, '""')}"`;
    await pg.rows(`CREATE FUNCTION ${s}.json_parse(text) RETURNS jsonb LANGUAGE sql AS 'SELECT $1::jsonb'`);
    await pg.rows(
      `CREATE FUNCTION ${s}.getdate() RETURNS timestamp LANGUAGE sql AS $$SELECT now() AT TIME ZONE 'UTC'$$`,
    );
    await pg.rows(`SET search_path TO ${s}, public`);
  });
  afterAll(async () => {
    await pg.rows('SET search_path TO DEFAULT');
    await pg.dropSchema(schema);
    await pg.close();
  });

  it('creates a table with a reserved-word column and a quote in its name (no DISTKEY/SORTKEY, no SUPER)', async () => {
    const plain: TargetTable = { ...table(schema), columns: table(schema).columns.slice(0, 2), table: 'pl"ain' };
    await pg.rows(d.createColumnMap(schema));
    await pg.rows(d.columnMapInsert(schema), ['pl"ain', 'Select', 'select', 'INTEGER', 1]);
    expect(await pg.rows(d.columnMapRows(schema), ['pl"ain'])).toEqual([
      { target_table: 'pl"ain', source_column: 'Select', target_column: 'select', target_type: 'INTEGER', position: 1 },
    ]);
    await pg.rows(d.createTable(plain));
    await pg.rows(d.createTable(plain)); // IF NOT EXISTS
    expect(await pg.rows(d.tableExists(), [schema, 'pl"ain'])).toHaveLength(1);
    expect(await pg.rows(d.countRows(schema, 'pl"ain'))).toEqual([{ row_count: '0' }]);
  });

  it('stages two COPY batches, merges the newest version per key and parses JSON (SUPER target stood in by JSONB)', async () => {
    const target = table(schema);
    const qt = `"${schema.replace(/"/g, '""')}"."or""ders"`;
    await pg.rows(`CREATE TABLE ${qt} ("id" INTEGER, "select" INTEGER, "doc" JSONB, PRIMARY KEY ("id"))`);
    await pg.rows(`INSERT INTO ${qt} VALUES (1, 0, '{"old":true}'), (9, 9, '{"kept":true}')`);
    const staging = uniqueName('stage');
    for (const sql of d.createStaging(target, staging)) await pg.rows(sql);
    // What COPY would put in each manifest's copy table (by position, in the file's column order).
    const batch = async (order: number, values: string) => {
      const copyTable = `${staging}_c${order}`;
      await pg.rows(d.createCopyTable(target.columns, copyTable));
      await pg.rows(`INSERT INTO "${copyTable}" VALUES ${values}`);
      const [move, drop] = d.stageCopied(target, target.columns, copyTable, staging);
      await pg.rows(move, [order]);
      await pg.rows(drop);
    };
    await batch(1, `(1, 10, '{"v":1}'), (2, 20, '{"v":2}')`);
    await batch(2, `(1, 11, '{"v":11}')`);
    for (const sql of d.merge(target, staging)) await pg.rows(sql);
    expect(await pg.rows(`SELECT "id", "select", "doc" FROM ${qt} ORDER BY "id"`)).toEqual([
      { id: 1, select: 11, doc: { v: 11 } },
      { id: 2, select: 20, doc: { v: 2 } },
      { id: 9, select: 9, doc: { kept: true } },
    ]);
    for (const sql of d.dropStaging(staging)) await pg.rows(sql);
    expect(await pg.rows(d.tableExists(), ['pg_temp', staging])).toHaveLength(0);
  });

  it('swaps a full_sync replacement in twice in a row (key-constraint names never collide)', async () => {
    const plain: TargetTable = { ...table(schema), columns: table(schema).columns.slice(0, 2), table: 'sw"ap' };
    const replacement = d.derivedName(plain.table, REPLACEMENT_SUFFIX);
    for (const [round, exists] of [[1, false], [2, true], [3, true]] as const) {
      await pg.rows('BEGIN');
      await pg.rows(d.dropTable(schema, replacement));
      await pg.rows(d.createTable(plain, replacement));
      await pg.rows(`INSERT INTO "${schema.replace(/"/g, '""')}"."${replacement.replace(/"/g, '""')}" VALUES ($1, $1)`, [round]);
      for (const sql of d.replaceTable(plain, replacement, exists)) await pg.rows(sql);
      await pg.rows('COMMIT');
    }
    expect(await pg.rows(`SELECT "id" FROM "${schema.replace(/"/g, '""')}"."sw""ap"`)).toEqual([{ id: 3 }]);
    expect(await pg.rows(d.tableExists(), [schema, replacement])).toHaveLength(0);
  });

  it('rebuilds a table with a wider key column keeping its rows, and finds the views that would block the swap', async () => {
    const narrow: TargetTable = { ...table(schema), columns: table(schema).columns.slice(0, 2), table: 're"build' };
    const qt = `"${schema.replace(/"/g, '""')}"."re""build"`;
    await pg.rows(d.createTable(narrow));
    await pg.rows(`INSERT INTO ${qt} VALUES (1, 10), (2, 20)`);
    const wide = [
      { name: 'id', type: 'BIGINT' },
      { name: 'select', type: 'INTEGER' },
    ];
    await pg.rows('BEGIN');
    for (const sql of d.rebuildTable(narrow, wide)) await pg.rows(sql);
    await pg.rows('COMMIT');
    expect(await pg.rows(`SELECT "id"::text AS id, "select" FROM ${qt} ORDER BY 1`)).toEqual([
      { id: '1', select: 10 },
      { id: '2', select: 20 },
    ]);
    expect(await pg.rows(d.describeColumns(), [schema, 're"build'])).toMatchObject([{ column_name: 'id', data_type: 'bigint' }, { column_name: 'select' }]);
    expect(await pg.rows(d.primaryKeyColumns(), [schema, 're"build'])).toEqual([{ column_name: 'id' }]);
    expect(await pg.rows(d.dependentViews(), [schema, 're"build'])).toEqual([]);
    await pg.rows(`CREATE VIEW "${schema.replace(/"/g, '""')}"."v""iew" AS SELECT "id" FROM ${qt}`);
    expect(await pg.rows(d.dependentViews(), [schema, 're"build'])).toEqual([{ view_schema: schema, view_name: 'v"iew' }]);
  });

  it('appends every staged version with its manifest id and extraction time', async () => {
    const appendTable: TargetTable = { ...table(schema), table: 'app"end', mode: 'append' };
    const qt = `"${schema.replace(/"/g, '""')}"."app""end"`;
    await pg.rows(
      `CREATE TABLE ${qt} ("id" INTEGER, "select" INTEGER, "doc" JSONB, "_tidemark_extracted_at" TIMESTAMPTZ, "_tidemark_manifest" VARCHAR(80))`,
    );
    const staging = uniqueName('stage');
    for (const sql of d.createStaging(appendTable, staging)) await pg.rows(sql);
    const [insert, clear] = d.appendFromStaging(appendTable, staging);
    for (const [manifest, v] of [['m-1', 1], ['m-2', 2]] as const) {
      await pg.rows(`INSERT INTO "${staging}" VALUES (1, ${v}, '{"v":${v}}', ${v})`);
      await pg.rows(insert, [manifest, `2025-01-0${v} 00:00:00+00`]);
      await pg.rows(clear);
    }
    expect(
      await pg.rows(`SELECT "id", "select", "doc", "_tidemark_manifest" AS m FROM ${qt} ORDER BY "select"`),
    ).toEqual([
      { id: 1, select: 1, doc: { v: 1 }, m: 'm-1' },
      { id: 1, select: 2, doc: { v: 2 }, m: 'm-2' },
    ]);
  });

  it('merges and appends a batch staged by one COPY: newest load order per key, manifest id and time by load order', async () => {
    const s = `"${schema.replace(/"/g, '""')}"`;
    const merged: TargetTable = { ...table(schema), table: 'batch_merge' };
    const appended: TargetTable = { ...table(schema), table: 'batch_append', mode: 'append' };
    await pg.rows(`CREATE TABLE ${s}."batch_merge" ("id" INTEGER PRIMARY KEY, "select" INTEGER, "doc" JSONB)`);
    await pg.rows(`INSERT INTO ${s}."batch_merge" VALUES (1, 0, '{}'), (9, 9, '{}')`);
    await pg.rows(
      `CREATE TABLE ${s}."batch_append" ("id" INTEGER, "select" INTEGER, "doc" JSONB, "_tidemark_extracted_at" TIMESTAMPTZ, "_tidemark_manifest" VARCHAR(80))`,
    );
    const staging = uniqueName('batch');
    await pg.rows(d.createBatchStaging(merged, merged.columns, staging));
    // What one COPY of three manifests' files puts there: load orders beyond 2^53 (BIGINT, bound as text).
    const [a, b, c] = ['9007199254740993', '9007199254740994', '9007199254741000'];
    await pg.rows(`INSERT INTO "${staging}" VALUES (1, 10, '{}', ${a}), (2, 20, '{}', ${a}), (1, 11, '{}', ${b}), (2, 22, '{}', ${c}), (1, 12, '{}', ${c})`);
    expect(await pg.rows(d.stagedPerLoadOrder(merged, staging) + ' ORDER BY 1')).toEqual([
      { load_order: a, row_count: '2' },
      { load_order: b, row_count: '1' },
      { load_order: c, row_count: '2' },
    ]);
    for (const sql of d.merge(merged, staging)) await pg.rows(sql);
    expect(await pg.rows(`SELECT "id", "select" FROM ${s}."batch_merge" ORDER BY 1`)).toEqual([
      { id: 1, select: 12 },
      { id: 2, select: 22 },
      { id: 9, select: 9 },
    ]);
    const params = [a, 'm-a', '2025-01-01 00:00:00+00', b, 'm-b', '2025-01-02 00:00:00+00', c, 'm-c', '2025-01-03 00:00:00+00'];
    await pg.rows(d.appendBatchFromStaging(appended, staging, 3), params);
    expect(
      await pg.rows(`SELECT "id", "select", "_tidemark_manifest" AS m, "_tidemark_extracted_at"::date::text AS at FROM ${s}."batch_append" ORDER BY 2`),
    ).toEqual([
      { id: 1, select: 10, m: 'm-a', at: '2025-01-01' },
      { id: 1, select: 11, m: 'm-b', at: '2025-01-02' },
      { id: 1, select: 12, m: 'm-c', at: '2025-01-03' },
      { id: 2, select: 20, m: 'm-a', at: '2025-01-01' },
      { id: 2, select: 22, m: 'm-c', at: '2025-01-03' },
    ]);
  });

  it('creates the ledger (GETDATE stood in), inserts, looks up with one placeholder per id and totals', async () => {
    await pg.rows(d.createLedger(schema));
    await pg.rows(d.ledgerInsert(schema, 2), ['m-1', 'p', 'db.t', `${schema}.t`, 5, 'm-2', 'p', 'db.t', `${schema}.t`, 7]);
    const found = await pg.rows<{ manifest_id: string }>(d.ledgerLookup(schema, 3), ['m-1', 'm-2', 'm-3']);
    expect(found.map((r) => r.manifest_id).sort()).toEqual(['m-1', 'm-2']);
    expect(await pg.rows(d.ledgerTotals(schema), ['p', 'db.t', '2000-01-01 00:00:00'])).toEqual([
      { manifests: '2', row_count: '12' },
    ]);
    await pg.rows(d.ledgerInsert(schema), ['m-3', 'q', 'db.T', `${schema}.t`, 1]);
    expect(await pg.rows(d.ledgerOwners(schema), [`${schema}.t`])).toEqual([
      { pipeline: 'p', table_key: 'db.t' },
      { pipeline: 'q', table_key: 'db.T' },
    ]);
  });
});
