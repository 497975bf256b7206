import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { sampleManifest } from './sample-manifest';
import { ServiceFixture, TOKEN } from './service.fixture';

const auth = { Authorization: `Bearer ${TOKEN}` };
const DASHBOARD = 'https://dashboard.example.com';

/** The paths docs/security.md lists as answering GET and HEAD without a token; every other request needs it. */
const PUBLIC_PATHS = ['/health', '/ready', '/metrics', '/dashboard', '/dashboard/app.js', '/dashboard/app.css'];

const SAMPLE_PARAMS: Record<string, string> = { pipeline: 'p', table: 'shop.orders', stage: 'extract', historyId: '1' };
type Method = 'get' | 'head' | 'post' | 'put' | 'patch' | 'delete';
interface RouteLayer {
  route?: { path: string; methods: Partial<Record<string, boolean>> };
}

/**
 * Every method and path the service routes (GET routes also as HEAD), read
 * from Express' router, with sample values for the parameters. Catch-all
 * layers (`/{*path}`) are middleware, not routes, and are left out.
 */
function routedRequests(app: INestApplication): Array<{ method: Method; path: string }> {
  const { stack } = (app.getHttpAdapter().getInstance() as { router: { stack: RouteLayer[] } }).router;
  return stack.flatMap(({ route }) => {
    if (!route || route.path.includes('*')) return [];
    const path = route.path.replace(/:(\w+)/g, (_, name: string) => SAMPLE_PARAMS[name] ?? name);
    const methods = Object.keys(route.methods).flatMap((m) => (m === 'get' ? ['get', 'head'] : [m])) as Method[];
    return methods.map((method) => ({ method, path }));
  });
}

describe('watermark service HTTP security', () => {
  let service: ServiceFixture;
  let withCors: ServiceFixture;
  const http = () => request(service.url);

  beforeAll(async () => {
    service = await ServiceFixture.start('sqlite');
    withCors = await ServiceFixture.start('sqlite', { corsOrigins: [DASHBOARD] });
    await http()
      .post('/watermarks/p/shop.orders/extract/commits')
      .set(auth)
      .send({ manifest: sampleManifest('m-1', 'shop.orders', '2025-08-01 10:00:00.000000') })
      .expect(200);
  });
  afterAll(async () => {
    await service?.close();
    await withCors?.close();
  });

  it('sends helmet security headers and no X-Powered-By', async () => {
    const r = await http().get('/watermarks').set(auth).expect(200);
    expect(r.headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'SAMEORIGIN',
      'strict-transport-security': expect.stringContaining('max-age='),
      'content-security-policy': expect.stringContaining("default-src 'self'"),
      'cross-origin-resource-policy': 'same-origin',
    });
    expect(r.headers['x-powered-by']).toBeUndefined();
  });

  describe('CORS', () => {
    it('is off by default: no CORS headers, and a preflight is not let through without a token', async () => {
      const get = await http().get('/watermarks').set(auth).set('Origin', DASHBOARD).expect(200);
      expect(get.headers['access-control-allow-origin']).toBeUndefined();
      const preflight = await http()
        .options('/watermarks')
        .set('Origin', DASHBOARD)
        .set('Access-Control-Request-Method', 'GET')
        .expect(401);
      expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    });

    it('answers the allowed origins only', async () => {
      const preflight = await request(withCors.url)
        .options('/watermarks')
        .set('Origin', DASHBOARD)
        .set('Access-Control-Request-Method', 'GET')
        .set('Access-Control-Request-Headers', 'authorization')
        .expect(204);
      expect(preflight.headers['access-control-allow-origin']).toBe(DASHBOARD);
      expect(preflight.headers['access-control-allow-headers']).toMatch(/Authorization/);
      const get = await request(withCors.url).get('/watermarks').set(auth).set('Origin', DASHBOARD).expect(200);
      expect(get.headers['access-control-allow-origin']).toBe(DASHBOARD);
      const other = await request(withCors.url)
        .get('/watermarks')
        .set(auth)
        .set('Origin', 'https://evil.example.com')
        .expect(200);
      expect(other.headers['access-control-allow-origin']).toBeUndefined();
    });

    it('still needs the token from an allowed origin', async () => {
      const r = await request(withCors.url).get('/watermarks').set('Origin', DASHBOARD).expect(401);
      expect(r.body.code).toBe('UNAUTHORIZED');
    });
  });

  describe('request bodies', () => {
    it('refuses a body over 1 MB with 413 and a JSON error, before it reaches the store', async () => {
      const huge = { timestamp: '2025-01-01', primaryKey: ['x'.repeat(1024 * 1024)] };
      const r = await http().put('/watermarks/p/shop.orders/cursor').set(auth).send(huge).expect(413);
      expect(r.body).toEqual({
        statusCode: 413,
        code: 'PAYLOAD_TOO_LARGE',
        message: 'the request body is larger than the 1mb limit',
      });
    });

    it.each([
      ['text/plain', 'timestamp=2025-01-01'],
      ['application/x-www-form-urlencoded', 'timestamp=2025-01-01'],
      ['application/xml', '<cursor/>'],
    ])('refuses a %s body with 415', async (type, body) => {
      const r = await http()
        .put('/watermarks/p/shop.orders/cursor')
        .set(auth)
        .set('Content-Type', type)
        .send(body)
        .expect(415);
      expect(r.body).toEqual({
        statusCode: 415,
        code: 'UNSUPPORTED_MEDIA_TYPE',
        message: `the request body must be JSON sent with Content-Type: application/json (got "${type}")`,
      });
    });

    it('refuses JSON that does not parse with 400', async () => {
      const r = await http()
        .put('/watermarks/p/shop.orders/cursor')
        .set(auth)
        .set('Content-Type', 'application/json')
        .send('{"timestamp": ')
        .expect(400);
      expect(r.body.code).toBe('BAD_INPUT');
      expect(r.body.message).toMatch(/^the request body is not valid JSON: /);
    });
  });

  describe('the read-only parts', () => {
    const state = async () => (await http().get('/export').set(auth).expect(200)).body.watermarks;

    it('answers without a token only GET and HEAD of the probes, the scrape and the dashboard shell; data routes get 401', async () => {
      const routed = routedRequests(service.app);
      expect(routed).toEqual(
        expect.arrayContaining([
          { method: 'get', path: '/watermarks' },
          { method: 'get', path: '/dashboard/views/tables' },
          { method: 'post', path: '/watermarks/p/shop.orders/reset' },
          { method: 'get', path: '/docs-json' },
        ]),
      );
      const open: string[] = [];
      for (const { method, path } of routed) {
        const r = await http()[method](path).send(method === 'get' || method === 'head' ? undefined : {});
        if (r.status !== 401) open.push(`${method.toUpperCase()} ${path}`);
        else if (method !== 'head') expect(r.body).toMatchObject({ statusCode: 401, code: 'UNAUTHORIZED' });
      }
      expect(open.sort()).toEqual(PUBLIC_PATHS.flatMap((path) => [`GET ${path}`, `HEAD ${path}`]).sort());
      await http().get('/health').expect(200, { status: 'ok' });
    });

    it('every GET route leaves the store as it was', async () => {
      const before = await state();
      for (const path of [
        '/watermarks',
        '/watermarks/p/shop.orders',
        '/watermarks/p/shop.orders/history',
        '/watermarks/p/shop.orders/manifests',
        '/watermarks/p/shop.orders/manifests/pending',
        '/watermarks/p/shop.orders/counts/validation',
        '/watermarks/p/shop.never',
        '/leases/p/shop.orders/extract',
        '/settings/default-watermark',
        '/export',
      ]) {
        await http().get(path).set(auth);
      }
      expect(await state()).toEqual(before);
      const history = await http().get('/watermarks/p/shop.orders/history').set(auth).expect(200);
      expect(history.body).toHaveLength(1);
    });

    it.each([
      ['delete', '/watermarks/p/shop.orders'],
      ['put', '/watermarks/p/shop.orders'],
      ['post', '/export'],
      ['delete', '/watermarks/p/shop.orders/history'],
      ['patch', '/watermarks/p/shop.orders/manifests'],
    ] as const)('refuses %s %s with 404 and changes nothing', async (method, path) => {
      const before = await state();
      const r = await http()[method](path).set(auth).send({}).expect(404);
      expect(r.body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
      expect(await state()).toEqual(before);
    });
  });
});
