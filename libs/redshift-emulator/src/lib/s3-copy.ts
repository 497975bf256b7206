import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { GetObjectCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DuckdbSession, duckdbIdentifier, duckdbString, parquetToCsv } from '@tidemark/parquet';
import type { BackendChannel } from './backend-channel';
import { checkParquetColumns, readParquetSchema } from './parquet-columns';
import { RedshiftError } from './redshift-error';
import type { WrittenName } from './redshift-sql';

export interface CopyTableColumn {
  name: string;
  /** The column's type in Redshift's words (the emulator's PostgreSQL types mapped back). */
  redshiftType: string;
  /** VARCHAR(n)'s n, in bytes on Redshift. */
  varcharBytes?: number;
}

/** A failed COPY's row for stl_load_errors. */
export interface LoadError {
  file: string;
  line: number;
  column: string;
  code: number;
  reason: string;
}

/** PostgreSQL types of the emulation database → the Redshift type the dialect wrote. */
const REDSHIFT_NAMES: Record<string, string> = { bytea: 'varbyte', jsonb: 'super' };

/** The copy table's columns, in order, with their Redshift types; read on the client's own backend session. */
export async function copyTableColumns(backend: BackendChannel, table: WrittenName): Promise<CopyTableColumn[]> {
  const rows = await backend.query(
    `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, to_regclass($1) IS NULL AS missing
     FROM (SELECT 1) one LEFT JOIN pg_attribute a ON a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped
     ORDER BY a.attnum`,
    [table.text],
  );
  if (rows[0]?.missing === 't') throw new RedshiftError(`relation "${table.name}" does not exist`, '42P01');
  return rows.map((r) => {
    const varbyte = /^(?:public\.)?varbyte_(\d+)$/.exec(r.type ?? '');
    const type = varbyte ? `varbyte(${varbyte[1]})` : (REDSHIFT_NAMES[r.type ?? ''] ?? (r.type as string));
    const varchar = /^character varying\((\d+)\)$/.exec(type);
    return { name: r.name as string, redshiftType: type, varcharBytes: varchar ? Number(varchar[1]) : undefined };
  });
}

interface ManifestEntry {
  url: string;
  mandatory: boolean;
  meta: { content_length: number };
}

/**
 * Redshift's `COPY table FROM 's3://…manifest' … FORMAT AS PARQUET MANIFEST`,
 * performed the way AWS documents it: every manifest entry's content_length
 * must match its object; each file's Parquet columns must match the table's
 * by position, in number and in type (as Spectrum checks them), before any
 * row moves; VARCHAR(n) holds n bytes. Rows then reach PostgreSQL by
 * `COPY … FROM STDIN` on the client's own backend session, so they are part
 * of the client's transaction.
 */
export class S3Copy {
  constructor(
    private readonly s3: S3Client,
    private readonly workDir: string,
  ) {}

  /** Rows copied; a failure names the file and is reported through `onLoadError` before it is thrown. */
  async run(backend: BackendChannel, table: WrittenName, manifestUri: string, onLoadError: (e: LoadError) => Promise<void>): Promise<number> {
    const columns = await copyTableColumns(backend, table);
    const manifest = JSON.parse((await this.get(manifestUri)).toString('utf8')) as { entries: ManifestEntry[] };
    const duckdb = await DuckdbSession.open({ tempDirectory: join(this.workDir, 'duckdb') });
    let copied = 0;
    try {
      for (const [i, entry] of manifest.entries.entries()) {
        const parquet = join(this.workDir, `copy-${process.pid}-${Date.now()}-${i}.parquet`);
        const csv = `${parquet}.csv`;
        try {
          await this.download(entry, parquet);
          checkParquetColumns(entry.url, columns, await readParquetSchema(duckdb, parquet));
          const described = await duckdb.connection.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet(${duckdbString(parquet)})`);
          const fileColumns = described.getRowObjects().map((r) => ({ parquetName: String(r['column_name']) }));
          await checkVarcharBytes(duckdb, parquet, columns, fileColumns.map((c) => c.parquetName));
          await parquetToCsv(duckdb, parquet, fileColumns, csv);
          copied += await backend.copyIn(`COPY ${table.text} FROM STDIN WITH (FORMAT csv)`, csv);
        } catch (error) {
          const e = error as Error & { line?: number; column?: string; loadErrorCode?: number };
          await onLoadError({ file: entry.url, line: e.line ?? 0, column: e.column ?? '', code: e.loadErrorCode ?? 1204, reason: e.message });
          throw error;
        } finally {
          await rm(parquet, { force: true });
          await rm(csv, { force: true });
        }
      }
    } finally {
      duckdb.close();
    }
    return copied;
  }

  private async download(entry: ManifestEntry, path: string): Promise<void> {
    const { bucket, key } = parseS3Uri(entry.url);
    const head = await this.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    if (!entry.mandatory || head.ContentLength !== entry.meta?.content_length) {
      throw new RedshiftError(
        `COPY manifest entry ${entry.url}: content_length ${entry.meta?.content_length}, object has ${head.ContentLength}`,
        'XX000',
      );
    }
    await pipeline((await this.object(entry.url)) as Readable, createWriteStream(path));
  }

  private async object(uri: string) {
    const { bucket, key } = parseS3Uri(uri);
    return (await this.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body;
  }

  private async get(uri: string): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const chunk of (await this.object(uri)) as Readable) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }
}

/** Redshift VARCHAR(n) counts bytes where PostgreSQL counts characters: refuse what Redshift would. */
async function checkVarcharBytes(duckdb: DuckdbSession, parquet: string, columns: CopyTableColumn[], names: string[]): Promise<void> {
  for (const [i, column] of columns.entries()) {
    if (column.varcharBytes === undefined) continue;
    const found = await duckdb.connection.runAndReadAll(
      `SELECT min(line) AS line FROM (SELECT row_number() OVER () AS line, strlen(CAST(${duckdbIdentifier(names[i])} AS VARCHAR)) AS bytes ` +
        `FROM read_parquet(${duckdbString(parquet)})) WHERE bytes > ${column.varcharBytes}`,
    );
    const line = found.getRowObjects()[0]?.['line'];
    if (line !== null && line !== undefined) {
      throw Object.assign(new RedshiftError('Value too long for character type', '22001'), { line: Number(line), column: column.name });
    }
  }
}

export function parseS3Uri(uri: string): { bucket: string; key: string } {
  const m = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri);
  if (!m) throw new RedshiftError(`not an s3:// URI: ${uri}`, '22023');
  return { bucket: m[1], key: m[2] };
}
