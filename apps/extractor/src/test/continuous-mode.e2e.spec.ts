import { spawnSync } from 'node:child_process';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@tidemark/config';
import { SyncModule, WatermarkConnection } from '@tidemark/sync';
import {
  buildApps,
  mysqlDigest,
  MYSQL,
  postgresDigest,
  RealServers,
  ServiceProcess,
  waitUntil,
} from '@tidemark/testing';
import { ManifestSummary, millisFromCanonical } from '@tidemark/watermark-model';
import { createBucket, secretEnv, writeObservedConfig } from './observed-config.fixture';
import { manifestsAndLedger } from './ledger.fixture';
import { logLines, mainJs, ROOT, scrape, Scrape } from './observed-service.fixture';

const COLUMNS = ['id', 'updated_at', 'note'];
/** Micro-batches every 2 s, sooner at 150 waiting rows: a row should be queryable well within BOUND_S. */
const CONTINUOUS = '{ intervalSeconds: 2, maxBufferedRows: 150, probeSeconds: 1 }';
const BOUND_S = 15;
const PHASE1_S = 30;
const STOP_BOUND_S = 30;

/**
 * Inserts 8 rows and updates 3 older ones every 100 ms (about 110 changes
 * a second), each statement committed on its own, and remembers when each
 * insert committed.
 */
class Writer {
  readonly insertedAt = new Map<number, number>();
  private next = 1;
  private running?: Promise<void>;
  private stopped = false;

  constructor(private readonly exec: (sql: string, params?: unknown[]) => Promise<void>) {}

  async seed(rows: number): Promise<void> {
    await this.exec("INSERT INTO events SELECT seq, NOW(6), CONCAT('seed ', seq) FROM seq_1_to_" + rows);
    this.next = rows + 1;
  }

  start(): void {
    this.stopped = false;
    this.running = (async () => {
      while (!this.stopped) {
        const ids = Array.from({ length: 8 }, () => this.next++);
        await this.exec(
          `INSERT INTO events VALUES ${ids.map(() => '(?, NOW(6), ?)').join(', ')}`,
          ids.flatMap((id) => [id, `new ${id}`]),
        );
        const at = Date.now();
        for (const id of ids) this.insertedAt.set(id, at);
        for (let i = 0; i < 3; i++) {
          const id = 1 + Math.floor(Math.random() * (this.next - 1));
          await this.exec("UPDATE events SET updated_at = NOW(6), note = CONCAT('updated ', id) WHERE id = ?", [id]);
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.running;
  }
}

/** When each written row was first seen in the warehouse, polled every 250 ms. */
class Visibility {
  readonly seenAt = new Map<number, number>();
  private timer?: NodeJS.Timeout;

  constructor(private readonly ids: () => Promise<number[]>) {}

  start(): void {
    const poll = async () => {
      const now = Date.now();
      for (const id of await this.ids().catch(() => [])) if (!this.seenAt.has(id)) this.seenAt.set(id, now);
      this.timer = setTimeout(() => void poll(), 250);
    };
    void poll();
  }

  stop(): void {
    clearTimeout(this.timer);
  }
}

/** The histogram's series for one table: cumulative bucket counts by upper bound, count and sum. */
function histogram(metrics: Scrape, name: string, labels: Record<string, string>) {
  const mine = metrics.samples.filter((s) => Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  const buckets = mine
    .filter((s) => s.name === `${name}_bucket`)
    .map((s) => ({ le: s.labels['le'] === '+Inf' ? Infinity : Number(s.labels['le']), count: s.value }));
  return {
    buckets,
    count: mine.find((s) => s.name === `${name}_count`)?.value,
    sum: mine.find((s) => s.name === `${name}_sum`)?.value,
  };
}

/**
 * The extractor and the loader as real processes on a pipeline in
 * continuous mode, against real MariaDB, PostgreSQL and S3, with a writer
 * inserting and updating all along: rows appear within the bound, the
 * freshness histogram counts each loaded manifest once with a value its
 * rows and load times allow, SIGTERM in the middle of a batch makes both
 * exit 0 quickly, and the next continuous run completes the table exactly.
 */
describe('continuous mode under a live writer (built extractor and loader, real processes)', () => {
  let servers: RealServers;
  let config: string;
  let env: NodeJS.ProcessEnv;
  let sync: INestApplicationContext;
  let table: string;
  let writer: Writer | undefined;
  let visibility: Visibility | undefined;
  const started: ServiceProcess[] = [];
  const secrets = { mysqlPassword: MYSQL.password, warehousePassword: 'unused-by-trust' };
  const start = async (app: 'extractor' | 'loader') => {
    const service = await ServiceProcess.start(mainJs(app), env);
    started.push(service);
    return service;
  };
  const manifests = async (): Promise<ManifestSummary[]> =>
    (await sync.get(WatermarkConnection).api()).manifests({ pipeline: 'live', table });
  const runsStarted = (service: ServiceProcess, stage: string) =>
    logLines(service.log).filter((l) => l.msg === `${stage} run started`).length;

  beforeAll(async () => {
    buildApps('extractor', 'loader', 'cli');
    servers = await RealServers.open('h_cont');
    const { db } = servers;
    table = `${db.database}.events`;
    await db.exec(
      'CREATE TABLE events (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL, note VARCHAR(64), KEY (updated_at))',
    );
    config = writeObservedConfig(servers.dir.path, 'config', {
      bucket: await createBucket(db),
      mysqlUser: MYSQL.user,
      pipelines: { live: `connection: default\ncontinuous: ${CONTINUOUS}\ntables:\n  ${table}: { batchSize: 400 }\n` },
    });
    env = { TIDEMARK_CONFIG: config, ...secretEnv(secrets) };
    sync = await NestFactory.createApplicationContext(
      SyncModule.forConfig(loadConfig(config, { ...process.env, ...env })),
      {
        logger: false,
      },
    );
  }, 300_000);

  afterAll(async () => {
    visibility?.stop();
    await writer?.stop();
    for (const service of started) await service.stop('SIGKILL');
    await sync?.close();
    await servers?.close();
  });

  it('keeps the warehouse within seconds of the source, stops on SIGTERM mid-batch with exit 0, and the next run completes the table exactly', async () => {
    const { db, pg } = servers;
    const source = new Writer((sql, params) => db.exec(sql, params));
    writer = source;
    await source.seed(500);
    const seen = new Visibility(async () =>
      (await pg.rows<{ id: number }>(`SELECT id FROM "${db.database}"."events"`)).map((r) => Number(r.id)),
    );
    visibility = seen;

    // Phase 1: both services up, the writer writing.
    let extractor = await start('extractor');
    let loader = await start('loader');
    seen.start();
    source.start();
    const phase1Start = Date.now();
    await new Promise((r) => setTimeout(r, PHASE1_S * 1000));
    expect(extractor.log).toContain(`live: extract runs continuously, every 2 s or when 150 rows wait`);
    expect(runsStarted(extractor, 'extract')).toBeGreaterThan(3);
    expect(runsStarted(loader, 'load')).toBeGreaterThan(3);

    // SIGTERM each service right as a batch of it starts, the writer still writing.
    const stopAtNextBatch = async (service: ServiceProcess, stage: string) => {
      const before = runsStarted(service, stage);
      await waitUntil(() => runsStarted(service, stage) > before, 20_000, 5);
      const signalled = Date.now();
      const exit = await service.stop('SIGTERM', 60_000);
      return { exit, seconds: (Date.now() - signalled) / 1000 };
    };
    const stoppedAt = Date.now();
    const [extractorStop, loaderStop] = await Promise.all([
      stopAtNextBatch(extractor, 'extract'),
      stopAtNextBatch(loader, 'load'),
    ]);
    expect(extractorStop.exit).toEqual({ code: 0, signal: null, killed: false });
    expect(loaderStop.exit).toEqual({ code: 0, signal: null, killed: false });
    expect(extractorStop.seconds).toBeLessThan(STOP_BOUND_S);
    expect(loaderStop.seconds).toBeLessThan(STOP_BOUND_S);
    expect(extractor.log).toContain('SIGTERM: stopping 1 running extract run(s)');
    console.log(
      `continuous mode, SIGTERM to exit: extractor ${extractorStop.seconds.toFixed(2)} s, loader ${loaderStop.seconds.toFixed(2)} s`,
    );

    // Every row inserted in phase 1 was queryable within BOUND_S of its commit (those still unseen were inserted within BOUND_S of the stop).
    const delays = (from: number, to: number, end: number) =>
      [...source.insertedAt]
        .filter(([, at]) => at >= from && at < to)
        .map(([id, at]) => ({
          id,
          seconds: ((seen.seenAt.get(id) ?? (at < end - BOUND_S * 1000 ? Infinity : at)) - at) / 1000,
        }));
    const early = delays(phase1Start, stoppedAt, stoppedAt);
    expect(early.filter((d) => seen.seenAt.has(d.id)).length).toBeGreaterThan(1000);
    expect(early.filter((d) => d.seconds > BOUND_S)).toEqual([]);
    const worst = (list: { seconds: number }[]) => Math.max(...list.map((d) => d.seconds));
    console.log(
      `continuous mode, phase 1: ${early.length} rows inserted, slowest seen in the warehouse after ${worst(early).toFixed(2)} s`,
    );

    // Phase 2: the writer goes on while nothing runs, then a second continuous run starts.
    await new Promise((r) => setTimeout(r, 3_000));
    const restartedAt = new Date().toISOString();
    extractor = await start('extractor');
    loader = await start('loader');
    const restarted = Date.now();
    await new Promise((r) => setTimeout(r, 8_000));
    await source.stop();
    const writerStopped = Date.now();

    // The table converges: no row lost, none twice, every manifest loaded once.
    const converged = await waitUntil(
      async () =>
        JSON.stringify(await postgresDigest(pg, db.database, 'events', COLUMNS)) ===
        JSON.stringify(await mysqlDigest(db, 'events', COLUMNS)),
      BOUND_S * 1000,
      500,
    );
    const convergedSeconds = (Date.now() - writerStopped) / 1000;
    expect(await postgresDigest(pg, db.database, 'events', COLUMNS)).toEqual(await mysqlDigest(db, 'events', COLUMNS));
    expect(converged).toBe(true);
    const [{ n: warehouseRows }] = await pg.rows<{ n: string }>(`SELECT COUNT(*) AS n FROM "${db.database}"."events"`);
    expect(Number(warehouseRows)).toBe(source.insertedAt.size + 500);
    const { all, ledger } = await manifestsAndLedger(pg, db.database, table, manifests, 10_000);
    expect(all.filter((m) => m.status !== 'loaded')).toEqual([]);
    expect(ledger.filter((l) => l.times !== 1)).toEqual([]);
    expect(ledger.map((l) => l.manifest_id).sort()).toEqual(all.map((m) => m.id).sort());

    // Rows inserted after the restart were queryable within the bound too.
    seen.stop();
    const late = delays(restarted, Infinity, Date.now());
    expect(late.length).toBeGreaterThan(0);
    expect(late.filter((d) => d.seconds > BOUND_S)).toEqual([]);
    console.log(
      `continuous mode, after the restart: ${late.length} rows, slowest after ${worst(late).toFixed(2)} s; converged ${convergedSeconds.toFixed(1)} s after the writer stopped`,
    );

    // The second loader observed each manifest it loaded once, with a value between what registration and report allow.
    // Freshness measures manifests with rows and a cursor time: not a first run's key scan (ADR 0050), nor its empty end.
    const timed = all.filter((m) => m.minCursor.timestamp !== null && m.rows > 0);
    const loadedHere = timed.filter((m) => (m.loadedAt as string) >= restartedAt);
    expect(loadedHere.length).toBeGreaterThan(0);
    const oldest = (m: ManifestSummary) => millisFromCanonical(m.minCursor.timestamp as string);
    const low = loadedHere.map((m) => Math.max(0, (Date.parse(m.createdAt) - oldest(m)) / 1000) - 0.001);
    const high = loadedHere.map((m) => Math.max(0, (Date.parse(m.loadedAt as string) - oldest(m)) / 1000) + 0.001);
    const freshness = histogram(await scrape(loader.url), 'tidemark_freshness_seconds', { pipeline: 'live', table });
    expect(freshness.count).toBe(loadedHere.length);
    expect(freshness.sum).toBeGreaterThanOrEqual(low.reduce((a, b) => a + b, 0));
    expect(freshness.sum).toBeLessThanOrEqual(high.reduce((a, b) => a + b, 0));
    expect(freshness.buckets.length).toBeGreaterThan(5);
    for (const { le, count } of freshness.buckets) {
      // At most the manifests that could be at or under `le`, at least those that must be.
      expect([le, count]).toEqual([le, expect.any(Number)]);
      expect(count).toBeGreaterThanOrEqual(high.filter((h) => h <= le).length);
      expect(count).toBeLessThanOrEqual(low.filter((l) => l <= le).length);
    }

    // status --lag shows the same freshness, from the manifests' load times.
    const cli = (...args: string[]) =>
      spawnSync('node', [`${ROOT}/dist/apps/cli/main.js`, '--config', config, ...args], {
        encoding: 'utf8',
        env: { ...process.env, ...env },
      });
    const json = cli('status', '-p', 'live', '--lag', '--json');
    expect(json.stderr).toBe('');
    const [status] = JSON.parse(json.stdout) as Array<{ table: string; freshness: Record<string, number | string> }>;
    const last = timed.reduce((a, b) => ((b.loadedAt as string) > (a.loadedAt as string) ? b : a));
    expect(status.table).toBe(table);
    expect(status.freshness).toMatchObject({
      lastSeconds: (Date.parse(last.loadedAt as string) - oldest(last)) / 1000,
      lastLoadedAt: last.loadedAt,
      loads: timed.length,
      windowSeconds: 3600,
    });
    expect(Number(status.freshness['p99Seconds'])).toBeGreaterThanOrEqual(Number(status.freshness['p50Seconds']));
    const text = cli('status', '-p', 'live', '--lag');
    expect(text.stdout).toMatch(/FRESHNESS/);
    expect(text.stdout).toContain(`, ${timed.length} loads in 1 h)`);
  }, 240_000);
});
