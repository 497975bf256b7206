import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@tidemark/config';
import { SyncModule, WatermarkConnection } from '@tidemark/sync';
import {
  buildApps,
  makeTempDir,
  mysqlDigest,
  MysqlFixture,
  PostgresFixture,
  postgresDigest,
  PrivateMariadb,
  ServiceProcess,
  startBinlogMariadb,
  waitUntil,
} from '@tidemark/testing';
import { ManifestSummary } from '@tidemark/watermark-model';
import { createBucket, secretEnv, writeObservedConfig } from './observed-config.fixture';
import { manifestsAndLedger } from './ledger.fixture';
import { mainJs } from './observed-service.fixture';

const COLUMNS = ['id', 'note', 'amount', 'changed_at'];
const SEED_ROWS = 20_000;
const WRITE_S = 60;
const CONVERGE_S = 40;
/** Each tick: 50 inserts, 30 updates and 20 deletes, every 100 ms: about 1,000 row changes a second. */
const TICK_MS = 100;
const PER_TICK = { inserts: 50, updates: 30, deletes: 20 };

/**
 * Inserts, updates and deletes about 1,000 rows a second, each statement
 * committed on its own; updates and deletes pick random ids, so some hit
 * rows that are gone (as in life) and some hit rows still in the snapshot.
 */
class ChangeWriter {
  changes = 0;
  private next = SEED_ROWS + 1;
  private stopped = false;
  private running?: Promise<void>;

  constructor(private readonly db: MysqlFixture) {}

  start(): void {
    const randomIds = (n: number) => Array.from({ length: n }, () => 1 + Math.floor(Math.random() * (this.next - 1)));
    this.running = (async () => {
      while (!this.stopped) {
        const tick = Date.now();
        const ids = Array.from({ length: PER_TICK.inserts }, () => this.next++);
        await this.db.exec(
          `INSERT INTO items VALUES ${ids.map(() => '(?, ?, ?, NOW(6))').join(', ')}`,
          ids.flatMap((id) => [id, `new ${id}`, (id % 10_000) / 100]),
        );
        await this.db.exec(
          "UPDATE items SET note = CONCAT('updated ', id), amount = amount + 1, changed_at = NOW(6) WHERE id IN (?)",
          [randomIds(PER_TICK.updates)],
        );
        await this.db.exec('DELETE FROM items WHERE id IN (?)', [randomIds(PER_TICK.deletes)]);
        this.changes += PER_TICK.inserts + PER_TICK.updates + PER_TICK.deletes;
        await new Promise((r) => setTimeout(r, Math.max(0, TICK_MS - (Date.now() - tick))));
      }
    })();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.running;
  }
}

/** Seconds into the write window at which to kill: three extractor kills spread over it, one loader kill anywhere. */
function killPlan(random: () => number) {
  const between = (from: number, to: number) => from + random() * (to - from);
  return [
    { app: 'extractor' as const, at: between(2, 12) },
    { app: 'extractor' as const, at: between(15, 35) },
    { app: 'extractor' as const, at: between(38, 56) },
    { app: 'loader' as const, at: between(5, 55) },
  ].sort((a, b) => a.at - b.at);
}

/**
 * Issue 20's end-to-end test of the binlog strategy: a table snapshotted and
 * then streamed by the built extractor and loader services in continuous
 * mode, from a private MariaDB with a ROW binlog, while a writer changes
 * ~1,000 rows a second for 60 s; the extractor is killed with SIGKILL three
 * times and the loader once, at random moments, each restarted at once.
 * Afterwards the warehouse equals the source row for row (deletes included),
 * holds no key twice, and the ledger holds each manifest exactly once.
 */
describe('binlog table in continuous mode under a 1,000 rows/s writer, with kill -9 of both services', () => {
  let server: PrivateMariadb;
  let db: MysqlFixture;
  let pg: PostgresFixture;
  let sync: INestApplicationContext;
  let writer: ChangeWriter | undefined;
  let env: NodeJS.ProcessEnv;
  const dir = makeTempDir();
  const services: ServiceProcess[] = [];
  const start = async (app: 'extractor' | 'loader') => {
    const service = await ServiceProcess.start(mainJs(app), env);
    services.push(service);
    return service;
  };

  beforeAll(async () => {
    buildApps('extractor', 'loader');
    server = await startBinlogMariadb(1);
    db = await MysqlFixture.create('h_cdc', server.port);
    pg = await PostgresFixture.connect();
    await db.exec(
      'CREATE TABLE items (id INT PRIMARY KEY, note VARCHAR(40), amount DECIMAL(12,2), changed_at DATETIME(6) NOT NULL)',
    );
    await db.exec(`INSERT INTO items SELECT seq, CONCAT('seed ', seq), seq / 100, NOW(6) FROM seq_1_to_${SEED_ROWS}`);
    const config = writeObservedConfig(dir.path, 'config', {
      bucket: await createBucket(db),
      mysqlUser: 'root',
      mysqlPort: server.port,
      pipelines: {
        cdc: [
          'connection: default',
          'continuous: { intervalSeconds: 2, maxBufferedRows: 2000, probeSeconds: 1 }',
          'tables:',
          `  ${db.database}.items: { strategy: binlog, batchSize: 5000 }`,
          '',
        ].join('\n'),
      },
    });
    env = { TIDEMARK_CONFIG: config, ...secretEnv({ mysqlPassword: '', warehousePassword: 'unused-by-trust' }) };
    sync = await NestFactory.createApplicationContext(
      SyncModule.forConfig(loadConfig(config, { ...process.env, ...env })),
      { logger: false },
    );
  }, 300_000);

  afterAll(async () => {
    await writer?.stop();
    for (const service of services) await service.stop('SIGKILL');
    await sync?.close();
    if (db) await pg?.dropSchema(db.database);
    await pg?.close();
    await db?.drop();
    await server?.stop();
    dir.remove();
  });

  it('ends equal to the source row for row, no key twice, each manifest in the ledger once', async () => {
    const table = `${db.database}.items`;
    const seed = Date.now();
    let state = seed;
    const random = () => (state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const plan = killPlan(random);
    console.log(`kill plan (seed ${seed}): ${plan.map((k) => `${k.app} at ${k.at.toFixed(1)} s`).join(', ')}`);

    const running = { extractor: await start('extractor'), loader: await start('loader') };
    writer = new ChangeWriter(db);
    const began = Date.now();
    writer.start();
    for (const kill of plan) {
      await new Promise((r) => setTimeout(r, Math.max(0, began + kill.at * 1000 - Date.now())));
      const exit = await running[kill.app].stop('SIGKILL');
      expect(exit.signal).toBe('SIGKILL');
      running[kill.app] = await start(kill.app);
    }
    await new Promise((r) => setTimeout(r, Math.max(0, began + WRITE_S * 1000 - Date.now())));
    await writer.stop();
    const wrote = writer.changes;
    const writeSeconds = (Date.now() - began) / 1000;

    const source = await mysqlDigest(db, 'items', COLUMNS);
    const stopped = Date.now();
    const converged = await waitUntil(
      async () =>
        JSON.stringify(await postgresDigest(pg, db.database, 'items', COLUMNS).catch(() => null)) ===
        JSON.stringify(source),
      CONVERGE_S * 1000,
      500,
    );
    console.log(
      `binlog continuous: ${wrote} row changes in ${writeSeconds.toFixed(1)} s (${Math.round(wrote / writeSeconds)}/s); ` +
        `warehouse equal ${((Date.now() - stopped) / 1000).toFixed(1)} s after the writer stopped`,
    );
    expect(wrote / writeSeconds).toBeGreaterThan(500);
    expect(await postgresDigest(pg, db.database, 'items', COLUMNS)).toEqual(source);
    expect(converged).toBe(true);
    const [keys] = await pg.rows<{ rows: string; ids: string }>(
      `SELECT COUNT(*) AS rows, COUNT(DISTINCT id) AS ids FROM "${db.database}"."items"`,
    );
    expect(Number(keys.rows)).toBe(source.count);
    expect(Number(keys.ids)).toBe(source.count);

    // Every manifest registered is loaded, and the ledger holds each exactly once.
    const manifests = async (): Promise<ManifestSummary[]> =>
      (await sync.get(WatermarkConnection).api()).manifests({ pipeline: 'cdc', table });
    const { all, ledger } = await manifestsAndLedger(pg, db.database, table, manifests, 20_000);
    expect(all.filter((m) => m.status !== 'loaded')).toEqual([]);
    expect(ledger.filter((l) => l.times !== 1)).toEqual([]);
    expect(ledger.map((l) => l.manifest_id).sort()).toEqual(all.map((m) => m.id).sort());
    console.log(`binlog continuous: ${all.length} manifests, each in the ledger once`);
  }, 300_000);
});
