import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { LocalDirectoryStore } from '@tidemark/object-store';
import { DuckdbSession, duckdbIdentifier, duckdbString } from '@tidemark/parquet';
import { MysqlSource } from '@tidemark/source';
import { makeTempDir, MYSQL, MysqlFixture } from '@tidemark/testing';
import { openWatermarkDataSource, WatermarkStore } from '@tidemark/watermark-store';
import { WatermarkPort } from '@tidemark/watermark-model';
import { ExtractRequest } from '../lib/extract-request';
import { TableExtractor } from '../lib/table-extractor';

/** A real MariaDB database, a SQLite watermark store and a local object store for extractor specs. */
export class ExtractorFixture {
  private constructor(
    readonly db: MysqlFixture,
    readonly dir: ReturnType<typeof makeTempDir>,
    readonly source: MysqlSource,
    private readonly dataSource: DataSource,
    readonly watermarks: WatermarkStore,
  ) {}

  /** `port`: another server than the shared one, e.g. a PrivateMariadb. */
  static async create(prefix: string, port = MYSQL.port): Promise<ExtractorFixture> {
    const db = await MysqlFixture.create(prefix, port);
    const dir = makeTempDir();
    const source = await MysqlSource.connect({ name: 'default', ...MYSQL, port });
    const dataSource = await openWatermarkDataSource({ type: 'sqlite', path: join(dir.path, 'wm.sqlite') });
    return new ExtractorFixture(db, dir, source, dataSource, new WatermarkStore(dataSource));
  }

  /** `watermarks`: the store, or a view of it (a spec counting the calls); `source` likewise. */
  extractor(
    targetFileBytes = 1 << 30,
    slices = 1,
    watermarks: WatermarkPort = this.watermarks,
    source: MysqlSource = this.source,
  ): TableExtractor {
    return new TableExtractor({
      source,
      store: new LocalDirectoryStore(join(this.dir.path, 'objects')),
      watermarks,
      settings: { targetFileBytes, rowGroupRows: 1000, workDirectory: join(this.dir.path, 'work'), slices },
      holder: 'extractor-spec',
    });
  }

  request(table: string, extra: Partial<ExtractRequest> = {}): ExtractRequest {
    return {
      pipeline: 'p',
      tableKey: `${this.db.database}.${table}`,
      location: { prefix: 'tm', pipeline: 'p', connection: 'default', schema: this.db.database, table },
      cursorColumn: 'updated_at',
      batchSize: 2,
      ...extra,
    };
  }

  /** Every row of the table's Parquet files (or of one run's), as strings, sorted: the source columns, without the load order every file ends with. */
  async readParquet(table: string, runId?: string): Promise<string[][]> {
    const files = readdirSync(join(this.dir.path, 'objects'), { recursive: true })
      .map(String)
      .filter((f) => f.includes(`/${table}/`) && f.endsWith('.parquet') && (!runId || f.includes(runId)))
      .map((f) => join(this.dir.path, 'objects', f));
    if (files.length === 0) return [];
    const session = await DuckdbSession.open({ tempDirectory: join(this.dir.path, 'duck') });
    try {
      const list = `[${files.map(duckdbString).join(', ')}]`;
      const reader = await session.connection.runAndReadAll(
        `SELECT CAST(COLUMNS(*) AS VARCHAR) FROM read_parquet(${list}) ORDER BY 1, 2`,
      );
      return reader.getRows().map((r) => r.slice(0, -1).map((v) => (v === null ? null : String(v))) as string[]);
    } finally {
      session.close();
    }
  }

  /** Rows in each of these stored Parquet files, read back from the files. */
  async rowsPerFile(keys: string[]): Promise<number[]> {
    const session = await DuckdbSession.open({ tempDirectory: join(this.dir.path, 'duck') });
    try {
      const counts: number[] = [];
      for (const key of keys) {
        const path = join(this.dir.path, 'objects', key);
        const reader = await session.connection.runAndReadAll(`SELECT count(*)::INTEGER AS n FROM read_parquet(${duckdbString(path)})`);
        counts.push(Number(reader.getRowObjects()[0]['n']));
      }
      return counts;
    } finally {
      session.close();
    }
  }

  /** DuckDB's parquet_schema() of a stored file, its leaf columns in order (no root row). */
  async fileSchema(key: string): Promise<{ name: string; type: string; converted_type: string | null; logical_type: string | null }[]> {
    return this.withDuckdb(async (session) => {
      const reader = await session.connection.runAndReadAll(
        `SELECT name, type, converted_type, logical_type FROM parquet_schema(${duckdbString(this.objectPath(key))}) WHERE num_children IS NULL`,
      );
      return reader.getRowObjects() as { name: string; type: string; converted_type: string | null; logical_type: string | null }[];
    });
  }

  /** The distinct values, as text, of one column of a stored file. */
  async distinctValues(key: string, column: string): Promise<string[]> {
    return this.withDuckdb(async (session) => {
      const reader = await session.connection.runAndReadAll(
        `SELECT DISTINCT CAST(${duckdbIdentifier(column)} AS VARCHAR) FROM read_parquet(${duckdbString(this.objectPath(key))}) ORDER BY 1`,
      );
      return reader.getRows().map((r) => String(r[0]));
    });
  }

  private objectPath(key: string): string {
    return join(this.dir.path, 'objects', key);
  }

  private async withDuckdb<T>(work: (session: DuckdbSession) => Promise<T>): Promise<T> {
    const session = await DuckdbSession.open({ tempDirectory: join(this.dir.path, 'duck') });
    try {
      return await work(session);
    } finally {
      session.close();
    }
  }

  async close(): Promise<void> {
    await this.source?.close();
    await this.dataSource?.destroy();
    await this.db?.drop();
    this.dir?.remove();
  }
}
