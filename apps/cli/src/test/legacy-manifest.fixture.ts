import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '@tidemark/config';
import { newRunId } from '@tidemark/extraction';
import { dataFileKey, manifestKey, sha256File, TableLocation } from '@tidemark/object-store';
import { DuckdbSession, ParquetFileWriter } from '@tidemark/parquet';
import { schemaFingerprint } from '@tidemark/schema';
import { readBatches } from '@tidemark/source';
import { NestFactory } from '@nestjs/core';
import { OBJECT_STORE, SourceConnections, SyncModule, WatermarkConnection } from '@tidemark/sync';
import { ObjectStore } from '@tidemark/object-store';
import { MYSQL } from '@tidemark/testing';
import { Manifest } from '@tidemark/watermark-model';

/**
 * Registers a pending manifest of a table's rows the way Tidemark wrote them
 * before `unstorableText` existed: the real Parquet writer with no rule (so
 * a NUL goes into the file as read), the real object store and the real
 * extract commit. The rows are read in key order; their cursor column is
 * `updated_at`, their key `id`.
 */
export async function commitManifestWithoutRule(configDir: string, pipeline: string, tableKey: string): Promise<Manifest> {
  const config = loadConfig(configDir, { ...process.env, TEST_MYSQL_PASSWORD: MYSQL.password });
  const app = await NestFactory.createApplicationContext(SyncModule.forConfig(config), { logger: false, abortOnError: false });
  const store = app.get<ObjectStore>(OBJECT_STORE);
  const [schema, table] = tableKey.split('.');
  const session = await DuckdbSession.open({ tempDirectory: join(config.workDirectory, 'legacy-duckdb'), memoryLimit: '96MB' });
  try {
    const source = await app.get(SourceConnections).source('default');
    const { columns } = await source.describeTable(schema, table);
    const writer = await ParquetFileWriter.create(session, columns);
    const rows: unknown[][] = [];
    const select = { sql: `SELECT * FROM \`${schema}\`.\`${table}\` ORDER BY updated_at, id`, params: [] };
    for await (const batch of readBatches<unknown[]>(source.stream(select))) rows.push(...batch);
    for (const row of rows) writer.append(row);
    const startedAt = new Date();
    const runId = newRunId(startedAt);
    const location: TableLocation = { prefix: config.objectStore.prefix, pipeline, connection: 'default', schema, table };
    const key = dataFileKey(location, startedAt, runId, 1);
    mkdirSync(config.workDirectory, { recursive: true });
    const path = join(config.workDirectory, `${runId}.parquet`);
    const written = await writer.flush(path);
    writer.close();
    const stored = await store.putFile(key, path);
    const cursorOf = (row: unknown[]) => ({
      timestamp: String(row[columns.findIndex((c) => c.name === 'updated_at')]),
      primaryKey: [String(row[columns.findIndex((c) => c.name === 'id')])],
    });
    const manifest: Manifest = {
      version: 1,
      id: `${runId}-00001`,
      pipeline,
      table: tableKey,
      runId,
      sequence: 1,
      createdAt: startedAt.toISOString(),
      strategy: 'hybrid',
      cursorColumn: 'updated_at',
      primaryKey: ['id'],
      columns,
      schemaFingerprint: schemaFingerprint(columns),
      files: [{ key, uri: store.uri(key), rows: written.rows, bytes: stored.bytes, sha256: await sha256File(path) }],
      rowCount: written.rows,
      byteCount: stored.bytes,
      minCursor: cursorOf(rows[0]),
      maxCursor: cursorOf(rows[rows.length - 1]),
    };
    await store.putBytes(manifestKey(location, startedAt, manifest.id), JSON.stringify(manifest, null, 2));
    await (await app.get(WatermarkConnection).api()).commitExtract({ pipeline, table: tableKey, manifest });
    return manifest;
  } finally {
    session.close();
    await app.close();
  }
}
