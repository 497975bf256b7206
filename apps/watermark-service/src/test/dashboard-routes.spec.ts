import request from 'supertest';
import { DASHBOARD_PUBLIC_PATHS } from '../dashboard/dashboard-paths';
import { sampleManifest } from './sample-manifest';
import { ServiceFixture, TOKEN } from './service.fixture';

const auth = { Authorization: `Bearer ${TOKEN}` };

describe('watermark service dashboard routes', () => {
  let service: ServiceFixture;
  const http = () => request(service.url);
  const state = async () => {
    const watermarks = (await http().get('/export').set(auth).expect(200)).body.watermarks;
    const history = (await http().get('/watermarks/p/shop.orders/history').set(auth).expect(200)).body;
    return { watermarks, history };
  };

  beforeAll(async () => {
    service = await ServiceFixture.start('sqlite');
    await http()
      .post('/watermarks/p/shop.orders/extract/commits')
      .set(auth)
      .send({ manifest: sampleManifest('m-1', 'shop.orders', '2025-08-01 10:00:00.000000', 7) })
      .expect(200);
  });
  afterAll(() => service?.close());

  describe('the page shell, its script and its styles', () => {
    it.each([...DASHBOARD_PUBLIC_PATHS])('answers GET %s without a token', async (path) => {
      const r = await http().get(path).expect(200);
      expect(r.headers['cache-control']).toBe('no-cache');
    });

    it('serves them with their types and the service security headers, and they hold no data', async () => {
      const types = [];
      for (const path of DASHBOARD_PUBLIC_PATHS) {
        const r = await http().get(path).set(auth).expect(200);
        types.push(r.headers['content-type']);
        expect(r.headers['content-security-policy']).toContain("script-src 'self'");
        expect(r.text).not.toMatch(/shop\.orders|2025-08-01/);
      }
      expect(types).toEqual(['text/html; charset=utf-8', 'text/javascript; charset=utf-8', 'text/css; charset=utf-8']);
    });

    it('lets nothing else under /dashboard through without a token', async () => {
      for (const path of [
        '/dashboard/views/tables',
        '/dashboard/views/table?pipeline=p&table=shop.orders',
        '/dashboard/',
        '/DASHBOARD',
        '/dashboard/app.js.map',
      ]) {
        const r = await http().get(path).expect(401);
        expect(r.body.code).toBe('UNAUTHORIZED');
      }
      for (const method of ['post', 'put', 'patch', 'delete'] as const) {
        await http()[method]('/dashboard').send({}).expect(401);
      }
    });
  });

  describe('the views', () => {
    it('answer with the token: escaped HTML that is never cached', async () => {
      const r = await http().get('/dashboard/views/tables').set(auth).expect(200);
      expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(r.headers['cache-control']).toBe('no-store');
      expect(r.text).toContain('data-pipeline="p" data-table="shop.orders"');
      expect(r.text).toContain('<td class="extract-rows num">7</td>');
    });

    it("show one table's stages, leases and history charts", async () => {
      const r = await http().get('/dashboard/views/table').query({ pipeline: 'p', table: 'shop.orders' }).set(auth).expect(200);
      expect(r.headers['cache-control']).toBe('no-store');
      expect(r.text).toContain('<span class="table">shop.orders</span>');
      expect(r.text).toContain('aria-label="Extract cursor over time"');
      expect(r.text).toContain('nobody holds it');
    });

    it.each([
      ['a table never synced', { pipeline: 'p', table: 'shop.never' }, 404, 'no watermark for p / shop.never: it has never been synced'],
      ['a bad table key', { pipeline: 'p', table: 'shop.or`ders' }, 400, 'invalid table name "or`ders" in table key "shop.or`ders"'],
      ['no table', { pipeline: 'p' }, 400, 'a table key is required'],
    ])('answer %s with a JSON error naming it', async (_what, query, status, message) => {
      const r = await http().get('/dashboard/views/table').query(query).set(auth).expect(status);
      expect(r.headers['content-type']).toMatch(/^application\/json/);
      expect(r.body.message).toContain(message);
    });
  });

  it('is read-only: no other method is routed, and reading changes nothing', async () => {
    const before = await state();
    for (const path of ['/dashboard', '/dashboard/views/tables', '/dashboard/views/table?pipeline=p&table=shop.orders']) {
      await http().get(path).set(auth).expect(200);
      for (const method of ['post', 'put', 'patch', 'delete'] as const) {
        await http()[method](path).set(auth).send({}).expect(404);
      }
    }
    expect(await state()).toEqual(before);
  });

  it('is not part of the OpenAPI document', async () => {
    const r = await http().get('/docs-json').set(auth).expect(200);
    expect(Object.keys(r.body.paths).filter((p) => p.startsWith('/dashboard'))).toEqual([]);
  });
});
