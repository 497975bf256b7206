import { join, resolve } from 'node:path';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@tidemark/config';
import { RESUME_SIGNAL, pausedMarker } from '@tidemark/fault-injection';
import { PipelineRunner, SyncModule, WatermarkConnection } from '@tidemark/sync';
import {
  buildApps,
  makeTempDir,
  MYSQL,
  MysqlFixture,
  mysqlDigest,
  PostgresFixture,
  postgresDigest,
  ServiceProcess,
  waitUntil,
  writeConfigFiles,
} from '@tidemark/testing';

const ROOT = resolve(__dirname, '../../../..');
const TABLES = ['a', 'b', 'c'];
const COLUMNS = ['id', 'updated_at', 'note'];

/**
 * SIGTERM reaches the loader while a load's COPY is open (held there by the
 * test-only fault point): the load in progress finishes and commits whole,
 * the tables not started yet are skipped, and then the process exits.
 */
describe('the loader service stops cleanly on SIGTERM in the middle of a load (built, real process)', () => {
  let db: MysqlFixture;
  let pg: PostgresFixture;
  let dir: ReturnType<typeof makeTempDir>;
  let config: string;
  let sync: INestApplicationContext;
  const key = (t: string) => `${db.database}.${t}`;
  const start = (env: NodeJS.ProcessEnv = {}) =>
    ServiceProcess.start(join(ROOT, 'dist/apps/loader/main.js'), {
      TIDEMARK_CONFIG: config,
      TEST_MYSQL_PASSWORD: MYSQL.password,
      ...env,
    });
  const pending = async (t: string) =>
    (await (await sync.get(WatermarkConnection).api()).pendingManifests({ pipeline: 'shop', table: key(t) })).length;

  beforeAll(async () => {
    buildApps('loader');
    db = await MysqlFixture.create('tm_loadstop');
    pg = await PostgresFixture.connect();
    dir = makeTempDir();
    const tables = TABLES.map((t) => `  ${db.database}.${t}: { batchSize: 1000 }`).join('\n');
    config = writeConfigFiles(dir.path, 'config', {
      extra: 'extract: { targetFileBytes: 65536 }\nparallelTables: 1',
      pipelines: { shop: `connection: default\ntables:\n${tables}\n` },
    });
    const loaded = loadConfig(config, { ...process.env, TEST_MYSQL_PASSWORD: MYSQL.password });
    sync = await NestFactory.createApplicationContext(SyncModule.forConfig(loaded), { logger: false });
    for (const t of TABLES) {
      await db.exec(`CREATE TABLE ${t} (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL, note VARCHAR(64))`);
      await db.exec(
        `INSERT INTO ${t} SELECT seq, TIMESTAMP('2025-01-01') + INTERVAL seq SECOND, SHA2(seq, 256) FROM seq_1_to_5000`,
      );
    }
    const extracted = await sync.get(PipelineRunner).run('shop', { load: false });
    expect(extracted.map((o) => o.status)).toEqual(['success', 'success', 'success']);
  });

  afterAll(async () => {
    await sync?.close();
    await pg?.dropSchema(db.database);
    await pg?.close();
    await db?.drop();
    dir?.remove();
  });

  it('finishes the load in progress, skips the rest, then exits; the next run loads the rest', async () => {
    const marker = pausedMarker('load:during-copy');
    const loader = await start({ TIDEMARK_FAULT_POINT: 'load:during-copy', TIDEMARK_FAULT_ACTION: 'pause' });
    const run = loader.post('/runs', { pipeline: 'shop' }).then((r) => r.json(), () => undefined);
    await waitUntil(() => loader.log.includes(marker), 60_000, 50);
    expect(loader.log).toContain(marker);

    const stopping = loader.stop('SIGTERM', 60_000);
    await waitUntil(() => loader.log.includes('stopping 1 running load run(s)'), 20_000, 50);
    expect(loader.log).toContain('SIGTERM: stopping 1 running load run(s)');
    loader.child.kill(RESUME_SIGNAL); // the COPY goes on, into a service that is shutting down
    const stopped = await stopping;
    const answer = (await run) as { outcomes: Array<{ table: string; status: string }> } | undefined;

    // The service exits 0 by itself once its shutdown hooks are done, not by the test's SIGKILL after 60 s.
    expect(stopped).toEqual({ code: 0, signal: null, killed: false });
    expect(answer?.outcomes.map((o) => [o.table, o.status])).toEqual([
      [key('a'), 'success'],
      [key('b'), 'skipped'],
      [key('c'), 'skipped'],
    ]);
    expect(await postgresDigest(pg, db.database, 'a', COLUMNS)).toEqual(await mysqlDigest(db, 'a', COLUMNS));
    expect([await pending('a'), (await pending('b')) > 0, (await pending('c')) > 0]).toEqual([0, true, true]);

    const next = await start();
    try {
      const response = await next.post('/runs', { pipeline: 'shop' });
      const body = (await response.json()) as { outcomes: Array<{ status: string }> };
      expect(body.outcomes.map((o) => o.status)).toEqual(['success', 'success', 'success']);
    } finally {
      await next.stop();
    }
    for (const t of TABLES) expect(await postgresDigest(pg, db.database, t, COLUMNS)).toEqual(await mysqlDigest(db, t, COLUMNS));
  });
});
