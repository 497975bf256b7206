import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { GetObjectCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Client } from 'pg';
import { DuckdbSession, duckdbString, parquetToCsv } from '@tidemark/parquet';
import { POSTGRES_URL, s3Settings } from '@tidemark/testing';
import { PostgresWarehouse, Warehouse, WarehouseSession } from '@tidemark/warehouse';

const DATABASE = 'tidemark_redshift_emulation';
const COPY = /^COPY "((?:[^"]|"")+)" FROM '(s3:\/\/[^']+)' (?:IAM_ROLE|ACCESS_KEY_ID) .* FORMAT AS PARQUET MANIFEST$/;
/** Table attributes only Redshift has; stripped before PostgreSQL runs the statement (recorded as written). */
const REDSHIFT_ONLY = / (?:DISTKEY \([^)]*\)|SORTKEY \([^)]*\)|ENCODE [a-z0-9]+)/g;

/**
 * Redshift cannot run here; this stands in for it in tests, and says so.
 * Every statement the Redshift dialect writes runs on a real PostgreSQL
 * database prepared with Redshift's names (GETDATE, JSON_PARSE, SUPER as a
 * JSONB domain, an stl_load_errors table), except
 * `COPY … FROM 's3://…' … FORMAT AS PARQUET MANIFEST`, which it performs the
 * way Redshift documents it: read the COPY manifest from the real S3 server,
 * require every entry's content_length to match the object, and load each
 * Parquet file's columns by position. A failing COPY leaves a row in
 * stl_load_errors, as Redshift does. Every statement is recorded.
 */
export class RedshiftEmulator implements Warehouse {
  readonly statements: string[] = [];
  readonly address = 'the Redshift emulator';
  private readonly s3 = new S3Client({ ...s3Settings(), forcePathStyle: true, credentials: s3Settings() });

  private constructor(
    private readonly postgres: PostgresWarehouse,
    private readonly workDir: string,
  ) {}

  static async open(workDir: string): Promise<RedshiftEmulator> {
    await ensureDatabase();
    const url = new URL(POSTGRES_URL);
    url.pathname = `/${DATABASE}`;
    return new RedshiftEmulator(await PostgresWarehouse.connect({ url: url.toString() }), workDir);
  }

  async query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    this.statements.push(sql);
    const rows = await this.postgres.query<T>(sql.replace(REDSHIFT_ONLY, ''), params);
    // SUPER is a JSONB domain here; Redshift's information_schema calls it super.
    return rows.map((r) => ((r as { data_type?: string }).data_type === 'jsonb' ? { ...r, data_type: 'super' } : r));
  }

  transaction<T>(setup: string[], work: (session: WarehouseSession) => Promise<T>): Promise<T> {
    this.statements.push(...setup);
    return this.postgres.transaction(setup, (inner) =>
      work({
        query: async <R>(sql: string, params: unknown[] = []) => {
          this.statements.push(sql);
          const copy = COPY.exec(sql);
          if (copy) return { rows: [] as R[], rowCount: await this.copy(inner, copy[1].replace(/""/g, '"'), copy[2]) };
          return inner.query<R>(sql.replace(REDSHIFT_ONLY, ''), params);
        },
        copyCsvFile: () => Promise.reject(new Error('Redshift has no COPY FROM STDIN')),
      }),
    );
  }

  /** Reads the COPY manifest and loads its files by position; a failure is logged in stl_load_errors. */
  private async copy(session: WarehouseSession, table: string, manifestUri: string): Promise<number> {
    const manifest = JSON.parse((await this.get(manifestUri)).toString('utf8')) as {
      entries: { url: string; mandatory: boolean; meta: { content_length: number } }[];
    };
    const duckdb = await DuckdbSession.open({ tempDirectory: join(this.workDir, 'emulator-duckdb') });
    let copied = 0;
    try {
      for (const [i, entry] of manifest.entries.entries()) {
        const { bucket, key } = parseS3Uri(entry.url);
        const head = await this.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
        if (!entry.mandatory || head.ContentLength !== entry.meta.content_length) {
          throw new Error(`COPY manifest entry ${entry.url}: content_length ${entry.meta.content_length}, object has ${head.ContentLength}`);
        }
        const parquet = join(this.workDir, `emulated-${Date.now()}-${i}.parquet`);
        const csv = `${parquet}.csv`;
        await pipeline((await this.object(entry.url)) as Readable, createWriteStream(parquet));
        const described = await duckdb.connection.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet(${duckdbString(parquet)})`);
        const columns = described.getRowObjects().map((r) => ({ parquetName: String(r['column_name']) }));
        await parquetToCsv(duckdb, parquet, columns, csv);
        try {
          await this.checkVarcharBytes(session, duckdb, table, parquet, columns.map((c) => c.parquetName));
          copied += await session.copyCsvFile(`COPY "${table.replace(/"/g, '""')}" FROM STDIN WITH (FORMAT csv)`, csv);
        } catch (error) {
          await this.logLoadError(entry.url, error as Error & { where?: string; column?: string });
          throw error;
        }
      }
    } finally {
      duckdb.close();
    }
    return copied;
  }

  /** Redshift VARCHAR(n) counts bytes where PostgreSQL counts characters: refuse what Redshift would. */
  private async checkVarcharBytes(session: WarehouseSession, duckdb: DuckdbSession, table: string, parquet: string, names: string[]) {
    const { rows } = await session.query<{ column_name: string; limit: number; position: number }>(
      `SELECT column_name, character_maximum_length AS limit, ordinal_position AS position FROM information_schema.columns
       WHERE table_name = $1 AND table_schema LIKE 'pg_temp%' AND data_type = 'character varying'`,
      [table],
    );
    for (const column of rows) {
      const source = `"${names[column.position - 1].replace(/"/g, '""')}"`;
      const found = await duckdb.connection.runAndReadAll(
        `SELECT min(line) AS line FROM (SELECT row_number() OVER () AS line, strlen(CAST(${source} AS VARCHAR)) AS bytes ` +
          `FROM read_parquet(${duckdbString(parquet)})) WHERE bytes > ${Number(column.limit)}`,
      );
      const line = found.getRowObjects()[0]?.['line'];
      if (line !== null && line !== undefined) {
        throw Object.assign(new Error(`Value too long for character type`), { where: `line ${line}, column ${column.column_name}` });
      }
    }
  }

  /** Outside the failing transaction, as Redshift's system tables are. */
  private async logLoadError(file: string, error: Error & { where?: string }): Promise<void> {
    const line = /line (\d+)/.exec(error.where ?? '')?.[1] ?? '0';
    const column = /column (\w+)/.exec(error.where ?? '')?.[1] ?? '';
    await this.postgres.query(
      'INSERT INTO stl_load_errors (filename, line_number, colname, err_code, err_reason, starttime) VALUES ($1, $2, $3, $4, $5, clock_timestamp())',
      [file, Number(line), column, 1204, error.message],
    );
  }

  private async object(uri: string) {
    const { bucket, key } = parseS3Uri(uri);
    return (await this.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body;
  }

  private async get(uri: string): Promise<Buffer> {
    const body = (await this.object(uri)) as Readable;
    const chunks: Buffer[] = [];
    for await (const chunk of body) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  async dropSchema(schema: string): Promise<void> {
    await this.postgres.query(`DROP SCHEMA IF EXISTS "${schema.replace(/"/g, '""')}" CASCADE`);
  }

  rows<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.postgres.query<T>(sql, params);
  }

  async close(): Promise<void> {
    await this.postgres.close();
    this.s3.destroy();
  }
}

function parseS3Uri(uri: string): { bucket: string; key: string } {
  const m = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri);
  if (!m) throw new Error(`not an s3:// URI: ${uri}`);
  return { bucket: m[1], key: m[2] };
}

/** The emulation database with Redshift's functions and system table; created once, shared by test files. */
async function ensureDatabase(): Promise<void> {
  const admin = new Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  try {
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    if (found.rowCount === 0) await admin.query(`CREATE DATABASE ${DATABASE}`).catch(() => undefined); // a parallel file won the race
  } finally {
    await admin.end();
  }
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${DATABASE}`;
  const db = new Client({ connectionString: url.toString() });
  await db.connect();
  try {
    await db.query('SELECT pg_advisory_lock(7480)');
    await db.query(`CREATE OR REPLACE FUNCTION getdate() RETURNS timestamp LANGUAGE sql AS $$SELECT now() AT TIME ZONE 'UTC'$$`);
    await db.query('CREATE OR REPLACE FUNCTION json_parse(text) RETURNS jsonb LANGUAGE sql AS $$SELECT $1::jsonb$$');
    await db.query(
      `DO $$BEGIN IF NOT EXISTS (SELECT 1 FROM pg_type WHERE typname = 'super') THEN CREATE DOMAIN super AS jsonb; END IF; END$$`,
    );
    await db.query(
      'CREATE TABLE IF NOT EXISTS stl_load_errors (filename TEXT, line_number BIGINT, colname TEXT, err_code INTEGER, err_reason TEXT, starttime TIMESTAMPTZ)',
    );
  } finally {
    await db.query('SELECT pg_advisory_unlock(7480)').catch(() => undefined);
    await db.end();
  }
}
