import { join } from 'node:path';
import { createConnection, Connection } from 'mysql2/promise';
import { DataSource } from 'typeorm';
import { LocalDirectoryStore } from '@tidemark/object-store';
import { DuckdbSession, duckdbIdentifier, duckdbString } from '@tidemark/parquet';
import { MYSQL_EXACT_VALUES } from '@tidemark/schema';
import { MysqlSource } from '@tidemark/source';
import { makeTempDir, PrivateMariadb, startBinlogMariadb } from '@tidemark/testing';
import { Manifest } from '@tidemark/watermark-model';
import { openWatermarkDataSource, WatermarkStore } from '@tidemark/watermark-store';
import { ExtractRequest } from '../lib/extract-request';
import { TableExtractor } from '../lib/table-extractor';

export const BINLOG_SCHEMA = 'h_bx';

/**
 * A private MariaDB writing a ROW binlog, a SQLite watermark store and a
 * local object store, for binlog extraction specs; `replica` applies the
 * registered manifests' changes in order, as a merge load would.
 */
export class BinlogWorld {
  private constructor(
    readonly server: PrivateMariadb,
    readonly dir: ReturnType<typeof makeTempDir>,
    readonly source: MysqlSource,
    private readonly dataSource: DataSource,
    readonly watermarks: WatermarkStore,
  ) {}

  static async create(): Promise<BinlogWorld> {
    const server = await startBinlogMariadb(1);
    const dir = makeTempDir();
    const db = await createConnection({ host: '127.0.0.1', port: server.port, user: 'root' });
    await db.query(`CREATE DATABASE ${BINLOG_SCHEMA}`);
    await db.end();
    const source = await MysqlSource.connect({ name: 'binlog', host: '127.0.0.1', port: server.port, user: 'root' });
    const dataSource = await openWatermarkDataSource({ type: 'sqlite', path: BinlogWorld.storePath(dir.path) });
    return new BinlogWorld(server, dir, source, dataSource, new WatermarkStore(dataSource));
  }

  static storePath(dir: string): string {
    return join(dir, 'wm.sqlite');
  }

  static objectsPath(dir: string): string {
    return join(dir, 'objects');
  }

  connect(): Promise<Connection> {
    return createConnection({
      host: '127.0.0.1',
      port: this.server.port,
      user: 'root',
      database: BINLOG_SCHEMA,
      ...MYSQL_EXACT_VALUES,
    });
  }

  extractor(targetFileBytes = 1 << 30, isDeadHolder?: (holder: string) => boolean): TableExtractor {
    return new TableExtractor({
      source: this.source,
      store: new LocalDirectoryStore(BinlogWorld.objectsPath(this.dir.path)),
      watermarks: this.watermarks,
      settings: { targetFileBytes, rowGroupRows: 1000, workDirectory: join(this.dir.path, 'work') },
      holder: `binlog-spec:${process.pid}`,
      isDeadHolder,
    });
  }

  request(table: string, extra: Partial<ExtractRequest> = {}): ExtractRequest {
    return binlogRequest(table, extra);
  }

  manifests(table: string): Promise<Manifest[]> {
    return this.watermarks.pendingManifests({ pipeline: 'p', table: `${BINLOG_SCHEMA}.${table}` });
  }

  /** Each manifest's rows as text: the source columns, then operation and order. */
  async changesOf(manifest: Manifest): Promise<string[][]> {
    if (manifest.files.length === 0 || !manifest.changes) return [];
    const session = await DuckdbSession.open({ tempDirectory: join(this.dir.path, 'duck') });
    try {
      const list = `[${manifest.files.map((f) => duckdbString(join(BinlogWorld.objectsPath(this.dir.path), f.key))).join(', ')}]`;
      const { operationColumn, orderColumn } = manifest.changes;
      // Microseconds printed in full, as MySQL prints DATETIME(6).
      const text = (name: string, dataType = '') =>
        ['datetime', 'timestamp'].includes(dataType)
          ? `strftime(${duckdbIdentifier(name)}, '%Y-%m-%d %H:%M:%S.%f')`
          : `CAST(${duckdbIdentifier(name)} AS VARCHAR)`;
      const select = [
        ...manifest.columns.map((c) => text(c.name, c.dataType)),
        text(operationColumn),
        text(orderColumn),
      ].join(', ');
      const reader = await session.connection.runAndReadAll(
        `SELECT ${select} FROM read_parquet(${list}) ORDER BY CAST(${duckdbIdentifier(orderColumn)} AS BIGINT)`,
      );
      return reader.getRows().map((r) => r.map((v) => (v === null ? null : String(v))) as string[]);
    } finally {
      session.close();
    }
  }

  /** The table as a merge load of every registered manifest leaves it: by key (first column), changes applied in order. */
  async replica(table: string): Promise<string[][]> {
    const rows = new Map<string, string[]>();
    let lastOrder = -1n;
    for (const manifest of await this.manifests(table)) {
      for (const change of await this.changesOf(manifest)) {
        const order = BigInt(change[change.length - 1]);
        if (order <= lastOrder) throw new Error(`change order ${order} after ${lastOrder} in manifest ${manifest.id}`);
        lastOrder = order;
        const op = change[change.length - 2];
        const values = change.slice(0, -2);
        if (op === 'delete') rows.delete(values[0]);
        else rows.set(values[0], values);
      }
    }
    return [...rows.values()].sort(byFirst);
  }

  /** The source table as text, sorted by its first column. */
  async sourceRows(table: string): Promise<string[][]> {
    const db = await this.connect();
    try {
      const [rows] = await db.query({ sql: `SELECT * FROM \`${table.replace(/`/g, '``')}\``, rowsAsArray: true });
      return (rows as unknown[][]).map((r) => r.map((v) => (v === null ? null : String(v))) as string[]).sort(byFirst);
    } finally {
      await db.end();
    }
  }

  async close(): Promise<void> {
    await this.source?.close();
    await this.dataSource?.destroy();
    await this.server?.stop();
    this.dir?.remove();
  }
}

const byFirst = (a: string[], b: string[]) => (BigInt(a[0]) < BigInt(b[0]) ? -1 : BigInt(a[0]) > BigInt(b[0]) ? 1 : 0);

export function binlogRequest(table: string, extra: Partial<ExtractRequest> = {}): ExtractRequest {
  return {
    pipeline: 'p',
    tableKey: `${BINLOG_SCHEMA}.${table}`,
    location: { prefix: 'tm', pipeline: 'p', connection: 'binlog', schema: BINLOG_SCHEMA, table },
    strategy: 'binlog',
    cursorColumn: '',
    batchSize: 50,
    ...extra,
  };
}
