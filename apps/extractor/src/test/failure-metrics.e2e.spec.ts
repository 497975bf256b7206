import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildApps, closedPort, MYSQL, POSTGRES_URL, RealServers, ServiceProcess } from '@tidemark/testing';
import { openWatermarkDataSource, WatermarkStore } from '@tidemark/watermark-store';
import { createBucket, createReader, ObservedConfig, secretEnv, secretValue, writeObservedConfig } from './observed-config.fixture';
import { logLines, mainJs, sampleValue, scrape, ServiceApp } from './observed-service.fixture';

interface RunAnswer {
  outcomes: Array<{ table: string; status: string; error?: string; errorCode?: string }>;
}

/**
 * The services run the same stages as the CLI: a run that cannot reach
 * MySQL or the warehouse records the failure on the stage it hit, counts it
 * in /metrics, and a later run that works clears it and sets the stage's
 * last-success time. A run whose watermark store cannot be opened records
 * nothing anywhere but /metrics and the log.
 */
describe('failed runs of the extractor and the loader: recorded on their stage and counted (built, real processes)', () => {
  let servers: RealServers;
  let dropReader: () => Promise<void>;
  let base: Omit<ObservedConfig, 'pipelines'>;
  let table: string;
  const secrets = { mysqlPassword: secretValue('mysql-pw'), warehousePassword: secretValue('pg-pw') };
  const running: ServiceProcess[] = [];

  beforeAll(async () => {
    buildApps('extractor', 'loader');
    servers = await RealServers.open('tm_failmetrics');
    const reader = await createReader(servers.db, secrets.mysqlPassword);
    dropReader = reader.drop;
    base = { bucket: await createBucket(servers.db), mysqlUser: reader.user };
    table = `${servers.db.database}.orders`;
    await servers.db.exec('CREATE TABLE orders (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL)');
    await servers.db.exec("INSERT INTO orders VALUES (1, '2025-01-01 00:00:00'), (2, '2025-01-01 00:00:01')");
  });

  afterAll(async () => {
    for (const service of running) await service.stop();
    await dropReader?.();
    await servers?.close();
  });

  const configOf = (name: string, broken: Partial<ObservedConfig> = {}) =>
    writeObservedConfig(servers.dir.path, name, { ...base, pipelines: { shop: `connection: default\ntables:\n  ${table}: {}\n` }, ...broken });

  async function start(app: ServiceApp, config: string): Promise<ServiceProcess> {
    const service = await ServiceProcess.start(mainJs(app), { TIDEMARK_CONFIG: config, ...secretEnv(secrets) });
    running.push(service);
    return service;
  }

  async function stop(service: ServiceProcess): Promise<void> {
    running.splice(running.indexOf(service), 1);
    await service.stop();
  }

  async function runOnce(service: ServiceProcess): Promise<RunAnswer['outcomes'][number]> {
    const response = await service.post('/runs', { pipeline: 'shop' });
    expect(response.status).toBe(200);
    return ((await response.json()) as RunAnswer).outcomes[0];
  }

  async function watermarkIn(name: string) {
    const dataSource = await openWatermarkDataSource({ type: 'sqlite', path: join(servers.dir.path, `${name}-state/watermarks.sqlite`) });
    try {
      return await new WatermarkStore(dataSource).get({ pipeline: 'shop', table });
    } finally {
      await dataSource.destroy();
    }
  }

  /** Puts `to` for `from` in a file of the config directory; a service reads it when it starts. */
  function edit(config: string, file: string, from: string, to: string): void {
    const path = join(config, file);
    const text = readFileSync(path, 'utf8');
    expect(text).toContain(from);
    writeFileSync(path, text.replace(from, to));
  }

  it('the extractor with MySQL on a stopped port: extract failed, counted; a later run clears it and sets the last success', async () => {
    const port = await closedPort();
    const config = configOf('no-mysql', { mysqlPort: port });
    let extractor = await start('extractor', config);
    const failed = await runOnce(extractor);
    expect(failed).toMatchObject({ table, status: 'failed', error: expect.stringContaining(`127.0.0.1:${port}`) });
    const afterFailure = await scrape(extractor.url);
    const stage = { pipeline: 'shop', table, stage: 'extract' };
    expect(sampleValue(afterFailure, 'tidemark_table_errors_total', { ...stage, code: failed.errorCode as string })).toBe(1);
    expect(sampleValue(afterFailure, 'tidemark_table_last_success_timestamp_seconds', stage)).toBeUndefined();
    await stop(extractor);
    expect((await watermarkIn('no-mysql'))?.extract).toMatchObject({
      status: 'failed',
      lastError: expect.stringMatching(new RegExp(`^cannot connect to MySQL connection "default" at 127\\.0\\.0\\.1:${port} as \\S+: ECONNREFUSED`)),
      lastRunAt: expect.any(String),
    });

    edit(config, 'connections/default.yml', `port: ${port}`, `port: ${MYSQL.port}`);
    extractor = await start('extractor', config);
    const before = Date.now() / 1000;
    expect(await runOnce(extractor)).toMatchObject({ status: 'success' });
    const lastSuccess = sampleValue(await scrape(extractor.url), 'tidemark_table_last_success_timestamp_seconds', stage);
    expect(lastSuccess).toBeGreaterThanOrEqual(Math.floor(before));
    expect(lastSuccess).toBeLessThanOrEqual(Date.now() / 1000);
    await stop(extractor);
    expect((await watermarkIn('no-mysql'))?.extract).toMatchObject({ status: 'success', lastError: null });
  });

  it('the loader with the warehouse on a stopped port: load failed, counted; a later run clears it and sets the last success', async () => {
    const port = await closedPort();
    const config = configOf('no-warehouse', { warehousePort: port });
    const extractor = await start('extractor', config);
    expect(await runOnce(extractor)).toMatchObject({ status: 'success' });
    await stop(extractor);

    let loader = await start('loader', config);
    const failed = await runOnce(loader);
    expect(failed).toMatchObject({ table, status: 'failed', error: expect.stringContaining(`127.0.0.1:${port}`) });
    const stage = { pipeline: 'shop', table, stage: 'load' };
    expect(sampleValue(await scrape(loader.url), 'tidemark_table_errors_total', { ...stage, code: failed.errorCode as string })).toBe(1);
    await stop(loader);
    expect((await watermarkIn('no-warehouse'))?.load).toMatchObject({
      status: 'failed',
      lastError: expect.stringMatching(new RegExp(`^cannot connect to the warehouse at 127\\.0\\.0\\.1:${port}/\\w+: connect ECONNREFUSED`)),
    });

    edit(config, 'tidemark.yml', `127.0.0.1:${port}/`, `127.0.0.1:${new URL(POSTGRES_URL).port || 5432}/`);
    loader = await start('loader', config);
    expect(await runOnce(loader)).toMatchObject({ status: 'success' });
    expect(sampleValue(await scrape(loader.url), 'tidemark_table_last_success_timestamp_seconds', stage)).toBeGreaterThan(0);
    await stop(loader);
    expect((await watermarkIn('no-warehouse'))?.load).toMatchObject({ status: 'success', lastError: null });
  });

  it('the extractor whose watermark store cannot be opened: nothing is recorded, the run error is counted and logged', async () => {
    const port = await closedPort();
    const config = configOf('no-store', { watermarkStoreUrl: `postgresql://postgres@127.0.0.1:${port}/tidemark` });
    const extractor = await start('extractor', config);
    const response = await extractor.post('/runs', { pipeline: 'shop' });
    expect(response.status).toBeGreaterThanOrEqual(500);
    expect(((await response.json()) as { message: string }).message).toMatch(
      new RegExp(`cannot reach the PostgreSQL watermark store at postgresql://postgres@127\\.0\\.0\\.1:${port}/tidemark`),
    );
    const metrics = await scrape(extractor.url);
    expect(sampleValue(metrics, 'tidemark_run_errors_total', { pipeline: 'shop', stage: 'extract', code: 'WATERMARK_STORE' })).toBe(1);
    const logged = logLines(extractor.log).find((l) => l.msg === 'extract run failed before any table started');
    expect(logged).toMatchObject({ pipeline: 'shop', errorCode: 'WATERMARK_STORE', error: expect.stringContaining(`127.0.0.1:${port}`) });
    await stop(extractor);
  });
});
