import { buildApps, closedPort, RealServers, ServiceProcess } from '@tidemark/testing';
import {
  createBucket,
  createReader,
  ObservedConfig,
  secretEnv,
  secretValue,
  writeObservedConfig,
} from './observed-config.fixture';
import { getJson, logLines, mainJs, ServiceApp } from './observed-service.fixture';

interface ReadyBody {
  status: string;
  info: Record<string, { status: string }>;
  error: Record<string, { status: string; message: string }>;
}

/**
 * Each case breaks one dependency (a closed port, a missing bucket) and
 * expects GET /ready to answer 503 naming that one as down with why, the
 * others up, and GET /health to stay 200 (the process itself is fine).
 */
describe('GET /ready answers 503 naming the dependency that is down (built, real processes)', () => {
  let servers: RealServers;
  let dropReader: () => Promise<void>;
  let base: Omit<ObservedConfig, 'pipelines'>;
  const secrets = { mysqlPassword: secretValue('mysql-pw'), warehousePassword: secretValue('pg-pw') };
  const apiToken = secretValue('api-token');

  beforeAll(async () => {
    buildApps('extractor', 'loader');
    servers = await RealServers.open('tm_ready');
    const reader = await createReader(servers.db, secrets.mysqlPassword);
    dropReader = reader.drop;
    base = { bucket: await createBucket(servers.db), mysqlUser: reader.user };
  });

  afterAll(async () => {
    await dropReader?.();
    await servers?.close();
  });

  async function readyOf(app: ServiceApp, name: string, broken: Partial<ObservedConfig>) {
    const config = writeObservedConfig(servers.dir.path, name, {
      ...base,
      pipelines: { shop: `connection: default\ntables:\n  ${servers.db.database}.orders: {}\n` },
      ...broken,
    });
    const service = await ServiceProcess.start(mainJs(app), {
      TIDEMARK_CONFIG: config,
      TIDEMARK_API_TOKEN: apiToken,
      ...secretEnv(secrets),
    });
    try {
      const ready = await getJson<ReadyBody>(`${service.url}/ready`);
      const health = await getJson(`${service.url}/health`);
      return { ready, health, log: service.log };
    } finally {
      await service.stop();
    }
  }

  function expectOnlyDown(body: ReadyBody, down: string, up: string[]) {
    expect(body.status).toBe('error');
    expect(Object.keys(body.error)).toEqual([down]);
    expect(body.error[down].status).toBe('down');
    expect(Object.keys(body.info).sort()).toEqual([...up].sort());
    const text = JSON.stringify(body);
    for (const secret of [...Object.values(secrets), apiToken]) expect(text).not.toContain(secret);
  }

  it('the loader, with the warehouse on a closed port: warehouse down', async () => {
    const port = await closedPort();
    const { ready, health, log } = await readyOf('loader', 'no-warehouse', { warehousePort: port });
    expect(ready.status).toBe(503);
    expectOnlyDown(ready.body, 'warehouse', ['watermarks', 'objectStore']);
    expect(ready.body.error['warehouse'].message).toMatch(
      new RegExp(`^cannot connect to the warehouse at 127\\.0\\.0\\.1:${port}/\\w+: .*ECONNREFUSED`),
    );
    expect(health).toEqual({ status: 200, body: { status: 'ok' } });
    const failures = logLines(log).filter((l) => l.msg.startsWith('Health Check has failed!'));
    expect(failures.map((l) => [l.level, l.msg.includes('"warehouse"')])).toEqual([['error', true]]);
  });

  it('the extractor, with MySQL on a closed port: its connection down', async () => {
    const port = await closedPort();
    const { ready, health } = await readyOf('extractor', 'no-mysql', { mysqlPort: port });
    expect(ready.status).toBe(503);
    expectOnlyDown(ready.body, 'mysql:default', ['watermarks', 'objectStore']);
    expect(ready.body.error['mysql:default'].message).toMatch(
      new RegExp(`^cannot connect to MySQL connection "default" at 127\\.0\\.0\\.1:${port} as \\w+: ECONNREFUSED`),
    );
    expect(health.status).toBe(200);
  });

  it('the extractor, with its watermark service on a closed port: watermarks down', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const { ready } = await readyOf('extractor', 'no-watermark-service', { watermarkService: url });
    expect(ready.status).toBe(503);
    expectOnlyDown(ready.body, 'watermarks', ['objectStore', 'mysql:default']);
    expect(ready.body.error['watermarks'].message).toMatch(
      new RegExp(`^cannot reach the watermark service at ${url}: `),
    );
  });

  it('the loader, with a bucket that does not exist: object store down', async () => {
    const { ready } = await readyOf('loader', 'no-bucket', { bucket: `${base.bucket}-missing` });
    expect(ready.status).toBe(503);
    expectOnlyDown(ready.body, 'objectStore', ['watermarks', 'warehouse']);
    expect(ready.body.error['objectStore'].message).toContain(`${base.bucket}-missing`);
  });
});
