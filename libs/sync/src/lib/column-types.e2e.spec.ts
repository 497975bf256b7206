import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { TABLE_DEFAULTS } from '@tidemark/config';
import { DuckdbSession, duckdbString } from '@tidemark/parquet';
import { makeTempDir, MysqlFixture, PostgresFixture, RealServers } from '@tidemark/testing';
import { SyncHarness } from '../test/sync-harness.fixture';
import { testConfig } from '../test/test-config.fixture';
import { byColumn, CASES, createTypeTable, kindOf, mismatches, ROWS, Values } from '../test/column-type-cases.fixture';

describe('column types end to end: MariaDB → Parquet → PostgreSQL (local object store)', () => {
  let servers: RealServers;
  let db: MysqlFixture;
  let pg: PostgresFixture;
  let dir: ReturnType<typeof makeTempDir>;
  let ctx: SyncHarness;
  let source: Values;
  const table = 'all_types';

  beforeAll(async () => {
    servers = await RealServers.open('tm_types');
    ({ db, pg, dir } = servers);
    const config = testConfig({ dir: dir.path, targetFileBytes: 4096 });
    // Small pages and files: several staging tables, appenders and files.
    config.pipelines['default'] = {
      name: 'default',
      connection: 'default',
      tables: [{ ...TABLE_DEFAULTS, key: `${db.database}.${table}`, batchSize: 3 }],
    };
    ctx = await SyncHarness.open(config);
    source = await createTypeTable(db, table);
    const result = await ctx.syncTable('default', `${db.database}.${table}`);
    expect(result.extract?.rows).toBe(ROWS);
    expect(result.load?.rowsStaged).toBe(ROWS);
  });

  afterAll(async () => {
    await ctx?.close();
    await servers?.close();
  });

  it('inserted the edge values it means to test', () => {
    expect(source.get('c_ubigint')?.[1]).toBe('18446744073709551615');
    expect(source.get('c_bit64')?.[1]).toBe('18446744073709551615');
    expect(source.get('c_time6')?.[0]).toBe('-838:59:59.000000');
    expect(source.get('c_date')?.slice(2, 5)).toEqual([null, null, null]);
    expect(source.get('c_varchar')?.slice(0, 3)).toEqual(['', 'NULL', '\\N']);
    expect(source.get('c_json')?.[1]).toBe('null');
    expect(source.get('c_varbinary')?.slice(0, 4)).toEqual(['', 'FF', '005CFF', '5C783431']);
    expect(source.get('c_float')?.slice(4, 6)).toEqual(['16777216', '123456.703125']); // the stored float32, exactly
    for (const values of source.values()) expect(values[ROWS - 1]).toBeNull();
  });

  describe('the Parquet file', () => {
    let session: DuckdbSession;
    let files: string;

    beforeAll(async () => {
      const objects = join(dir.path, 'objects');
      const paths = readdirSync(objects, { recursive: true })
        .map(String)
        .filter((f) => f.endsWith('.parquet'))
        .map((f) => duckdbString(join(objects, f)));
      expect(paths.length).toBeGreaterThan(0);
      files = `read_parquet([${paths.join(', ')}])`;
      session = await DuckdbSession.open({ tempDirectory: join(dir.path, 'duck') });
    });

    afterAll(() => session?.close());

    it('has the exact logical type of each column', async () => {
      const reader = await session.connection.runAndReadAll(`DESCRIBE SELECT * FROM ${files}`);
      const types = Object.fromEntries(reader.getRows().map((r) => [String(r[0]), String(r[1])]));
      expect(types).toEqual({
        id: 'INTEGER',
        updated_at: 'TIMESTAMP',
        ...Object.fromEntries(CASES.map((c) => [c.column, c.parquet])),
        _tidemark_load_order: 'BIGINT', // every file ends with its manifest's load order (ADR 0015)
      });
    });

    it('holds every source value exactly', async () => {
      const select = CASES.map((c) => kindOf(c).duckdb?.(c.column) ?? `CAST(${c.column} AS VARCHAR)`);
      const reader = await session.connection.runAndReadAll(
        `SELECT id, ${select.join(', ')} FROM ${files} ORDER BY id`,
      );
      expect(mismatches(source, byColumn(reader.getRows()))).toEqual([]);
    });
  });

  describe('the PostgreSQL table', () => {
    it('has the mapped type of each column', async () => {
      const rows = await pg.rows<{ name: string; type: string }>(
        `SELECT attname AS name, format_type(atttypid, atttypmod) AS type FROM pg_attribute
          WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum`,
        [`"${db.database}"."${table}"`],
      );
      expect(Object.fromEntries(rows.map((r) => [r.name, r.type]))).toEqual({
        id: 'integer',
        updated_at: 'timestamp(6) without time zone',
        ...Object.fromEntries(CASES.map((c) => [c.column, c.postgres])),
      });
    });

    it('holds every source value exactly', async () => {
      const select = CASES.map((c) => kindOf(c).postgres?.(c.column) ?? `${c.column}::text`);
      const result = await pg.client.query({
        text: `SELECT id, ${select.join(', ')} FROM "${db.database}"."${table}" ORDER BY id`,
        rowMode: 'array',
      });
      const expected: Values = new Map(source);
      for (const c of CASES) {
        const toPostgres = kindOf(c).postgresExpected;
        if (!toPostgres) continue;
        const values: (string | null)[] = [];
        for (const v of source.get(c.column) ?? []) {
          values.push(v === null ? null : (await pg.rows<{ v: string }>(`SELECT ${toPostgres('$1')} AS v`, [v]))[0].v);
        }
        expected.set(c.column, values);
      }
      expect(mismatches(expected, byColumn(result.rows))).toEqual([]);
    });
  });
});
