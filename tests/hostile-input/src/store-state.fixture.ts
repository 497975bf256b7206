import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { DataSource } from 'typeorm';
import { quotePostgresQualified } from '@tidemark/schema';
import { FENCE_SUFFIX } from '@tidemark/warehouse';
import { MysqlFixture, mysqlDigest, PostgresFixture, TableDigest } from '@tidemark/testing';
import { HistoryEntity, ManifestEntity, WatermarkEntity } from '@tidemark/watermark-store';

/** Marks a run leaves on a failure by design (status, last error, run time): not the data's state. */
const RUN_MARK = /-(started|failed|succeeded)$/;

export interface StateSources {
  store: DataSource;
  objectsDir: string;
  db: MysqlFixture;
  pg: PostgresFixture;
  sourceTable: string;
  sourceColumns: string[];
}

/**
 * Everything a sync or a watermark command could change: cursors, counts,
 * manifests and the history of the watermark store; every object; every
 * warehouse table of the test's schemas; the source rows and tables.
 */
export interface SystemState {
  watermarks: unknown[];
  manifests: unknown[];
  history: unknown[];
  settings: unknown[];
  objects: Record<string, string>;
  warehouse: Record<string, { rows: number; digest: string }>;
  source: { tables: string[]; rows: TableDigest };
}

async function watermarks(store: DataSource): Promise<unknown[]> {
  const rows = await store.getRepository(WatermarkEntity).find({ order: { pipeline: 'ASC', tableKey: 'ASC' } });
  return rows.map((w) => ({
    pipeline: w.pipeline,
    table: w.tableKey,
    cursor: [w.extractCursorTs, w.extractCursorPk],
    extract: [w.extractRows, w.extractFiles, w.extractStrategy],
    load: [w.loadRows, w.loadManifests],
    backupStrategy: w.backupStrategy,
    metadata: w.metadata,
  }));
}

async function manifests(store: DataSource): Promise<unknown[]> {
  const rows = await store.getRepository(ManifestEntity).find({ order: { id: 'ASC' } });
  return rows.map(({ id, status, rowCount, fileCount, byteCount, body, loadedAt }) => ({
    id,
    status,
    rowCount,
    fileCount,
    byteCount,
    body,
    loadedAt,
  }));
}

async function history(store: DataSource): Promise<unknown[]> {
  const rows = await store.getRepository(HistoryEntity).find({ order: { id: 'ASC' } });
  return rows
    .filter((h) => !RUN_MARK.test(h.action))
    .map(({ id, action, actor, after }) => ({ id, action, actor, after }));
}

function objects(dir: string): Record<string, string> {
  let entries: string[];
  try {
    entries = readdirSync(dir, { recursive: true }) as string[];
  } catch {
    return {};
  }
  const out: Record<string, string> = {};
  for (const entry of entries.sort()) {
    const path = join(dir, entry);
    if (statSync(path).isFile())
      out[relative(dir, path)] = createHash('sha256').update(readFileSync(path)).digest('hex');
  }
  return out;
}

/** Row count and a digest of every table in the schemas named after the source database. */
async function warehouse(pg: PostgresFixture, prefix: string): Promise<SystemState['warehouse']> {
  const tables = await pg.rows<{ table_schema: string; table_name: string }>(
    `SELECT table_schema, table_name FROM information_schema.tables
      WHERE starts_with(table_schema, $1) ORDER BY table_schema, table_name`,
    [prefix],
  );
  const out: SystemState['warehouse'] = {};
  // A fence (ADR 0017) records that a loader took the table, as its lease in the store does; neither is data.
  for (const { table_schema: schema, table_name: name } of tables.filter((t) => !t.table_name.endsWith(FENCE_SUFFIX))) {
    const [row] = await pg.rows<{ rows: number; digest: string }>(
      `SELECT count(*)::int AS rows, md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS digest
         FROM ${quotePostgresQualified(schema, name)} t`,
    );
    out[`${schema}.${name}`] = row;
  }
  return out;
}

export async function captureState(s: StateSources): Promise<SystemState> {
  const [tables] = await s.db.connection.query('SHOW TABLES');
  return {
    watermarks: await watermarks(s.store),
    manifests: await manifests(s.store),
    history: await history(s.store),
    settings: await s.store.query('SELECT * FROM tidemark_settings ORDER BY 1'),
    objects: objects(s.objectsDir),
    warehouse: await warehouse(s.pg, s.db.database),
    source: {
      tables: (tables as Record<string, string>[]).map((t) => Object.values(t)[0]).sort(),
      rows: await mysqlDigest(s.db, s.sourceTable, s.sourceColumns),
    },
  };
}
