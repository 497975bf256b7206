import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TABLE_DEFAULTS, TidemarkConfig } from '@tidemark/config';
import { DuckdbSession, duckdbIdentifier, duckdbString, truncateUtf8 } from '@tidemark/parquet';
import {
  formatSqlType,
  ParquetSchemaColumn,
  parseSqlType,
  redshiftParquetMismatch,
  redshiftTextBytes,
  redshiftTypeOf,
} from '@tidemark/schema';
import { makeTempDir, MysqlFixture } from '@tidemark/testing';
import { Manifest } from '@tidemark/watermark-model';
import { byColumn, CASES, createTypeTable, kindOf, mismatches, ROWS, Values } from '../test/column-type-cases.fixture';
import { SyncHarness } from '../test/sync-harness.fixture';
import { redshiftWarehouse } from '../test/emulated-redshift-world.fixture';
import { testConfig } from '../test/test-config.fixture';

const DOC = join(__dirname, '../../../../docs/redshift.md');

/** A MySQL declaration as docs/redshift.md names it: `TIMESTAMP(6)`, not `TIMESTAMP(6) NULL DEFAULT NULL`. */
const docKey = (mysql: string) => mysql.replace(/ NULL DEFAULT NULL$/, '');

/** The file column as the docs table writes it: physical type, annotation, and for timestamps whether UTC-adjusted. */
function parquetCell(f: ParquetSchemaColumn): string {
  const physical = f.type === 'FIXED_LEN_BYTE_ARRAY' ? `FIXED_LEN_BYTE_ARRAY(${f.type_length})` : f.type;
  const annotation = f.converted_type === 'DECIMAL' ? `DECIMAL(${f.precision},${f.scale})` : f.converted_type;
  const utc = /isAdjustedToUTC=(\d)/.exec(f.logical_type ?? '')?.[1];
  const zone = utc === undefined ? null : utc === '1' ? 'UTC-adjusted' : 'naive';
  return [physical, annotation, zone].filter(Boolean).join(' ');
}

/** docs/redshift.md "## Types": MySQL type → [Redshift column, Parquet written]. */
function documentedTypes(): Map<string, { redshift: string; parquet: string }> {
  const section =
    readFileSync(DOC, 'utf8')
      .split(/^## /m)
      .find((s) => s.startsWith('Types')) ?? '';
  const rows = section.split('\n').filter((l) => /^\| `/.test(l));
  return new Map(
    rows.map((row) => {
      const [mysql, redshift, parquet] = row
        .split(' | ')
        .map((cell) => cell.replace(/^\| /, '').replace(/`/g, '').trim());
      return [mysql, { redshift, parquet }];
    }),
  );
}

/**
 * The contract between the extractor and Redshift's Parquet COPY: every
 * MySQL type, extracted by the real extractor for a Redshift warehouse,
 * lands in files whose Parquet types are the ones Redshift loads into the
 * column it creates (redshiftParquetMismatch), and the ones
 * docs/redshift.md promises. Values still arrive exactly.
 */
describe('files typed for Redshift: every MySQL type (real MariaDB, real extractor, DuckDB parquet_schema)', () => {
  let db: MysqlFixture;
  let dir: ReturnType<typeof makeTempDir>;
  let ctx: SyncHarness;
  let session: DuckdbSession;
  let source: Values;
  let manifests: Manifest[];
  const table = 'all_types';

  const config = (): TidemarkConfig => ({
    ...testConfig({ dir: dir.path, targetFileBytes: 4096 }),
    warehouse: redshiftWarehouse(),
    pipelines: {
      default: {
        name: 'default',
        connection: 'default',
        tables: [{ ...TABLE_DEFAULTS, key: `${db.database}.${table}`, batchSize: 3, oversizeText: 'truncate' }],
      },
    },
  });
  const filePath = (key: string) => join(dir.path, 'objects', key);

  /** The leaf columns of a file, as DuckDB's parquet_schema() gives them. */
  const schemaOf = async (key: string): Promise<ParquetSchemaColumn[]> => {
    const reader = await session.connection.runAndReadAll(
      `SELECT name, type, converted_type, logical_type, precision, scale, type_length FROM parquet_schema(${duckdbString(filePath(key))}) WHERE num_children IS NULL`,
    );
    const n = (v: unknown) => (v === null || v === undefined ? null : Number(v));
    return reader.getRowObjects().map((r) => ({
      name: String(r['name']),
      type: r['type'] === null ? null : String(r['type']),
      converted_type: r['converted_type'] === null ? null : String(r['converted_type']),
      logical_type: r['logical_type'] === null ? null : String(r['logical_type']),
      precision: n(r['precision']),
      scale: n(r['scale']),
      type_length: n(r['type_length']),
    }));
  };

  beforeAll(async () => {
    db = await MysqlFixture.create('tm_rs_types');
    dir = makeTempDir();
    source = await createTypeTable(db, table);
    ctx = await SyncHarness.open(config());
    // Extraction only: what is checked here is what the files hold.
    const result = await ctx.syncTable('default', `${db.database}.${table}`, { load: false });
    expect(result.extract?.rows).toBe(ROWS);
    manifests = await (
      await ctx.watermarks()
    ).pendingManifests({ pipeline: 'default', table: `${db.database}.${table}` });
    expect(manifests.length).toBeGreaterThan(1); // small files: several staging tables and files
    session = await DuckdbSession.open({ tempDirectory: join(dir.path, 'duck') });
    await session.run("SET TimeZone = 'UTC'");
  });

  afterAll(async () => {
    session?.close();
    await ctx?.close();
    await db?.drop();
    dir?.remove();
  });

  it('writes every column as a Parquet type Redshift loads into its column, and the load order as a BIGINT', async () => {
    const problems: string[] = [];
    for (const manifest of manifests) {
      for (const file of manifest.files) {
        const schema = await schemaOf(file.key);
        expect(schema.map((c) => c.name)).toEqual([...manifest.columns.map((c) => c.name), manifest.loadOrder?.column]);
        manifest.columns.forEach((column, i) => {
          const problem = redshiftParquetMismatch(redshiftTypeOf(column, { varcharMode: 'bytes' }), schema[i]);
          if (problem) problems.push(`${column.columnType}: ${problem}`);
        });
        const loadOrder = redshiftParquetMismatch('BIGINT', schema[schema.length - 1]);
        if (loadOrder) problems.push(loadOrder);
      }
    }
    expect(problems).toEqual([]);
  });

  it('writes what docs/redshift.md says, for every MySQL type of the matrix', async () => {
    const documented = documentedTypes();
    const [manifest] = manifests;
    const schema = await schemaOf(manifest.files[0].key);
    const differences = CASES.flatMap((c) => {
      const i = manifest.columns.findIndex((col) => col.name === c.column);
      const actual = {
        redshift: formatSqlType(parseSqlType(redshiftTypeOf(manifest.columns[i], { varcharMode: 'bytes' }))),
        parquet: parquetCell(schema[i]),
      };
      const doc = documented.get(docKey(c.mysql));
      return doc && doc.redshift === actual.redshift && doc.parquet === actual.parquet
        ? []
        : [`| \`${docKey(c.mysql)}\` | ${actual.redshift} | ${actual.parquet} | (docs say: ${JSON.stringify(doc)})`];
    });
    expect(differences).toEqual([]);
  });

  it("holds every source value exactly (text cut to the Redshift column's bytes, as oversizeText: truncate says)", async () => {
    const expected: Values = new Map(
      CASES.map((c) => {
        const column = manifests[0].columns.find((col) => col.name === c.column);
        const limit = column ? redshiftTextBytes(column, { varcharMode: 'bytes' }) : null;
        const values = source.get(c.column) ?? [];
        return [c.column, limit === null ? values : values.map((v) => (v === null ? v : truncateUtf8(v, limit)))];
      }),
    );
    const list = `[${manifests
      .flatMap((m) => m.files)
      .map((f) => duckdbString(filePath(f.key)))
      .join(', ')}]`;
    const select = CASES.map((c) => kindOf(c).duckdb?.(c.column) ?? `CAST(${duckdbIdentifier(c.column)} AS VARCHAR)`);
    const reader = await session.connection.runAndReadAll(
      `SELECT id, ${select.join(', ')} FROM read_parquet(${list}) ORDER BY id`,
    );
    expect(mismatches(expected, byColumn(reader.getRows()))).toEqual([]);
  });
});
