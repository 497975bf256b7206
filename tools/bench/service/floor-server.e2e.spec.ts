import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { closedPort, PostgresFixture, POSTGRES_URL, uniqueName, waitUntil } from '@tidemark/testing';

// The floor the watermark-service benchmark compares the service with
// (`--floor`): a bare server, but one that does the work a cycle needs:
// the token checked, a lease granted once, a commit fenced by token and
// secret, every commit written. A server that answered without it would
// be no floor.

const ROOT = resolve(__dirname, '../../..');
const SCRIPT = join(ROOT, 'tools/bench/watermark-service.mjs');
const FLOOR = join(ROOT, 'tools/bench/service/floor-server.mjs');
const TOKEN = 'floor-test-token';
const LIMIT_MS = 180_000;

interface Lease {
  token: number;
  secret: string;
}

/** `work` with a PostgreSQL connection, closed after it. */
async function withPostgres<T>(work: (pg: PostgresFixture) => Promise<T>): Promise<T> {
  const pg = await PostgresFixture.connect();
  try {
    return await work(pg);
  } finally {
    await pg.close();
  }
}

describe('tools/bench/service/floor-server.mjs (real PostgreSQL)', () => {
  const schema = uniqueName('floor_server');
  let server: ChildProcess;
  let url: string;
  const send = (method: string, path: string, body?: unknown, token = TOKEN) =>
    fetch(`${url}${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const acquire = (holder: string) =>
    send('POST', '/leases', { pipeline: 'p', table: 'shop.t1', stage: 'extract', holder, ttlSeconds: 60 });
  const commit = (token: number, secret: string, id: string) =>
    send('POST', '/watermarks/p/shop.t1/extract/commits', {
      manifest: { id, maxCursor: { timestamp: '2025-01-01 00:00:01.000000', primaryKey: ['1'] } },
      fencingToken: token,
      release: { secret },
    });

  beforeAll(async () => {
    const port = await closedPort();
    url = `http://127.0.0.1:${port}`;
    await withPostgres((pg) => pg.rows(`CREATE SCHEMA ${schema}`));
    server = spawn(process.execPath, [FLOOR], {
      env: {
        ...process.env,
        PORT: String(port),
        FLOOR_POSTGRES_URL: POSTGRES_URL,
        FLOOR_SCHEMA: schema,
        TIDEMARK_API_TOKEN: TOKEN,
      },
      stdio: 'ignore',
    });
    const ready = await waitUntil(
      () =>
        fetch(`${url}/ready`).then(
          (r) => r.ok,
          () => false,
        ),
      30_000,
    );
    expect(ready).toBe(true);
  });

  afterAll(async () => {
    server?.kill('SIGINT');
    await withPostgres((pg) => pg.dropSchema(schema));
  });

  it('refuses a request without the bearer token', async () => {
    expect((await send('GET', '/watermarks/p/shop.t1', undefined, 'wrong')).status).toBe(401);
  });

  it('grants a lease once: a second holder is refused while it is live', async () => {
    const first = await acquire('a');
    expect(first.status).toBe(201);
    expect((await acquire('b')).status).toBe(409);
    const { token, secret } = (await first.json()) as Lease;
    expect((await commit(token, secret, 'm1')).status).toBe(200);
  });

  it('fences a commit: a wrong secret or an old token writes nothing; the holder’s commit is written', async () => {
    const lease = (await (await acquire('c')).json()) as Lease;
    expect((await commit(lease.token, 'not-the-secret', 'm2')).status).toBe(409);
    expect((await commit(lease.token - 1, lease.secret, 'm2')).status).toBe(409);
    expect((await commit(lease.token, lease.secret, 'm3')).status).toBe(200);
    const watermark = await (await send('GET', '/watermarks/p/shop.t1')).json();
    expect(watermark).toMatchObject({ version: 2, manifest_id: 'm3' });
  });
});

describe('node tools/bench/watermark-service.mjs --floor', () => {
  const schema = uniqueName('floor_bench');
  let run: ReturnType<typeof spawnSync>;
  let report: {
    server: string;
    tables: number;
    gets: { requests: number };
    cycles: { cycles: number; serviceCpuMsPerCycle: number; storeCpuMsPerCycle: number };
  };

  beforeAll(() => {
    const args = ['--floor', '--duration', '4', '--tables', '40', '--concurrency', '4', '--keep', '--json'];
    args.push('--port', String(39190 + (process.pid % 9)), '--schema', schema);
    run = spawnSync(process.execPath, [SCRIPT, ...args], { cwd: ROOT, encoding: 'utf8', timeout: LIMIT_MS });
    report = JSON.parse(String(run.stdout) || 'null');
  }, LIMIT_MS + 10_000);

  afterAll(async () => {
    await withPostgres((pg) => pg.dropSchema(schema));
  });

  it('measures the floor, says so, and every request was answered as the client expects', () => {
    expect(run.status).toBe(0);
    expect(report.server).toBe('floor');
    expect(report.gets.requests).toBeGreaterThan(0);
    expect(report.cycles.cycles).toBeGreaterThan(0);
    expect(report.cycles.serviceCpuMsPerCycle).toBeGreaterThan(0);
    expect(report.cycles.storeCpuMsPerCycle).toBeGreaterThan(0);
  });

  it('wrote every cycle: each table’s version counts its commits, seeding’s included', async () => {
    const [counted] = await withPostgres((pg) =>
      pg.rows<{ tables: number; commits: number }>(
        `SELECT count(*)::int AS tables, sum(version)::int AS commits FROM ${schema}.floor_tables`,
      ),
    );
    expect(counted.tables).toBe(40);
    // Seeding commits once per table; the warm-up only reads; the measured phase's cycles commit once each.
    expect(counted.commits).toBe(40 + report.cycles.cycles);
  });
});
