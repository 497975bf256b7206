import { TableConfig, TidemarkConfig } from '@tidemark/config';
import { makeTempDir, MysqlFixture } from '@tidemark/testing';
import { copyManifestOf } from '../test/copy-manifest.fixture';
import { SyncHarness } from '../test/sync-harness.fixture';
import { EmulatedRedshiftWorld, redshiftWarehouse } from '../test/emulated-redshift-world.fixture';
import { RedshiftEmulator } from '../test/redshift-emulator.fixture';
import { testConfig } from '../test/test-config.fixture';

const ROLE = 'arn:aws:iam::123456789012:role/tidemark-load';

describe('Redshift loads (dialect SQL run on the Redshift emulator, files on the real S3 server)', () => {
  let world: EmulatedRedshiftWorld;
  let db: MysqlFixture;
  let dir: ReturnType<typeof makeTempDir>;
  let emulator: RedshiftEmulator;
  let bucket: string;

  const configFor = (
    tables: TableConfig[],
    redshift: Partial<NonNullable<TidemarkConfig['warehouse']['redshift']>> = {},
  ) => {
    const base = testConfig({ dir: dir.path, objectStore: 's3', bucket });
    return {
      ...base,
      warehouse: redshiftWarehouse(redshift),
      pipelines: { default: { name: 'default', connection: 'default', tables } },
    } as TidemarkConfig;
  };
  const table = (name: string, more: Partial<TableConfig> = {}) => world.table(name, more);
  const target = (name: string, columns: string) =>
    emulator.rows<Record<string, string | null>>(`SELECT ${columns} FROM "${db.database}"."${name}" ORDER BY 1, 2`);

  beforeAll(async () => {
    world = await EmulatedRedshiftWorld.open('tm_rs');
    ({ db, dir, emulator, bucket } = world);
    await db.exec(
      `CREATE TABLE orders (id BIGINT UNSIGNED PRIMARY KEY, updated_at DATETIME(6) NOT NULL, name VARCHAR(20),
        amount DECIMAL(12,2), paid TINYINT(1), doc JSON, seen TIMESTAMP(6) NULL) CHARACTER SET utf8mb4`,
    );
  });

  afterAll(async () => {
    await world?.close();
  });

  it('merges through COPY … FROM a COPY manifest on S3, with the statements Redshift needs, in order', async () => {
    await db.exec(
      `INSERT INTO orders VALUES (18446744073709551615, '2025-01-01 00:00:00.000001', 'größe 😀', 12.34, 1, '{"a":[1,2]}', '2025-01-01 00:00:00'),
        (2, '2025-01-01 00:00:00.000001', 'b', -0.01, 0, NULL, NULL)`,
    );
    const ctx = await SyncHarness.onEmulator(
      configFor([table('orders', { tinyint1: 'boolean', redshift: { distKey: 'id', sortKey: ['updated_at'] } })]),
      emulator,
    );
    try {
      await ctx.syncTable('default', `${db.database}.orders`);
      // The first load creates the table with its key and layout; later loads find it.
      expect(emulator.statements).toContainEqual(
        expect.stringMatching(
          /^CREATE TABLE IF NOT EXISTS .*"orders" \("id" DECIMAL\(20,0\), "updated_at" TIMESTAMP, "name" VARCHAR\(80\), "amount" DECIMAL\(12,2\), "paid" BOOLEAN, "doc" SUPER, "seen" TIMESTAMPTZ, PRIMARY KEY \("id"\)\) DISTKEY \("id"\) SORTKEY \("updated_at"\)$/,
        ),
      );
      await db.exec("UPDATE orders SET name = 'b2', updated_at = '2025-01-02 00:00:00' WHERE id = 2");
      emulator.statements.length = 0;
      const second = await ctx.syncTable('default', `${db.database}.orders`);
      expect(second.load?.rowsStaged).toBe(1);
      const s = emulator.statements;
      const at = (re: RegExp) => s.findIndex((x) => re.test(x));
      const copy = s[at(/^COPY /)];
      expect(copy).toMatch(
        new RegExp(
          `^COPY "_tidemark_stage_[0-9a-f]{8}" FROM 's3://${bucket}/.+\\.copy-manifest\\.json' IAM_ROLE '${ROLE}' FORMAT AS PARQUET MANIFEST$`,
        ),
      );
      const order = [
        /^SET TIME ZONE 'UTC'$/,
        // One COPY straight into a staging table of exactly the files' columns, the load order last.
        /^CREATE TEMP TABLE "_tidemark_stage_\w+" \("id" DECIMAL\(20,0\), "updated_at" TIMESTAMP, "name" VARCHAR\(80\), "amount" DECIMAL\(12,2\), "paid" BOOLEAN, "doc" VARCHAR\(65535\), "seen" TIMESTAMPTZ, "_tidemark_load_order" BIGINT NOT NULL\)$/,
        /^COPY /,
        /^SELECT "_tidemark_load_order" AS load_order, COUNT\(\*\) AS row_count FROM "_tidemark_stage_\w+" GROUP BY "_tidemark_load_order"$/,
        /^DELETE FROM .*"orders" USING "_tidemark_stage_\w+" s WHERE .*"orders"\."id" = s\."id"$/,
        /^INSERT INTO .*"orders" .* JSON_PARSE\("doc"\) AS "doc".*_tidemark_rank = 1$/,
        /^DROP TABLE IF EXISTS "_tidemark_stage_\w+"$/,
        /^INSERT INTO .*"_tidemark_loads" /,
      ];
      const positions = order.map(at);
      expect(order.filter((_, i) => positions[i] < 0).map(String)).toEqual([]);
      expect([...positions].sort((a, b) => a - b)).toEqual(positions);

      // The COPY manifest names exactly the manifest's file with its size.
      const copyManifest = await copyManifestOf(ctx.store(), copy);
      expect(copyManifest.entries).toHaveLength(1);
      expect(copyManifest.entries[0]).toMatchObject({ mandatory: true, meta: { content_length: expect.any(Number) } });
    } finally {
      await ctx.close();
    }
    expect(
      await target('orders', `id::text, updated_at::text, name, amount::text, paid::text, doc::text, seen::text`),
    ).toEqual([
      {
        id: '18446744073709551615',
        updated_at: '2025-01-01 00:00:00.000001',
        name: 'größe 😀',
        amount: '12.34',
        paid: 'true',
        doc: '{"a": [1, 2]}',
        seen: '2025-01-01 00:00:00+00',
      },
      { id: '2', updated_at: '2025-01-02 00:00:00', name: 'b2', amount: '-0.01', paid: 'false', doc: null, seen: null },
    ]);
  });

  it('loads TINYINT(1) as SMALLINT by default: 5 stays 5', async () => {
    await db.exec('CREATE TABLE flags (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL, f TINYINT(1))');
    await db.exec("INSERT INTO flags VALUES (1, '2025-01-01 00:00:00', 5)");
    const ctx = await SyncHarness.onEmulator(configFor([table('flags')]), emulator);
    try {
      await ctx.syncTable('default', `${db.database}.flags`);
      expect(emulator.statements.some((x) => /CREATE TABLE .*"flags" .*"f" SMALLINT/.test(x))).toBe(true);
      expect(await target('flags', 'id, f::text')).toEqual([{ id: 1, f: '5' }]);
    } finally {
      await ctx.close();
    }
  });

  it('keeps a TINYINT(1) column already BOOLEAN in the warehouse BOOLEAN when the option is gone', async () => {
    await db.exec('CREATE TABLE kept (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL, f TINYINT(1))');
    await db.exec("INSERT INTO kept VALUES (1, '2025-01-01 00:00:00', 1)");
    const before = await SyncHarness.onEmulator(configFor([table('kept', { tinyint1: 'boolean' })]), emulator);
    try {
      await before.syncTable('default', `${db.database}.kept`);
    } finally {
      await before.close();
    }
    await db.exec("INSERT INTO kept VALUES (2, '2025-01-02 00:00:00', 0)");
    const after = await SyncHarness.onEmulator(configFor([table('kept')]), emulator);
    try {
      await after.syncTable('default', `${db.database}.kept`);
      expect(await target('kept', 'id, f::text')).toEqual([
        { id: 1, f: 'true' },
        { id: 2, f: 'false' },
      ]);
    } finally {
      await after.close();
    }
  });

  it('appends every version with its manifest and extraction time', async () => {
    await db.exec('CREATE TABLE events (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL, v VARCHAR(10))');
    await db.exec("INSERT INTO events VALUES (1, '2025-01-01 00:00:00', 'a')");
    const ctx = await SyncHarness.onEmulator(configFor([table('events', { loadMode: 'append' })]), emulator);
    try {
      const first = await ctx.syncTable('default', `${db.database}.events`);
      await db.exec("UPDATE events SET v = 'b', updated_at = '2025-01-02 00:00:00' WHERE id = 1");
      await ctx.syncTable('default', `${db.database}.events`);
      const rows = await target(
        'events',
        `id, v, "_tidemark_manifest" AS m, "_tidemark_extracted_at" IS NOT NULL AS at`,
      );
      expect(rows.map((r) => [r['id'], r['v'], r['at']])).toEqual([
        [1, 'a', true],
        [1, 'b', true],
      ]);
      expect(rows[0]['m']).toBe(first.extract?.manifestIds[0]);
      expect(emulator.statements.some((x) => /PRIMARY KEY/.test(x) && /"events"/.test(x))).toBe(false);
    } finally {
      await ctx.close();
    }
  });

  it('swaps a full_sync snapshot in by renames, so rows deleted at the source leave the target', async () => {
    await db.exec('CREATE TABLE dims (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL, v VARCHAR(10))');
    await db.exec("INSERT INTO dims VALUES (1, NOW(6), 'a'), (2, NOW(6), 'b'), (3, NOW(6), 'c')");
    const ctx = await SyncHarness.onEmulator(configFor([table('dims', { strategy: 'full_sync' })]), emulator);
    try {
      await ctx.syncTable('default', `${db.database}.dims`);
      await db.exec('DELETE FROM dims WHERE id = 2');
      emulator.statements.length = 0;
      const result = await ctx.syncTable('default', `${db.database}.dims`);
      expect(result.load?.replaced).toBe(true);
      const renames = emulator.statements.filter(
        (x) => /RENAME TO/.test(x) || x.startsWith(`DROP TABLE "${db.database}"`),
      );
      expect(renames).toEqual([
        `ALTER TABLE "${db.database}"."dims" RENAME TO "dims$tidemark_old"`,
        `ALTER TABLE "${db.database}"."dims$tidemark_new" RENAME TO "dims"`,
        `DROP TABLE "${db.database}"."dims$tidemark_old"`,
      ]);
    } finally {
      await ctx.close();
    }
    expect((await target('dims', 'id, v')).map((r) => r['id'])).toEqual([1, 3]);
  });

  it('widens a VARCHAR key column by rebuilding the table in the load transaction; a view bound to it stops the load first', async () => {
    await db.exec(
      'CREATE TABLE codes (code VARCHAR(10) PRIMARY KEY, updated_at DATETIME(6) NOT NULL, label VARCHAR(10)) CHARACTER SET utf8mb4',
    );
    await db.exec("INSERT INTO codes VALUES ('a', '2025-01-01', 'x'), ('b', '2025-01-01', 'y')");
    const config = configFor([table('codes', { redshift: { sortKey: ['code'], encode: { label: 'lzo' } } })]);
    const ctx = await SyncHarness.onEmulator(config, emulator);
    const columnTypes = () =>
      emulator.rows(
        `SELECT column_name, character_maximum_length AS n FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'codes' ORDER BY ordinal_position`,
        [db.database],
      );
    try {
      await ctx.syncTable('default', `${db.database}.codes`);
      await db.exec('ALTER TABLE codes MODIFY code VARCHAR(20), MODIFY label VARCHAR(20)');
      await db.exec("INSERT INTO codes VALUES ('long-code-of-20-ch', '2025-01-02', 'z')");
      const view = `"${db.database}"."code_list"`;
      await emulator.rows(`CREATE VIEW ${view} AS SELECT code FROM "${db.database}"."codes"`);
      await expect(ctx.syncTable('default', `${db.database}.codes`)).rejects.toThrow(
        new RegExp(
          `${db.database}\\.codes must be rebuilt to widen column code from VARCHAR\\(40\\) to VARCHAR\\(80\\) \\(it is part of the primary key\\).*` +
            `view\\(s\\) ${db.database}\\.code_list depend on the table and would block the swap: drop them, run the load again, then recreate them .*Nothing was changed`,
        ),
      );
      expect(await columnTypes()).toEqual([
        { column_name: 'code', n: 40 },
        { column_name: 'updated_at', n: null },
        { column_name: 'label', n: 40 },
      ]);
      await emulator.rows(`DROP VIEW ${view}`);
      emulator.statements.length = 0;
      const result = await ctx.syncTable('default', `${db.database}.codes`, { extract: false });
      expect(result.load).toMatchObject({ rebuilt: true, columnsWidened: ['code', 'label'], rowsStaged: 1 });
      const s = emulator.statements;
      // label is widened in place before the transaction; code only by the rebuild inside it.
      expect(s.filter((x) => / ALTER COLUMN /.test(x))).toEqual([
        `ALTER TABLE "${db.database}"."codes" ALTER COLUMN "label" TYPE VARCHAR(80)`,
      ]);
      const begin = s.indexOf("SET TIME ZONE 'UTC'");
      const at = (re: RegExp) => s.findIndex((x, i) => i > begin && re.test(x));
      const order = [
        /^DROP TABLE IF EXISTS .*"codes\$tidemark_new"$/,
        /^CREATE TABLE IF NOT EXISTS .*"codes\$tidemark_new" \("code" VARCHAR\(80\), "updated_at" TIMESTAMP, "label" VARCHAR\(80\) ENCODE lzo, CONSTRAINT .* PRIMARY KEY \("code"\)\) SORTKEY \("code"\)$/,
        /^INSERT INTO .*"codes\$tidemark_new" \("code", "updated_at", "label"\) SELECT "code", "updated_at", "label" FROM .*"codes"$/,
        /RENAME TO "codes\$tidemark_old"$/,
        /RENAME TO "codes"$/,
        /^DROP TABLE .*"codes\$tidemark_old"$/,
        /^COPY /,
        /^INSERT INTO .*"_tidemark_loads" /,
      ];
      const positions = order.map(at);
      expect(order.filter((_, i) => positions[i] < 0).map(String)).toEqual([]);
      expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    } finally {
      await ctx.close();
    }
    expect(await columnTypes()).toEqual([
      { column_name: 'code', n: 80 },
      { column_name: 'updated_at', n: null },
      { column_name: 'label', n: 80 },
    ]);
    expect(await target('codes', 'code, label')).toEqual([
      { code: 'a', label: 'x' },
      { code: 'b', label: 'y' },
      { code: 'long-code-of-20-ch', label: 'z' },
    ]);
  });

  it('adds the COPY errors Redshift logged to the failure message, and commits nothing', async () => {
    await db.exec(
      'CREATE TABLE notes (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL, txt VARCHAR(4)) CHARACTER SET utf8mb4',
    );
    await db.exec("INSERT INTO notes VALUES (1, '2025-01-01 00:00:00', '😀😀😀😀')");
    // Extracted without Redshift's byte check, then loaded with the old tool's 2 × n sizing: 16 bytes into VARCHAR(8).
    const extractCtx = await SyncHarness.open({
      ...configFor([table('notes')]),
      warehouse: { type: 'postgres', url: 'postgres://unused' },
    });
    await extractCtx.syncTable('default', `${db.database}.notes`, { load: false });
    await extractCtx.close();
    const ctx = await SyncHarness.onEmulator(configFor([table('notes')], { varcharMode: 'double' }), emulator);
    try {
      await expect(ctx.syncTable('default', `${db.database}.notes`, { extract: false })).rejects.toThrow(
        /nothing was committed: Value too long for character type \(load errors: s3:\/\/.*\.parquet line 1, column txt: Value too long for character type \(code 1204\)\)/,
      );
    } finally {
      await ctx.close();
    }
    expect(
      await emulator.rows(`SELECT 1 FROM information_schema.tables WHERE table_schema = $1 AND table_name = 'notes'`, [
        db.database,
      ]),
    ).toEqual([]);
  });

  it('stops an extraction whose text would not fit Redshift VARCHAR, naming the row; truncates when configured', async () => {
    await db.exec(
      'CREATE TABLE docs (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL, body MEDIUMTEXT) CHARACTER SET utf8mb4',
    );
    await db.exec("INSERT INTO docs VALUES (1, '2025-01-01', 'short'), (2, '2025-01-01', REPEAT('é', 40000))");
    const failing = await SyncHarness.onEmulator(configFor([table('docs')]), emulator);
    try {
      await expect(failing.syncTable('default', `${db.database}.docs`)).rejects.toThrow(
        /column body of the row with id=2 holds 80000 bytes, but its warehouse column holds at most 65535 bytes/,
      );
    } finally {
      await failing.close();
    }
    const cutting = await SyncHarness.onEmulator(configFor([table('docs', { oversizeText: 'truncate' })]), emulator);
    try {
      await cutting.syncTable('default', `${db.database}.docs`);
    } finally {
      await cutting.close();
    }
    expect(await target('docs', 'id, octet_length(body) AS bytes')).toEqual([
      { id: 1, bytes: 5 },
      { id: 2, bytes: 65534 },
    ]);
  });
});
