import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { RealServers, ServiceProcess, writeConfigFiles } from '@tidemark/testing';
import { Manifest } from '@tidemark/watermark-model';
import { ManifestEntity, openWatermarkDataSource } from '@tidemark/watermark-store';
import { Outcome, runCli, SERVICE_MAIN } from './binaries.fixture';
import { captureState, SystemState } from './store-state.fixture';

export const API_TOKEN = 'hostile-suite-token-0123456789';

/** Puts back what an arrangement changed. */
export type Undo = () => void | Promise<void>;

export interface ApiRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Replaces the default `Authorization: Bearer <API_TOKEN>`; `{}` sends none. */
  headers?: Record<string, string>;
  /** An object is sent as JSON; a string as it is (with `contentType`). */
  body?: unknown;
  contentType?: string;
}

const COLUMNS = ['id', 'name', 'updated_at'];

/**
 * A table synced once (5 rows loaded) with a second extract pending (3
 * rows), a config directory, its SQLite watermark store and local object
 * store, and the real watermark service over the same store. Hostile cases
 * run against this, and `state()` says whether any of it changed.
 */
export class HostileWorld {
  private constructor(
    readonly servers: RealServers,
    readonly config: string,
    readonly store: DataSource,
    readonly service: ServiceProcess,
  ) {}

  get table(): string {
    return `${this.servers.db.database}.orders`;
  }

  private get stateDir(): string {
    return join(this.servers.dir.path, 'config-state');
  }

  static async open(): Promise<HostileWorld> {
    const servers = await RealServers.open('tm_hostile');
    const { db } = servers;
    const config = writeConfigFiles(servers.dir.path, 'config');
    await db.exec(
      'CREATE TABLE orders (id INT PRIMARY KEY, name VARCHAR(50) NOT NULL, updated_at DATETIME(6) NOT NULL)',
    );
    const row = (id: number) => [id, `order ${id}`, `2025-08-0${id < 6 ? 1 : 2} 10:00:00.00000${id}`];
    await db.insert('orders', COLUMNS, [1, 2, 3, 4, 5].map(row));
    const table = `${db.database}.orders`;
    mustSucceed(runCli(config, ['sync', '-t', table]));
    await db.insert('orders', COLUMNS, [6, 7, 8].map(row));
    mustSucceed(runCli(config, ['sync', '-t', table, '--backup-only']));
    const store = await openWatermarkDataSource({
      type: 'sqlite',
      path: join(servers.dir.path, 'config-state', 'watermarks.sqlite'),
    });
    const service = await ServiceProcess.start(SERVICE_MAIN, {
      TIDEMARK_CONFIG: config,
      TIDEMARK_API_TOKEN: API_TOKEN,
      // Every request logged (the service samples 1 % of successes by default): the log is searched for secrets.
      TIDEMARK_REQUEST_LOG_SAMPLE: '1',
    });
    return new HostileWorld(servers, config, store, service);
  }

  cli(args: string[], env: NodeJS.ProcessEnv = {}): Outcome {
    return runCli(this.config, args, env);
  }

  async api(path: string, request: ApiRequest = {}): Promise<Outcome> {
    const headers: Record<string, string> = request.headers ?? { Authorization: `Bearer ${API_TOKEN}` };
    let body: string | undefined;
    if (typeof request.body === 'string') body = request.body;
    else if (request.body !== undefined) body = JSON.stringify(request.body);
    if (body !== undefined) headers['Content-Type'] = request.contentType ?? 'application/json';
    const response = await fetch(`${this.service.url}${path}`, { method: request.method ?? 'GET', headers, body });
    const text = await response.text();
    return { status: response.status, text: errorMessage(text), stdout: text };
  }

  state(): Promise<SystemState> {
    const { db, pg } = this.servers;
    return captureState({
      store: this.store,
      objectsDir: join(this.stateDir, 'objects'),
      db,
      pg,
      sourceTable: 'orders',
      sourceColumns: COLUMNS,
    });
  }

  /** Writes a file of the config directory (e.g. `pipelines/hostile.yml`); the undo restores or removes it. */
  writeConfigFile(name: string, text: string): Undo {
    const path = join(this.config, name);
    let before: string | null = null;
    try {
      before = readFileSync(path, 'utf8');
    } catch {
      before = null;
    }
    writeFileSync(path, text);
    return () => (before === null ? rmSync(path) : writeFileSync(path, before));
  }

  readConfigFile(name: string): string {
    return readFileSync(join(this.config, name), 'utf8');
  }

  /** A file in the temp directory, e.g. a watermark document to import. */
  writeFile(name: string, text: string): string {
    const path = join(this.servers.dir.path, name);
    writeFileSync(path, text);
    return path;
  }

  private async manifestRows(): Promise<ManifestEntity[]> {
    return this.store.getRepository(ManifestEntity).find({ order: { createdAt: 'ASC', id: 'ASC' } });
  }

  /** The manifest loaded by the first sync, and the one still pending. */
  async manifests(): Promise<{ loaded: Manifest; pending: Manifest }> {
    const rows = await this.manifestRows();
    const body = (status: string) => JSON.parse(rows.find((r) => r.status === status)?.body ?? 'null') as Manifest;
    return { loaded: body('loaded'), pending: body('pending') };
  }

  /** Rewrites the pending manifest as the watermark store holds it (its body, and optionally its registered counts). */
  async tamperPendingManifest(
    body: (m: Manifest) => string,
    registered: Partial<Pick<ManifestEntity, 'rowCount' | 'byteCount' | 'fileCount'>> = {},
  ): Promise<Undo> {
    const repo = this.store.getRepository(ManifestEntity);
    const row = (await this.manifestRows()).find((r) => r.status === 'pending');
    if (!row) throw new Error('the world has no pending manifest');
    const original = { body: row.body, rowCount: row.rowCount, byteCount: row.byteCount, fileCount: row.fileCount };
    await repo.update({ id: row.id }, { body: body(JSON.parse(row.body) as Manifest), ...registered });
    return async () => {
      await repo.update({ id: row.id }, original);
    };
  }

  /** Replaces the bytes of an object in the local object store. */
  replaceObject(key: string, bytes: Buffer): Undo {
    const path = join(this.stateDir, 'objects', key);
    const original = readFileSync(path);
    writeFileSync(path, bytes);
    return () => writeFileSync(path, original);
  }

  readObject(key: string): Buffer {
    return readFileSync(join(this.stateDir, 'objects', key));
  }

  async close(): Promise<void> {
    await this.service?.stop();
    await this.store?.destroy();
    const schemas = await this.servers.pg.rows<{ name: string }>(
      'SELECT schema_name AS name FROM information_schema.schemata WHERE starts_with(schema_name, $1)',
      [this.servers.db.database],
    );
    for (const { name } of schemas) await this.servers.pg.dropSchema(name);
    await this.servers.close();
  }
}

/** The `message` of an error body (a string, or the validation pipe's list), else the body itself. */
function errorMessage(body: string): string {
  try {
    const message = (JSON.parse(body) as { message?: unknown }).message;
    if (Array.isArray(message)) return message.join('; ');
    if (typeof message === 'string') return message;
  } catch {
    // not JSON: the body is the message
  }
  return body;
}

function mustSucceed(outcome: Outcome): void {
  if (outcome.status !== 0)
    throw new Error(`setting up the hostile world failed (exit ${outcome.status}): ${outcome.text}`);
}
