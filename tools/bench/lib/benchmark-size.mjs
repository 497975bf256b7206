// One whole benchmark at one row count: generate the data, then measure the
// raw baselines and every Tidemark run on it, checking each result.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { changeOnePercent, createTable, ORDERS, postgresTableDdl, WIDE } from './bench-tables.mjs';
import { Checks, mysqlCounts, mysqlFingerprint, postgresCounts, postgresFingerprint } from './checks.mjs';
import { databaseSettings, pgloaderCopy } from './pgloader.mjs';
import { rawExtract, rawPipe } from './raw-baselines.mjs';
import { measurement, withRatios } from './report.mjs';
import { BenchBucket } from './s3-bucket.mjs';
import { runSync, secretsEnv, writeConfig } from './tidemark-cli.mjs';

/** Rows of the unmeasured warm-up sync: enough that its extract streams through a pipe, whose code the compile cache then holds. */
const WARM_UP_ROWS = 50_000;

const smallTableNames = (n) => Array.from({ length: n }, (_, i) => `small_${String(i + 1).padStart(3, '0')}`);

/** PostgreSQL schemas the benchmark writes, named after the MariaDB database. */
export const schemasOf = (database) => ({
  raw: `${database}_raw`,
  pgloader: `${database}_pgloader`,
  load: `${database}_load`,
  full: `${database}_full`,
  small: `${database}_small`,
  warmUp: `${database}_warmup`,
});

/** Drops what a run leaves behind: the MariaDB database, the PostgreSQL schemas and the work directory. */
export async function dropBenchData({ db, pg, o, work }) {
  await db.query(`DROP DATABASE IF EXISTS \`${o.database}\``);
  for (const schema of Object.values(schemasOf(o.database))) await pg.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  rmSync(work, { recursive: true, force: true });
}

class SizeBenchmark {
  checks = new Checks();
  measurements = [];

  constructor(ctx, rows) {
    this.ctx = ctx;
    this.rows = rows;
    this.D = ctx.o.database;
    this.schemas = schemasOf(this.D);
    this.wideRows = ctx.o.wideRows ?? Math.max(10, Math.round(rows / 5));
    this.small = smallTableNames(ctx.o.smallTables);
    this.env = secretsEnv(ctx.s3);
  }

  /** Fresh data in MariaDB, the raw pipe's tables in PostgreSQL, the two Tidemark configs and the bucket. */
  async prepare() {
    const { db, pg, o, work, s3, log } = this.ctx;
    const D = this.D;
    await dropBenchData(this.ctx);
    mkdirSync(work, { recursive: true });
    log(`generating ${this.rows.toLocaleString('en-US')} + ${this.wideRows.toLocaleString('en-US')} wide rows and ${this.small.length} small tables ...`);
    const started = performance.now();
    await db.query(`CREATE DATABASE \`${D}\` CHARACTER SET utf8mb4`);
    await createTable(db, D, 'orders', ORDERS, this.rows);
    await createTable(db, D, 'wide', WIDE, this.wideRows);
    for (const table of this.small) await createTable(db, D, table, ORDERS, o.smallRows);
    this.generateSeconds = Math.round((performance.now() - started) / 100) / 10;

    await pg.query(`CREATE SCHEMA "${this.schemas.raw}"`);
    await pg.query(postgresTableDdl(this.schemas.raw, 'orders', ORDERS));
    await pg.query(postgresTableDdl(this.schemas.raw, 'wide', WIDE));
    await pg.query(`CREATE SCHEMA "${this.schemas.pgloader}"`);
    this.local = writeConfig(work, 'local', {
      pipelines: {
        staged: { targetSchema: this.schemas.load, tables: { [`${D}.orders`]: null } },
        full: { targetSchema: this.schemas.full, tables: { [`${D}.orders`]: null, [`${D}.wide`]: null } },
        small: { targetSchema: this.schemas.small, tables: Object.fromEntries(this.small.map((t) => [`${D}.${t}`, null])) },
      },
    });
    this.warmUpConfig = writeConfig(work, 'warmup', {
      pipelines: { warmup: { targetSchema: this.schemas.warmUp, tables: { [`${D}.orders`]: null } } },
    });
    this.bucket = await BenchBucket.create(s3, `${D.replace(/_/g, '-')}-${this.rows}`);
    this.remote = writeConfig(work, 's3', { s3: { ...s3, bucket: this.bucket.name }, pipelines: { staged: { tables: { [`${D}.orders`]: null } } } });
  }

  record(fields) {
    this.measurements.push(measurement(fields));
  }

  tidemark(name, config, args) {
    this.ctx.log(`${name} ...`);
    return runSync(config, args, { env: this.env, cpuProfileDir: this.ctx.o.cpuProfileDir, name });
  }

  async expectWarehouseMatches(what, table, spec, schema) {
    this.checks.expectEqual(
      `${what}: warehouse ${schema}.${table} matches the source (${spec.fingerprint.join(', ')})`,
      await mysqlFingerprint(this.ctx.db, this.D, table, spec),
      await postgresFingerprint(this.ctx.pg, schema, table, spec),
    );
  }

  /** Raw extract to a file (removed after); returns its text bytes per row. */
  async rawExtract(name, table, spec, rows) {
    this.ctx.log(`${name} ...`);
    const file = join(this.ctx.work, `${table}.tsv`);
    const dump = await rawExtract(this.D, table, spec, file);
    rmSync(file);
    this.checks.expectEqual(`${name}: lines written == source rows`, rows, dump.lines);
    this.record({ name, table, rows, ...dump, outputBytes: dump.textBytes });
    return dump.textBytes / rows;
  }

  async rawPipe(name, table, spec, rows, textBytes) {
    this.ctx.log(`${name} ...`);
    const pipe = await rawPipe(this.D, table, spec, this.schemas.raw);
    await this.expectWarehouseMatches(name, table, spec, this.schemas.raw);
    this.record({ name, table, rows, textBytes, ...pipe });
  }

  /** pgloader's copy of the table into its own schema, checked like every load; skipped when pgloader is missing. */
  async pgloader(name, baseline, table, spec, rows, textBytes) {
    const { ctx, schemas } = this;
    if (!ctx.peer.available) return;
    ctx.log(`${name} ...`);
    const settings = await databaseSettings(ctx.pg);
    const run = await pgloaderCopy(ctx.peer, { database: this.D, table, targetSchema: schemas.pgloader, work: ctx.work });
    this.checks.expectEqual(`${name}: PostgreSQL database settings unchanged (no ALTER DATABASE … SET search_path)`, settings, await databaseSettings(ctx.pg));
    await this.expectWarehouseMatches(name, table, spec, schemas.pgloader);
    this.record({ name, table, rows, textBytes, ...run, baseline });
  }

  /**
   * A user's CLI has run before: the compile cache it keeps (ADR 0038) holds
   * the code its runs compiled, and only the first run after an install or a
   * build compiles everything and writes it. So the first measured run would
   * be that one: instead, an unmeasured full sync of the first
   * WARM_UP_ROWS rows of `orders` (the streamed extract and the load) runs
   * first, with a state and a target schema of its own.
   */
  async warmUpCli() {
    this.ctx.log(`warming up the CLI (a sync of ${WARM_UP_ROWS.toLocaleString('en-US')} rows, not measured) ...`);
    const run = await runSync(this.warmUpConfig, ['-p', 'warmup', '-t', `${this.D}.orders`, '--limit', String(WARM_UP_ROWS)], {
      env: this.env,
      name: 'warm-up',
    });
    const rows = Math.min(WARM_UP_ROWS, this.rows);
    this.checks.expectEqual('warm-up: rows extracted, rows loaded', [rows, rows], [run.tables[0].extract.rows, run.tables[0].load.rowsStaged]);
  }

  /** The main table: both baselines, pgloader, extract to each store, load only, full sync, then 1 % changed. */
  async orders() {
    const { rows, D, checks, schemas } = this;
    const bytesPerRow = await this.rawExtract('raw-extract', 'orders', ORDERS, rows);
    const textBytes = rows * bytesPerRow;
    await this.rawPipe('raw-pipe', 'orders', ORDERS, rows, textBytes);
    await this.pgloader('pgloader', 'raw-pipe', 'orders', ORDERS, rows, textBytes);
    const ordersOf = (pipeline, ...flags) => ['-p', pipeline, '-t', `${D}.orders`, ...flags];

    const local = await this.tidemark('tidemark-extract-local', this.local, ordersOf('staged', '--backup-only'));
    const [staged] = local.tables;
    checks.expectEqual('tidemark extract (local): rows extracted == source rows', rows, staged.extract.rows);
    this.record({ name: 'tidemark-extract-local', table: 'orders', rows, textBytes, ...local, baseline: 'raw-extract', outputBytes: staged.extract.bytes });

    const s3 = await this.tidemark('tidemark-extract-s3', this.remote, ordersOf('staged', '--backup-only'));
    const [uploaded] = s3.tables;
    checks.expectEqual('tidemark extract (S3): rows extracted == source rows', rows, uploaded.extract.rows);
    const parquetObjects = (await this.bucket.keys()).filter((k) => k.endsWith('.parquet')).length;
    checks.expectEqual('tidemark extract (S3): Parquet objects in the bucket == files reported', uploaded.extract.files, parquetObjects);
    this.record({ name: 'tidemark-extract-s3', table: 'orders', rows, textBytes, ...s3, baseline: 'raw-extract', outputBytes: uploaded.extract.bytes });

    // Loads what the local extract registered.
    const load = await this.tidemark('tidemark-load', this.local, ordersOf('staged', '--redshift-only'));
    checks.expectEqual('tidemark load: rows staged == source rows', rows, load.tables[0].load.rowsStaged);
    await this.expectWarehouseMatches('tidemark load', 'orders', ORDERS, schemas.load);
    this.record({ name: 'tidemark-load', table: 'orders', rows, textBytes, ...load, baseline: 'raw-pipe' });

    const full = await this.tidemark('tidemark-full-sync', this.local, ordersOf('full'));
    const [synced] = full.tables;
    checks.expectEqual('tidemark full sync: rows extracted, rows loaded', [rows, rows], [synced.extract.rows, synced.load.rowsStaged]);
    await this.expectWarehouseMatches('tidemark full sync', 'orders', ORDERS, schemas.full);
    this.record({ name: 'tidemark-full-sync', table: 'orders', rows, textBytes, ...full, baseline: 'raw-pipe', peer: 'pgloader', outputBytes: synced.extract.bytes });

    const changed = await changeOnePercent(this.ctx.db, D, 'orders');
    const incremental = await this.tidemark('tidemark-incremental', this.local, ordersOf('full'));
    const [moved] = incremental.tables;
    checks.expectEqual('tidemark incremental: rows extracted, rows loaded == rows changed', [changed, changed], [moved.extract.rows, moved.load.rowsStaged]);
    await this.expectWarehouseMatches('tidemark incremental', 'orders', ORDERS, schemas.full);
    this.record({ name: 'tidemark-incremental', table: 'orders', rows: changed, textBytes: changed * bytesPerRow, ...incremental, outputBytes: moved.extract.bytes });
    return bytesPerRow;
  }

  /** The 40-column table: both baselines, pgloader and a full sync. */
  async wide() {
    const rows = this.wideRows;
    const textBytes = rows * (await this.rawExtract('raw-extract-wide', 'wide', WIDE, rows));
    await this.rawPipe('raw-pipe-wide', 'wide', WIDE, rows, textBytes);
    await this.pgloader('pgloader-wide', 'raw-pipe-wide', 'wide', WIDE, rows, textBytes);
    const full = await this.tidemark('tidemark-full-sync-wide', this.local, ['-p', 'full', '-t', `${this.D}.wide`]);
    const [synced] = full.tables;
    this.checks.expectEqual('tidemark full sync (wide): rows extracted, rows loaded', [rows, rows], [synced.extract.rows, synced.load.rowsStaged]);
    await this.expectWarehouseMatches('tidemark full sync (wide)', 'wide', WIDE, this.schemas.full);
    this.record({ name: 'tidemark-full-sync-wide', table: 'wide', rows, textBytes, ...full, baseline: 'raw-pipe-wide', peer: 'pgloader-wide', outputBytes: synced.extract.bytes });
  }

  /** One sync over the pipeline that lists every small table (no -t), then the same with nothing changed. */
  async smallTables(bytesPerRow) {
    const { small, checks } = this;
    const counts = () => postgresCounts(this.ctx.pg, this.schemas.small, small);
    const sourceCounts = await mysqlCounts(this.ctx.db, this.D, small);
    const rows = small.length * this.ctx.o.smallRows;
    const label = `${small.length} small`;

    const first = await this.tidemark('tidemark-first-sync-small', this.local, ['-p', 'small']);
    checks.expectEqual(`tidemark first sync (${label} tables): tables synced, rows loaded`, [small.length, rows], [first.report.totals.succeeded, first.report.totals.rowsLoaded]);
    checks.expectEqual(`tidemark first sync (${label} tables): warehouse row counts == source`, sourceCounts, await counts());
    this.record({ name: 'tidemark-first-sync-small', table: label, rows, textBytes: rows * bytesPerRow, ...first });

    const nothing = await this.tidemark('tidemark-nothing-changed', this.local, ['-p', 'small']);
    const t = nothing.report.totals;
    checks.expectEqual('tidemark nothing changed: tables synced; rows and manifests moved', [small.length, 0, 0, 0], [t.succeeded, t.rowsExtracted, t.rowsLoaded, t.manifestsLoaded]);
    checks.expectEqual('tidemark nothing changed: warehouse row counts == source', sourceCounts, await counts());
    this.record({ name: 'tidemark-nothing-changed', table: label, rows: 0, textBytes: 0, ...nothing });
  }

  result() {
    const tidemarkRuns = this.measurements.filter((m) => m.name.startsWith('tidemark-'));
    const peakOf = (table) => Math.max(...tidemarkRuns.filter((m) => m.table === table).map((m) => m.peakRssMb));
    const highest = tidemarkRuns.reduce((a, b) => (b.peakRssMb > a.peakRssMb ? b : a));
    return {
      rows: this.rows,
      wideRows: this.wideRows,
      smallTables: this.small.length,
      smallRows: this.ctx.o.smallRows,
      generateSeconds: this.generateSeconds,
      measurements: withRatios(this.measurements),
      tidemarkPeakRssMb: peakOf('orders'),
      widePeakRssMb: peakOf('wide'),
      // Issue 19's ceiling holds for every Tidemark run: the highest, and which run it was.
      everyRunPeakRssMb: highest.peakRssMb,
      everyRunPeakRssName: highest.name,
      checks: this.checks.list,
    };
  }
}

/** Runs every measurement at `rows` rows; throws CheckFailed on the first wrong result. */
export async function benchmarkSize(ctx, rows) {
  const run = new SizeBenchmark(ctx, rows);
  await run.prepare();
  try {
    await run.warmUpCli();
    // Small tables are shaped like orders: their text size per row is taken from its raw extract.
    const bytesPerRow = await run.orders();
    await run.wide();
    await run.smallTables(bytesPerRow);
  } finally {
    if (!ctx.o.keep) await run.bucket.remove();
  }
  return run.result();
}
