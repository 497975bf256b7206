import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { dataFileKey, manifestKey, TableLocation } from '@tidemark/object-keys';
import type { ObjectStore } from '@tidemark/object-store';
import { DuckdbSession, ParquetFileWriter } from '@tidemark/parquet';
import { CHANGE_COLUMNS, changeColumnSchemas, loadOrderColumnOf, schemaFingerprint } from '@tidemark/schema';
import {
  ColumnSchema,
  EMPTY_CURSOR,
  loadOrderValue,
  Manifest,
  ManifestChanges,
  ManifestFile,
  WatermarkPort,
} from '@tidemark/watermark-model';

export type ChangeOperation = 'insert' | 'update' | 'delete';

/** One row change: its operation, the full row image (source columns in order) and its binlog order. */
export interface ChangeRow {
  op: ChangeOperation;
  row: unknown[];
  order: number;
}

export interface ChangeTable {
  pipeline: string;
  tableKey: string;
  location: TableLocation;
  columns: ColumnSchema[];
  primaryKey: string[];
  /** Absent: plain rows (a cursor strategy's manifest), each change's row image only. */
  changes?: ManifestChanges;
  /** The DuckDB type each file column is written as (Redshift: typed for the warehouse column); default the PostgreSQL one. */
  fileTypeOf?: (c: ColumnSchema) => string;
}

/** The change columns' default names. */
export const DEFAULT_CHANGES: ManifestChanges = CHANGE_COLUMNS;

/**
 * For load specs: binlog change manifests as the extractor writes them
 * (ManifestChanges, on main), built directly: each group of changes one
 * Parquet file (ParquetFileWriter; source columns, change columns, load
 * order), uploaded, the manifest's JSON beside the files, registered with the
 * watermark store under an extract lease, its run id in the extractor's
 * form. Built here rather than by libs/extraction's recordManifest, which
 * does not carry `changes` yet.
 */
export class ChangeManifests {
  constructor(
    private readonly watermarks: WatermarkPort,
    private readonly store: ObjectStore,
    private readonly workDirectory: string,
    private readonly table: ChangeTable,
  ) {}

  /** Each inner list becomes one file of one new manifest, registered as pending load. */
  async register(files: ChangeRow[][]): Promise<Manifest> {
    const { pipeline, tableKey } = this.table;
    const lease = await this.watermarks.acquireLease({
      pipeline,
      table: tableKey,
      stage: 'extract',
      holder: 'change-manifests-fixture',
      ttlSeconds: 60,
    });
    try {
      const startedAt = new Date();
      const runId = `${startedAt.toISOString().replace(/[-:.]/g, '')}-${randomBytes(3).toString('hex')}`;
      const loadOrder = { column: loadOrderColumnOf(this.fileColumns()), value: loadOrderValue(lease.token, 1) };
      const written = await this.writeFiles(files, runId, startedAt, loadOrder);
      const manifest: Manifest = {
        version: 1,
        id: `${runId}-00001`,
        pipeline,
        table: tableKey,
        runId,
        sequence: 1,
        createdAt: startedAt.toISOString(),
        strategy: this.table.changes ? 'binlog' : 'hybrid',
        cursorColumn: null,
        primaryKey: this.table.primaryKey,
        columns: this.table.columns,
        loadOrder,
        schemaFingerprint: schemaFingerprint(this.table.columns),
        files: written,
        rowCount: written.reduce((n, f) => n + f.rows, 0),
        byteCount: written.reduce((n, f) => n + f.bytes, 0),
        minCursor: EMPTY_CURSOR,
        maxCursor: EMPTY_CURSOR,
        ...(this.table.changes && {
          changes: this.table.changes,
          sourceCommitTimes: { oldest: startedAt.toISOString(), newest: startedAt.toISOString() },
        }),
      };
      await this.store.putBytes(manifestKey(this.table.location, startedAt, manifest.id), JSON.stringify(manifest));
      await this.watermarks.commitExtract({ pipeline, table: tableKey, manifest, fencingToken: lease.token });
      return manifest;
    } finally {
      await this.watermarks.releaseLease(lease);
    }
  }

  private fileColumns(): ColumnSchema[] {
    const { columns, changes } = this.table;
    return changes ? [...columns, ...changeColumnSchemas(changes)] : columns;
  }

  private async writeFiles(
    files: ChangeRow[][],
    runId: string,
    startedAt: Date,
    loadOrder: { column: string; value: string },
  ): Promise<ManifestFile[]> {
    const dir = join(this.workDirectory, runId);
    mkdirSync(dir, { recursive: true });
    const session = await DuckdbSession.open({ tempDirectory: join(dir, 'duckdb') });
    try {
      const columns = this.fileColumns();
      const writer = await ParquetFileWriter.create(session, columns, {
        fileTypes: this.table.fileTypeOf && columns.map(this.table.fileTypeOf),
      });
      const out: ManifestFile[] = [];
      for (const [index, changes] of files.entries()) {
        for (const c of changes) {
          writer.append(this.table.changes ? [...c.row, c.op, `binlog.000001:${c.order}`, String(c.order)] : c.row);
        }
        const path = join(dir, `${index}.parquet`);
        const { rows } = await writer.flush(path, { name: loadOrder.column, value: loadOrder.value });
        const key = dataFileKey(this.table.location, startedAt, runId, index + 1);
        const sha256 = createHash('sha256').update(readFileSync(path)).digest('hex');
        const stored = await this.store.putFile(key, path);
        out.push({ key, uri: this.store.uri(key), rows, bytes: stored.bytes, sha256 });
      }
      writer.close();
      return out;
    } finally {
      session.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
}
