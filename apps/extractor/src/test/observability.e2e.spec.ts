import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { buildApps, RealServers, s3Settings, ServiceProcess } from '@tidemark/testing';
import { openWatermarkDataSource, WatermarkStore } from '@tidemark/watermark-store';
import { millisFromCanonical } from '@tidemark/watermark-model';
import { createBucket, createReader, secretEnv, secretValue, writeObservedConfig } from './observed-config.fixture';
import { getJson, logLines, mainJs, sampleValue, scrape, Scrape, waitForLogLine } from './observed-service.fixture';

const ROWS = 300;
const MORE = 40;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Every metric the services export, with its Prometheus type. */
const EXPECTED_METRICS: Array<[string, string]> = [
  ['tidemark_rows_extracted_total', 'counter'],
  ['tidemark_files_written_total', 'counter'],
  ['tidemark_bytes_written_total', 'counter'],
  ['tidemark_rows_loaded_total', 'counter'],
  ['tidemark_manifests_loaded_total', 'counter'],
  ['tidemark_table_run_duration_seconds', 'histogram'],
  ['tidemark_freshness_seconds', 'histogram'],
  ['tidemark_table_lag_seconds', 'gauge'],
  ['tidemark_lease_conflicts_total', 'counter'],
  ['tidemark_table_errors_total', 'counter'],
  ['tidemark_run_errors_total', 'counter'],
  ['tidemark_table_last_success_timestamp_seconds', 'gauge'],
  ['tidemark_http_errors_total', 'counter'],
  ['process_cpu_user_seconds_total', 'counter'],
  ['process_resident_memory_bytes', 'gauge'],
  ['nodejs_heap_size_used_bytes', 'gauge'],
  ['nodejs_eventloop_lag_seconds', 'gauge'],
];

interface RunAnswer {
  outcomes: Array<{
    table: string;
    status: string;
    errorCode?: string;
    result: { extract?: { rows: number; files: number; bytes: number }; load?: { manifestsLoaded: number } };
  }>;
}

async function postRun(service: ServiceProcess, headers: Record<string, string> = {}): Promise<RunAnswer> {
  const response = await service.post('/runs', { pipeline: 'shop' }, headers);
  expect(response.status).toBe(200);
  return (await response.json()) as RunAnswer;
}

const secondsSince = (utc: string) => (Date.now() - millisFromCanonical(utc)) / 1000;

describe('observability of the extractor and the loader (built, real processes)', () => {
  let servers: RealServers;
  let dropReader: () => Promise<void>;
  let extractor: ServiceProcess;
  let loader: ServiceProcess;
  let dataSource: DataSource;
  let table: string;
  const secrets = { mysqlPassword: secretValue('mysql-pw'), warehousePassword: secretValue('pg-pw') };
  const metricsToken = secretValue('metrics-token');
  const bearer = secretValue('bearer');
  const metricsAuth = { authorization: `Bearer ${metricsToken}` };
  const labels = () => ({ pipeline: 'shop', table });

  beforeAll(async () => {
    buildApps('extractor', 'loader');
    servers = await RealServers.open('tm_obs');
    const { db } = servers;
    table = `${db.database}.orders`;
    const reader = await createReader(db, secrets.mysqlPassword);
    dropReader = reader.drop;
    await db.exec('CREATE TABLE orders (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL, note VARCHAR(64))');
    const rows = Array.from({ length: ROWS }, (_, i) => [
      i + 1,
      `2025-01-01 00:00:${String(i % 60).padStart(2, '0')}`,
      `order ${i + 1}`,
    ]);
    await db.insert('orders', ['id', 'updated_at', 'note'], rows);
    const config = writeObservedConfig(servers.dir.path, 'config', {
      bucket: await createBucket(db),
      mysqlUser: reader.user,
      pipelines: { shop: `connection: default\ntables:\n  ${table}: { batchSize: 100 }\n` },
    });
    dataSource = await openWatermarkDataSource({
      type: 'sqlite',
      path: join(servers.dir.path, 'config-state/watermarks.sqlite'),
    });
    const env = { TIDEMARK_CONFIG: config, ...secretEnv(secrets) };
    extractor = await ServiceProcess.start(mainJs('extractor'), env);
    loader = await ServiceProcess.start(mainJs('loader'), { ...env, TIDEMARK_METRICS_TOKEN: metricsToken });
  });

  afterAll(async () => {
    await extractor?.stop();
    await loader?.stop();
    await dataSource?.destroy();
    await dropReader?.();
    await servers?.close();
  });

  it('answer GET /health, and GET /ready with each dependency up, without any token', async () => {
    for (const service of [extractor, loader]) {
      expect(await getJson(`${service.url}/health`)).toEqual({ status: 200, body: { status: 'ok' } });
    }
    const up = { status: 'up' };
    expect(await getJson(`${extractor.url}/ready`)).toEqual({
      status: 200,
      body: expect.objectContaining({
        status: 'ok',
        details: { watermarks: up, objectStore: up, 'mysql:default': up },
      }),
    });
    expect(await getJson(`${loader.url}/ready`)).toEqual({
      status: 200,
      body: expect.objectContaining({ status: 'ok', details: { watermarks: up, objectStore: up, warehouse: up } }),
    });
  });

  it('export every metric with its HELP and TYPE, each series labelled with the service', async () => {
    for (const [service, name, headers] of [
      [extractor, 'extractor', {}],
      [loader, 'loader', metricsAuth],
    ] as const) {
      const metrics = await scrape(service.url, headers);
      for (const [metric, type] of EXPECTED_METRICS) {
        expect([metric, metrics.help.get(metric)?.length]).toEqual([metric, expect.any(Number)]);
        expect([metric, metrics.types.get(metric)]).toEqual([metric, type]);
      }
      expect(metrics.samples.filter((s) => s.labels['service'] !== name)).toEqual([]);
    }
  });

  it('count the rows, files, bytes and duration of each extraction by pipeline and table, and the lag', async () => {
    expect(sampleValue(await scrape(extractor.url), 'tidemark_rows_extracted_total', labels())).toBeUndefined();

    const first = (await postRun(extractor)).outcomes[0];
    expect(first).toMatchObject({ table, status: 'success', result: { extract: { rows: ROWS } } });
    let metrics: Scrape = await scrape(extractor.url);
    expect(sampleValue(metrics, 'tidemark_rows_extracted_total', labels())).toBe(ROWS);
    expect(sampleValue(metrics, 'tidemark_files_written_total', labels())).toBe(first.result.extract?.files);
    expect(sampleValue(metrics, 'tidemark_bytes_written_total', labels())).toBe(first.result.extract?.bytes);
    expect(first.result.extract?.bytes).toBeGreaterThan(0);
    const runs = { ...labels(), stage: 'extract', status: 'success' };
    expect(sampleValue(metrics, 'tidemark_table_run_duration_seconds_count', runs)).toBe(1);
    expect(sampleValue(metrics, 'tidemark_table_lag_seconds', labels())).toBeCloseTo(
      secondsSince('2025-01-01 00:00:59'),
      -1,
    );

    const more = Array.from({ length: MORE }, (_, i) => [ROWS + i + 1, '2025-01-02 00:00:00', `late ${i}`]);
    await servers.db.insert('orders', ['id', 'updated_at', 'note'], more);
    const second = (await postRun(extractor)).outcomes[0];
    metrics = await scrape(extractor.url);
    expect(sampleValue(metrics, 'tidemark_rows_extracted_total', labels())).toBe(ROWS + MORE);
    expect(sampleValue(metrics, 'tidemark_files_written_total', labels())).toBe(
      (first.result.extract?.files ?? 0) + (second.result.extract?.files ?? 0),
    );
    expect(sampleValue(metrics, 'tidemark_table_run_duration_seconds_count', runs)).toBe(2);
    expect(sampleValue(metrics, 'tidemark_table_lag_seconds', labels())).toBeCloseTo(
      secondsSince('2025-01-02 00:00:00'),
      -1,
    );
  });

  it('count the rows and manifests each load merged, and keep /metrics behind its own token', async () => {
    expect((await fetch(`${loader.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${loader.url}/metrics`, { headers: { authorization: `Bearer ${bearer}` } })).status).toBe(401);
    expect(sampleValue(await scrape(loader.url, metricsAuth), 'tidemark_rows_loaded_total', labels())).toBeUndefined();

    const outcome = (await postRun(loader)).outcomes[0];
    expect(outcome).toMatchObject({ table, status: 'success' });
    const metrics = await scrape(loader.url, metricsAuth);
    expect(sampleValue(metrics, 'tidemark_rows_loaded_total', labels())).toBe(ROWS + MORE);
    expect(sampleValue(metrics, 'tidemark_manifests_loaded_total', labels())).toBe(
      outcome.result.load?.manifestsLoaded,
    );
    expect(outcome.result.load?.manifestsLoaded).toBeGreaterThanOrEqual(2);
    expect(
      sampleValue(metrics, 'tidemark_table_run_duration_seconds_count', {
        ...labels(),
        stage: 'load',
        status: 'success',
      }),
    ).toBe(1);
    const [{ n }] = await servers.pg.rows<{ n: string }>(`SELECT COUNT(*) AS n FROM "${servers.db.database}".orders`);
    expect(Number(n)).toBe(ROWS + MORE);
  });

  it('count a table refused because another process holds its lease, with the error code', async () => {
    const store = new WatermarkStore(dataSource);
    const lease = await store.acquireLease({
      pipeline: 'shop',
      table,
      stage: 'extract',
      holder: 'elsewhere:1',
      ttlSeconds: 120,
    });
    try {
      const outcome = (await postRun(extractor)).outcomes[0];
      expect(outcome).toMatchObject({ status: 'failed', errorCode: 'CONFLICT' });
    } finally {
      await store.releaseLease(lease);
    }
    const metrics = await scrape(extractor.url);
    expect(sampleValue(metrics, 'tidemark_lease_conflicts_total', { ...labels(), stage: 'extract' })).toBe(1);
    expect(
      sampleValue(metrics, 'tidemark_table_errors_total', { ...labels(), stage: 'extract', code: 'CONFLICT' }),
    ).toBe(1);
    const failed = { ...labels(), stage: 'extract', status: 'failed' };
    expect(sampleValue(metrics, 'tidemark_table_run_duration_seconds_count', failed)).toBe(1);
  });

  it('log JSON lines: each run with its run id, each table with its outcome, and no secret', async () => {
    await postRun(extractor, { authorization: `Bearer ${bearer}` });
    const request = await waitForLogLine(extractor, (l) => {
      const req = l.req as { url?: string; headers?: Record<string, string> } | undefined;
      return l.msg === 'request completed' && req?.url === '/runs' && req.headers?.['authorization'] !== undefined;
    });
    expect(request?.req).toMatchObject({ method: 'POST', headers: { authorization: '[Redacted]' } });

    const extracted = logLines(extractor.log);
    expect(extracted.filter((l) => l.service !== 'extractor' || typeof l.level !== 'string' || !l.time)).toEqual([]);
    const finished = extracted.filter((l) => l.msg === `extract of ${table}: success`);
    expect(finished.map((l) => l.rows)).toEqual([ROWS, MORE, 0]);
    for (const line of finished) {
      expect(line).toMatchObject({ pipeline: 'shop', table, stage: 'extract', runId: expect.stringMatching(UUID) });
      const started = extracted.filter((l) => l.msg === 'extract run started' && l.runId === line.runId);
      expect(started).toEqual([expect.objectContaining({ pipeline: 'shop', tables: [table] })]);
    }
    expect(new Set(finished.map((l) => l.runId)).size).toBe(3);
    expect(extracted.filter((l) => l.msg === `extract of ${table}: failed`)).toEqual([
      expect.objectContaining({ level: 'error', table, errorCode: 'CONFLICT', runId: expect.stringMatching(UUID) }),
    ]);
    const loaded = logLines(loader.log).filter((l) => l.msg === `load of ${table}: success`);
    expect(loaded).toEqual([
      expect.objectContaining({ table, pipeline: 'shop', rows: ROWS + MORE, runId: expect.stringMatching(UUID) }),
    ]);

    const everySecret = { ...secrets, metricsToken, bearer, s3Secret: s3Settings().secretAccessKey };
    for (const [name, value] of Object.entries(everySecret)) {
      expect([name, extractor.log.includes(value) || loader.log.includes(value)]).toEqual([name, false]);
    }
  });
});
