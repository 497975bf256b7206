import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { quotePostgres, quotePostgresQualified } from '@tidemark/schema';
import { PostgresFixture, POSTGRES_URL, ServiceProcess, uniqueName } from '@tidemark/testing';
import { LeaseEvent } from './lease-history';

export const ROOT = resolve(__dirname, '../../..');
export const API_TOKEN = 'scale-out-api-token-0123456789';

export type App = 'extractor' | 'loader' | 'watermark-service';

/** `dist/apps/<app>/main.js`, built by buildApps (libs/testing). */
export const appMain = (app: App) => join(ROOT, `dist/apps/${app}/main.js`);

/**
 * The built watermark service as processes (one, or replicas started at the
 * same moment), over a throwaway PostgreSQL schema: the one coordination
 * point every extractor and loader talks to over HTTP. The test reads the
 * store's tables directly to see what the service recorded.
 */
export class SharedWatermarkService {
  private constructor(
    readonly processes: ServiceProcess[],
    readonly storeSchema: string,
    private readonly pg: PostgresFixture,
  ) {}

  /** Writes its config under `<dir>/watermark/` and starts `replicas` processes at once on the new store. */
  static async start(pg: PostgresFixture, dir: string, replicas = 1): Promise<SharedWatermarkService> {
    const storeSchema = uniqueName('tm_scale_wm');
    await pg.client.query(`CREATE SCHEMA ${quotePostgres(storeSchema)}`);
    const config = join(dir, 'watermark');
    mkdirSync(config, { recursive: true });
    writeFileSync(
      join(config, 'tidemark.yml'),
      [
        SharedWatermarkService.storeLine(storeSchema),
        `objectStore: { type: local, directory: ${join(dir, 'watermark-objects')} }`,
        `warehouse: { type: postgres, url: "${POSTGRES_URL}" }`,
        '',
      ].join('\n'),
    );
    const env = { TIDEMARK_CONFIG: config, TIDEMARK_API_TOKEN: API_TOKEN, NO_COLOR: '1' };
    const started = await Promise.allSettled(
      Array.from({ length: replicas }, () => ServiceProcess.start(appMain('watermark-service'), env)),
    );
    const processes = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    const failed = started.flatMap((s) => (s.status === 'rejected' ? [s.reason as Error] : []));
    if (failed.length > 0) {
      await Promise.all(processes.map((p) => p.stop()));
      await pg.dropSchema(storeSchema);
      throw new Error(`${failed.length} of ${replicas} watermark services did not start: ${failed[0].message}`);
    }
    return new SharedWatermarkService(processes, storeSchema, pg);
  }

  static storeLine(schema: string): string {
    return `watermarkStore: { type: postgres, url: "${POSTGRES_URL}", schema: ${schema} }`;
  }

  /** The first process's URL. */
  get url(): string {
    return this.processes[0].url;
  }

  /** Every grant, renewal and release the service recorded for the pipeline, in order. */
  async leaseEvents(pipeline: string): Promise<LeaseEvent[]> {
    const rows = await this.pg.rows<Record<string, string>>(
      `SELECT table_key, stage, holder, token, event, at, expires_at FROM ${this.table('tidemark_lease_events')} ` +
        'WHERE pipeline = $1 ORDER BY id',
      [pipeline],
    );
    return rows.map((r) => ({
      table: r['table_key'],
      stage: r['stage'],
      holder: r['holder'],
      token: Number(r['token']),
      event: r['event'],
      at: Date.parse(r['at']),
      expiresAt: Number(r['expires_at']),
    }));
  }

  /** Whether `holder` has a lease that is live now. */
  async holdsLiveLease(holder: string): Promise<boolean> {
    const [{ n }] = await this.pg.rows<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${this.table('tidemark_leases')} WHERE holder = $1 AND expires_at > $2`,
      [holder, Date.now()],
    );
    return n > 0;
  }

  /** The pipeline's manifests and their rows, by status. */
  async manifestTotals(pipeline: string): Promise<Record<string, { manifests: number; rows: number }>> {
    const rows = await this.pg.rows<{ status: string; manifests: number; rows: string }>(
      `SELECT status, count(*)::int AS manifests, sum(row_count) AS rows FROM ${this.table('tidemark_manifests')} ` +
        'WHERE pipeline = $1 GROUP BY status',
      [pipeline],
    );
    return Object.fromEntries(rows.map((r) => [r.status, { manifests: r.manifests, rows: Number(r.rows) }]));
  }

  /** How many rows the pipeline left in the store's growing tables. */
  async storeRows(pipeline: string): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const name of ['tidemark_lease_events', 'tidemark_watermark_history', 'tidemark_manifests']) {
      const [{ n }] = await this.pg.rows<{ n: number }>(`SELECT count(*)::int AS n FROM ${this.table(name)} WHERE pipeline = $1`, [
        pipeline,
      ]);
      counts[name] = n;
    }
    return counts;
  }

  async close(): Promise<void> {
    await Promise.all(this.processes.map((p) => p.stop()));
    await this.pg.dropSchema(this.storeSchema);
  }

  private table(name: string): string {
    return quotePostgresQualified(this.storeSchema, name);
  }
}
