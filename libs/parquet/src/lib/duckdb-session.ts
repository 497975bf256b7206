import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { loadDuckdb } from './duckdb-module';

export interface DuckdbSessionOptions {
  /** DuckDB spills to this directory instead of growing past memoryLimit. */
  tempDirectory: string;
  memoryLimit?: string;
  threads?: number;
}

/** An in-memory DuckDB used as a Parquet encoder/decoder, never as a store. */
export class DuckdbSession {
  private constructor(
    private readonly instance: DuckDBInstance,
    readonly connection: DuckDBConnection,
  ) {}

  static async open(o: DuckdbSessionOptions): Promise<DuckdbSession> {
    const { DuckDBInstance } = await loadDuckdb();
    const instance = await DuckDBInstance.create(':memory:', {
      memory_limit: o.memoryLimit ?? '256MB',
      threads: String(o.threads ?? 2),
      temp_directory: o.tempDirectory,
      preserve_insertion_order: 'true',
      // Every file a session reads is read once (a downloaded file, a stretch joined at a flush). DuckDB
      // kept each file's bytes in its cache, up to the memory limit, so a load's RSS grew with its files (ADR 0048).
      enable_external_file_cache: 'false',
    });
    return new DuckdbSession(instance, await instance.connect());
  }

  async run(sql: string): Promise<void> {
    await this.connection.run(sql);
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}

/** DuckDB string literal; DuckDB takes file paths only as literals in COPY. */
export function duckdbString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

export function duckdbIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
