import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '@tidemark/config';
import { newRunId } from '@tidemark/extraction';
import { dataFileKey, manifestKey, sha256File, TableLocation } from '@tidemark/object-store';
import { DuckdbSession, ParquetFileWriter } from '@tidemark/parquet';
import { schemaFingerprint } from '@tidemark/schema';
import { readBatches } from '@tidemark/source';
import { EmbeddedContext } from '@tidemark/sync';
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
  const ctx = new EmbeddedContext(loadConfig(configDir, { ...process.env, TEST_MYSQL_PASSWORD: MYSQL.password }));
  const [schema, table] = tableKey.split('.');
  const session = await DuckdbSession.open({ tempDirectory: join(ctx.config.workDirectory, 'legacy-duckdb'), memoryLimit: '96MB' });
  try {
    const source = await ctx.source('default');
    const { columns } = await source.describeTable(schema, table);
    const writer = await ParquetFileWriter.create(session, columns);
    const rows: unknown[][] = [];
    const select = { sql: `SELECT * FROM \`${schema}\`.\`${table}\` ORDER BY updated_at, id`, params: [] };
    for await (const batch of readBatches<unknown[]>(source.stream(select))) rows.push(...batch);
    for (const row of rows) writer.append(row);
    const startedAt = new Date();
    const runId = newRunId(startedAt);
    const location: TableLocation = { prefix: ctx.config.objectStore.prefix, pipeline, connection: 'default', schema, table };
    const key = dataFileKey(location, startedAt, runId, 1);
    mkdirSync(ctx.config.workDirectory, { recursive: true });
    const path = join(ctx.config.workDirectory, `${runId}.parquet`);
    const written = await writer.flush(path);
    writer.close();
    const stored = await ctx.store().putFile(key, path);
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
      files: [{ key, uri: ctx.store().uri(key), rows: written.rows, bytes: stored.bytes, sha256: await sha256File(path) }],
      rowCount: written.rows,
      byteCount: stored.bytes,
      minCursor: cursorOf(rows[0]),
      maxCursor: cursorOf(rows[rows.length - 1]),
    };
    await ctx.store().putBytes(manifestKey(location, startedAt, manifest.id), JSON.stringify(manifest, null, 2));
    await (await ctx.watermarks()).commitExtract({ pipeline, table: tableKey, manifest });
    return manifest;
  } finally {
    session.close();
    await ctx.close();
  }
}
