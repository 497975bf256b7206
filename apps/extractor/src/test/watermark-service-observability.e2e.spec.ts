import { buildApps, makeTempDir, ServiceProcess, writeConfigFiles } from '@tidemark/testing';
import { secretValue } from './observed-config.fixture';
import { getJson, logLines, mainJs, sampleValue, scrape, waitForLogLine } from './observed-service.fixture';

/** The watermark service as deployed: only the probes and the scrape answer without its API token. */
describe('observability of the watermark service (built, real process)', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let service: ServiceProcess;
  const token = secretValue('api-token');
  const auth = { authorization: `Bearer ${token}` };
  const send = (method: string, path: string, body?: unknown) =>
    fetch(`${service.url}${path}`, {
      method,
      headers: { ...auth, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  beforeAll(async () => {
    buildApps('watermark-service');
    dir = makeTempDir();
    const config = writeConfigFiles(dir.path, 'config');
    service = await ServiceProcess.start(mainJs('watermark-service'), {
      TIDEMARK_CONFIG: config,
      TIDEMARK_API_TOKEN: token,
    });
  });

  afterAll(async () => {
    await service?.stop();
    dir?.remove();
  });

  it('answers /health, /ready (its store up) and /metrics without the API token, and nothing else', async () => {
    expect(await getJson(`${service.url}/health`)).toEqual({ status: 200, body: { status: 'ok' } });
    expect(await getJson(`${service.url}/ready`)).toEqual({
      status: 200,
      body: expect.objectContaining({ status: 'ok', details: { watermarks: { status: 'up' } } }),
    });
    const metrics = await scrape(service.url);
    expect(metrics.types.get('tidemark_http_errors_total')).toBe('counter');
    expect(metrics.types.get('tidemark_table_lag_seconds')).toBe('gauge');
    expect((await fetch(`${service.url}/watermarks`)).status).toBe(401);
    expect((await fetch(`${service.url}/ready`, { method: 'POST' })).status).toBe(401);
  });

  it('counts each error response by status and code', async () => {
    expect((await send('GET', '/watermarks/p/shop.never')).status).toBe(404);
    expect((await send('GET', '/watermarks/p/shop.never')).status).toBe(404);
    expect((await send('PUT', '/watermarks/p/shop.orders/cursor', { timestamp: 'None' })).status).toBe(400);
    const metrics = await scrape(service.url);
    expect(sampleValue(metrics, 'tidemark_http_errors_total', { status: '404', code: 'NOT_FOUND' })).toBe(2);
    expect(sampleValue(metrics, 'tidemark_http_errors_total', { status: '400', code: 'BAD_INPUT' })).toBe(1);
  });

  it("reports each table's lag: how far its extract cursor trails the clock", async () => {
    expect((await send('PUT', '/watermarks/p/shop.orders/cursor', { timestamp: '2025-06-01 12:00:00' })).status).toBe(
      200,
    );
    const lag = sampleValue(await scrape(service.url), 'tidemark_table_lag_seconds', {
      pipeline: 'p',
      table: 'shop.orders',
    });
    expect(lag).toBeCloseTo((Date.now() - Date.parse('2025-06-01T12:00:00Z')) / 1000, -1);
  });

  it('logs JSON lines, one per request with its status, the token redacted and never written', async () => {
    await waitForLogLine(service, (l) => l.msg === 'request completed');
    const lines = logLines(service.log);
    expect(lines.filter((l) => l.service !== 'watermark-service')).toEqual([]);
    const requests = lines.filter((l) => l.msg === 'request completed');
    const notFound = requests.filter((l) => (l.req as { url: string }).url === '/watermarks/p/shop.never');
    expect(notFound).toHaveLength(2);
    for (const line of notFound) {
      expect(line).toMatchObject({
        level: 'warn',
        res: { statusCode: 404 },
        req: { headers: { authorization: '[Redacted]' } },
      });
    }
    expect(service.log).not.toContain(token);
  });

  it('by default: every failure logged, no probe, and only a sample of the successes', async () => {
    for (let i = 0; i < 200; i++) expect((await send('GET', '/watermarks')).status).toBe(200);
    for (const probe of ['/health', '/ready', '/metrics'])
      expect((await fetch(`${service.url}${probe}`)).status).toBe(200);
    expect((await send('GET', '/watermarks/p/shop.sampled')).status).toBe(404);
    await waitForLogLine(service, (l) => (l.req as { url?: string } | undefined)?.url === '/watermarks/p/shop.sampled');
    const completed = logLines(service.log).filter((l) => l.msg === 'request completed');
    const urls = completed.map((l) => (l.req as { url: string }).url);
    // The earlier tests' refused probes (POST /ready: 401) are failures, logged; a probe that went well is not.
    const probesAnswered = completed.filter(
      (l) =>
        ['/health', '/ready', '/metrics'].includes((l.req as { url: string }).url) &&
        (l.res as { statusCode: number }).statusCode < 400,
    );
    expect(probesAnswered).toEqual([]);
    expect(urls).toContain('/watermarks/p/shop.sampled');
    // One in a hundred (decision 0045), plus any that took over a second on a busy machine: far fewer than 200.
    expect(urls.filter((url) => url === '/watermarks').length).toBeLessThan(40);
  });
});
