import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { HistoryEntry, Manifest, Watermark } from '@tidemark/watermark-model';
import { sampleManifest } from './sample-manifest';
import { ServiceFixture, StoreKind, TOKEN } from './service.fixture';

const FIXTURES = join(__dirname, '../../../../libs/watermark-model/src/fixtures');

describe.each(['sqlite', 'postgres'] as StoreKind[])('watermark service REST API on %s', (kind) => {
  let service: ServiceFixture;
  const auth = { Authorization: `Bearer ${TOKEN}` };
  const http = () => request(service.url);
  const get = (path: string) => http().get(path).set(auth);
  const post = (path: string, body: object = {}) => http().post(path).set(auth).send(body);
  const put = (path: string, body: object) => http().put(path).set(auth).send(body);
  const patch = (path: string, body: object) => http().patch(path).set(auth).send(body);

  beforeAll(async () => {
    service = await ServiceFixture.start(kind);
  });
  afterAll(() => service?.close());

  const lease = async (table: string, holder: string, stage = 'extract') =>
    (await post('/leases', { pipeline: 'p', table, stage, holder, ttlSeconds: 60 }).expect(201)).body;
  const commit = (table: string, id: string, ts: string, fencingToken?: number, rows = 10) =>
    post(`/watermarks/p/${table}/extract/commits`, { manifest: sampleManifest(id, table, ts, rows, 'p', fencingToken), fencingToken });

  describe('authentication', () => {
    it('answers /health without a token', async () => {
      await http().get('/health').expect(200, { status: 'ok' });
    });
    it.each([
      ['no token', {}, 'a bearer token is required: send the header Authorization: Bearer <token>'],
      ['a wrong token', { Authorization: 'Bearer not-the-token-at-all!' }, 'the bearer token is not valid'],
      ['a malformed header', { Authorization: TOKEN }, 'the Authorization header must be "Bearer <token>"'],
    ])('refuses %s with 401', async (_what, headers, message) => {
      const r = await http().get('/watermarks').set(headers).expect(401);
      expect(r.body).toEqual({ statusCode: 401, code: 'UNAUTHORIZED', message });
      expect(r.headers['www-authenticate']).toBe('Bearer');
    });
    it('serves the OpenAPI document at /docs behind the token', async () => {
      await http().get('/docs-json').expect(401);
      const r = await get('/docs-json');
      expect(r.text).toContain('"openapi"');
      expect(r.status).toBe(200);
      expect(Object.keys(r.body.paths)).toEqual(
        expect.arrayContaining(['/watermarks/{pipeline}/{table}/cursor', '/leases', '/import', '/export']),
      );
    });
  });

  describe('reading', () => {
    it('404s a table never synced, naming it', async () => {
      const r = await get('/watermarks/p/shop.never').expect(404);
      expect(r.body.message).toBe('no watermark for p / shop.never: it has never been synced');
    });
    it.each([
      ['/watermarks/p/shop.or%60ders', /invalid table name "or`ders"/],
      ['/watermarks/p/a.b.c', /more than one "\."/],
      ['/watermarks/-bad/shop.orders', /invalid pipeline name "-bad"/],
      ['/watermarks?status=done', /invalid status "done"/],
    ])('400s %s', async (path, message) => {
      const r = await get(path).expect(400);
      expect(r.body.message).toMatch(message);
    });
  });

  describe('setting the cursor by hand', () => {
    it('stores the timestamp in UTC with its microseconds and marks manual_cli', async () => {
      const r = await put('/watermarks/p/shop.manual/cursor', { timestamp: '2025-08-01T12:00:00.123456+02:00', primaryKey: ['42'] }).expect(200);
      expect(r.body.extract.cursor).toEqual({ timestamp: '2025-08-01 10:00:00.123456', primaryKey: ['42'] });
      expect(r.body.backupStrategy).toBe('manual_cli');
    });
    it.each([
      ['None', /invalid timestamp "None"/],
      ['', /invalid timestamp ""/],
      ['not a date', /invalid timestamp "not a date"/],
      ['0000-00-00 00:00:00', /invalid timestamp/],
      ['2999-01-01 00:00:00', /timestamp "2999-01-01 00:00:00" is in the future/],
    ])('400s the timestamp %j and changes nothing', async (timestamp, message) => {
      const r = await put('/watermarks/p/shop.manual/cursor', { timestamp }).expect(400);
      expect(r.body.message).toMatch(message);
      const w = await get('/watermarks/p/shop.manual').expect(200);
      expect(w.body.extract.cursor.timestamp).toBe('2025-08-01 10:00:00.123456');
    });
    it('400s a body with unknown fields', async () => {
      const r = await put('/watermarks/p/shop.manual/cursor', { timestamp: '2025-01-01', sql: 'DROP' }).expect(400);
      expect(r.body.message).toEqual(['property sql should not exist']);
    });
  });

  describe('leases and fencing', () => {
    it('grants increasing tokens and refuses a second holder while the lease lives', async () => {
      const first = await lease('shop.leased', 'a');
      expect(first.token).toBe(1);
      const other = await post('/leases', { pipeline: 'p', table: 'shop.leased', stage: 'extract', holder: 'b' }).expect(409);
      expect(other.body.message).toMatch(/p\/shop\.leased \(extract\) is leased by a until/);
      const ref = { pipeline: 'p', table: 'shop.leased', stage: 'extract', token: 1 };
      const foreign = await post('/leases/renew', { ...ref, ttlSeconds: 30 }).expect(403);
      expect(foreign.body).toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/only by its holder/) });
      await post('/leases/renew', { ...ref, secret: first.secret, ttlSeconds: 30 }).expect(200);
      await post('/leases/release', { ...ref, secret: first.secret }).expect(204);
      const second = await lease('shop.leased', 'b');
      expect(second.token).toBe(2);
      const r = await post('/leases/renew', { pipeline: 'p', table: 'shop.leased', stage: 'extract', token: 1 }).expect(409);
      expect(r.body.message).toBe('fencing token 1 for p/shop.leased (extract) is stale: the current token is 2');
      const holder = await get('/leases/p/shop.leased/extract').expect(200);
      expect(holder.body.lease).toMatchObject({ holder: 'b', token: 2 });
    });

    it('refuses a commit with a stale token (409) and takes the current one', async () => {
      const old = await lease('shop.fenced', 'a');
      await post('/leases/release', { pipeline: 'p', table: 'shop.fenced', stage: 'extract', token: old.token, secret: old.secret }).expect(204);
      const current = await lease('shop.fenced', 'b');
      const stale = await commit('shop.fenced', 'm-stale', '2025-08-01 10:00:00.000000', old.token).expect(409);
      expect(stale.body.message).toMatch(/fencing token 1 .* is stale/);
      await commit('shop.fenced', 'm-current', '2025-08-01 10:00:00.000000', current.token).expect(200);
      const [registered] = (await get('/watermarks/p/shop.fenced/manifests/pending').expect(200)).body;
      expect(registered.loadOrder).toEqual({ column: '_tidemark_load_order', value: String(current.token * 2 ** 20 + 1) });
      // A load order made under the old lease, committed with the current token: refused, nothing registered.
      const mixed = { ...sampleManifest('m-mixed', 'shop.fenced', '2025-08-01 10:30:00.000000', 10, 'p', old.token) };
      const refused = await post('/watermarks/p/shop.fenced/extract/commits', { manifest: mixed, fencingToken: current.token }).expect(400);
      expect(refused.body.message).toMatch(/made with fencing token 1, but is committed with token 2: a load order must come from the lease/);
      const noToken = await commit('shop.fenced', 'm-none', '2025-08-01 11:00:00.000000').expect(409);
      expect(noToken.body.message).toMatch(/is leased by b: a commit must carry its fencing token/);
    });

    it('20 parallel commits from two holders: only the newest token wins, nothing is lost', async () => {
      const a = await lease('shop.race', 'a');
      await post('/leases/release', { pipeline: 'p', table: 'shop.race', stage: 'extract', token: a.token, secret: a.secret }).expect(204);
      const b = await lease('shop.race', 'b');
      const attempts = Array.from({ length: 20 }, (_, i) => {
        const token = i % 2 === 0 ? a.token : b.token;
        const ts = `2025-08-01 10:00:${String(i).padStart(2, '0')}.000000`;
        return commit('shop.race', `race-${i}`, ts, token, 5).then((r) => ({ i, status: r.status }));
      });
      const results = await Promise.all(attempts);
      expect(results.filter((r) => r.i % 2 === 0).map((r) => r.status)).toEqual(Array(10).fill(409));
      const won = results.filter((r) => r.i % 2 === 1);
      const accepted = won.filter((r) => r.status === 200).length;
      // Commits of the winner may race each other on the cursor: an older
      // timestamp arriving after a newer one is refused, never lost silently.
      expect(won.every((r) => r.status === 200 || r.status === 409)).toBe(true);
      const w = await get('/watermarks/p/shop.race').expect(200);
      expect(w.body.extract.rowsExtracted).toBe(accepted * 5);
      const manifests = await get('/watermarks/p/shop.race/manifests').expect(200);
      expect(manifests.body).toHaveLength(accepted);
      expect(manifests.body.every((m: { id: string }) => Number(m.id.split('-')[1]) % 2 === 1)).toBe(true);
    });
  });

  describe('extract and load commits', () => {
    const table = 'shop.flow';
    /** A first run read in key order (ADR 0050), done up to key 5. */
    const keyScanCursor = { timestamp: null, primaryKey: ['5'], keyScan: { ceiling: '2025-08-01 10:00:00.000000' } };

    it('registers manifests, moves the cursor, and refuses to move it back', async () => {
      await post(`/watermarks/p/${table}/extract/start`, { strategy: 'hybrid' }).expect(204);
      await commit(table, 'f-1', '2025-08-01 10:00:00.000001', undefined, 10).expect(200);
      const r = await commit(table, 'f-2', '2025-08-01 10:00:00.000002', undefined, 20).expect(200);
      expect(r.body.extract).toMatchObject({ rowsExtracted: 30, filesCreated: 2, status: 'in_progress' });
      const back = await commit(table, 'f-0', '2025-08-01 10:00:00.000000').expect(409);
      expect(back.body.message).toMatch(/would move the cursor of p\/shop\.flow back/);
      await post(`/watermarks/p/${table}/extract/succeed`).expect(204);
    });

    it('counts a commit sent twice once', async () => {
      const r = await commit(table, 'f-2', '2025-08-01 10:00:00.000002', undefined, 20).expect(200);
      expect(r.body.extract.rowsExtracted).toBe(30);
    });

    it.each([
      ['a bad checksum', (m: Manifest) => ({ ...m, files: [{ ...m.files[0], sha256: 'xyz' }] }), /sha256 must be 64 lower-case hex digits/],
      ['counts that do not add up', (m: Manifest) => ({ ...m, rowCount: 11 }), /rowCount 11 but its files hold 10 rows/],
      ['a negative row count', (m: Manifest) => ({ ...m, rowCount: -1 }), /rowCount must not be less than 0/],
      ['another table', (m: Manifest) => ({ ...m, table: 'shop.other' }), /belongs to p\/shop\.other/],
      ['no files but rows', (m: Manifest) => ({ ...m, files: [] }), /rowCount 10 but its files hold 0 rows/],
      ['a load order that is no BIGINT', (m: Manifest) => ({ ...m, loadOrder: { column: 'o', value: '-1' } }), /loadOrder.value must match/],
      ['a load order named like a column', (m: Manifest) => ({ ...m, loadOrder: { column: 'ID', value: '7' } }), /loadOrder.column ..ID.. is also a source column/],
      ['a load order but no fencing token', (m: Manifest) => ({ ...m, loadOrder: { column: 'o', value: '1048577' } }), /committed with no fencing token/],
      [
        'a key scan whose ceiling is not canonical UTC',
        (m: Manifest) => ({ ...m, maxCursor: { ...keyScanCursor, keyScan: { ceiling: '2025-08-02T00:00:00Z' } } }),
        /manifest\.maxCursor\.keyScan\.ceiling must be canonical UTC YYYY-MM-DD HH:MM:SS\.ffffff/,
      ],
      [
        'a key scan that is no object',
        (m: Manifest) => ({ ...m, maxCursor: { ...keyScanCursor, keyScan: '2025-08-02 00:00:00.000000' } }),
        /manifest\.maxCursor\.nested property keyScan must be either object or array/,
      ],
    ])('400s a manifest with %s and changes nothing', async (_what, corrupt, message) => {
      const manifest = corrupt(sampleManifest('f-bad', table, '2025-08-02 00:00:00.000000'));
      const r = await post(`/watermarks/p/${table}/extract/commits`, { manifest }).expect(400);
      expect(JSON.stringify(r.body.message)).toMatch(message);
      const w = await get(`/watermarks/p/${table}`).expect(200);
      expect(w.body.extract.rowsExtracted).toBe(30);
    });

    it('accepts a commit whose maxCursor has a key scan (ADR 0050) and keeps it as the cursor', async () => {
      const manifest = {
        ...sampleManifest('ks-1', 'shop.key_scan', '2025-08-01 10:00:00.000000'),
        maxCursor: keyScanCursor,
      };
      const r = await post('/watermarks/p/shop.key_scan/extract/commits', { manifest }).expect(200);
      expect(r.body.extract.cursor).toEqual(keyScanCursor);
      expect((await get('/watermarks/p/shop.key_scan').expect(200)).body.extract.cursor).toEqual(keyScanCursor);
    });

    it('lists pending manifests for the loader and marks them loaded once', async () => {
      const pending = await get(`/watermarks/p/${table}/manifests/pending`).expect(200);
      expect(pending.body.map((m: { id: string }) => m.id)).toEqual(['f-1', 'f-2']);
      await post(`/watermarks/p/${table}/load/start`).expect(204);
      const first = await post(`/watermarks/p/${table}/load/commits`, { manifestIds: ['f-1', 'f-2'] }).expect(200);
      expect(first.body.load).toMatchObject({ rowsLoaded: 30, manifestsLoaded: 2, status: 'success' });
      const again = await post(`/watermarks/p/${table}/load/commits`, { manifestIds: ['f-1', 'f-2'] }).expect(200);
      expect(again.body.load.rowsLoaded).toBe(30);
      await get(`/watermarks/p/${table}/manifests/pending`).expect(200, []);
      const unknown = await post(`/watermarks/p/${table}/load/commits`, { manifestIds: ['nope'] }).expect(409);
      expect(unknown.body.message).toBe('manifest nope is not registered for p/shop.flow');
    });

    it('shows the processed files of every manifest', async () => {
      const r = await get(`/watermarks/p/${table}/manifests`).expect(200);
      expect(r.body).toHaveLength(2);
      expect(r.body[0]).toMatchObject({ id: 'f-1', status: 'loaded', rows: 10, files: 1, fileUris: ['file:///k/f-1.parquet'] });
    });

    it('records a failure with its message', async () => {
      await post(`/watermarks/p/${table}/load/fail`, { error: 'COPY failed: disk full' }).expect(204);
      const w = await get(`/watermarks/p/${table}`).expect(200);
      expect(w.body.load).toMatchObject({ status: 'failed', lastError: 'COPY failed: disk full' });
    });
  });

  it('registers a manifest of an earlier version, which has no load order', async () => {
    const legacy = sampleManifest('legacy-1', 'shop.legacy', '2025-08-01 10:00:00.000000');
    expect(legacy.loadOrder).toBeUndefined();
    await post('/watermarks/p/shop.legacy/extract/commits', { manifest: legacy }).expect(200);
    const pending = await get('/watermarks/p/shop.legacy/manifests/pending').expect(200);
    expect(pending.body).toEqual([expect.not.objectContaining({ loadOrder: expect.anything() })]);
    expect(pending.body[0].id).toBe('legacy-1');
  });

  describe('counts', () => {
    const table = 'shop.flow';
    it('sets and adds counts, and refuses a negative result', async () => {
      const set = await patch(`/watermarks/p/${table}/counts`, { stage: 'extract', mode: 'set', rows: 100 }).expect(200);
      expect(set.body.extract.rowsExtracted).toBe(100);
      const add = await patch(`/watermarks/p/${table}/counts`, { stage: 'extract', mode: 'add', rows: 5, files: 1 }).expect(200);
      expect(add.body.extract).toMatchObject({ rowsExtracted: 105, filesCreated: 3 });
      const neg = await patch(`/watermarks/p/${table}/counts`, { stage: 'load', mode: 'add', rows: -1000 }).expect(400);
      expect(neg.body.message).toBe('load rows would become -970; counts are whole numbers from 0');
    });
    it('validates the counts against the registered manifests', async () => {
      const r = await get(`/watermarks/p/${table}/counts/validation`).expect(200);
      expect(r.body).toEqual({
        extractRows: { recorded: 105, fromManifests: 30 },
        extractFiles: { recorded: 3, fromManifests: 2 },
        loadRows: { recorded: 30, fromManifests: 30 },
        loadManifests: { recorded: 2, fromManifests: 2 },
        countsSince: {},
      });
    });
  });

  describe('history, restore and reset', () => {
    const table = 'shop.flow';
    it('keeps every change with before and after, and restores an old version as a new change', async () => {
      const history = (await get(`/watermarks/p/${table}/history`).expect(200)).body;
      const commitEntry = history.find((h: HistoryEntry) => h.action === 'extract-commit' && h.after.extract.rowsExtracted === 10);
      expect(commitEntry?.before?.extract.rowsExtracted).toBe(0);
      const restored = await post(`/watermarks/p/${table}/history/${commitEntry?.id}/restore`).set('X-Tidemark-Actor', 'alice').expect(200);
      expect(restored.body.extract).toMatchObject({ rowsExtracted: 10, cursor: { timestamp: '2025-08-01 10:00:00.000001', primaryKey: ['10'] } });
      const after = (await get(`/watermarks/p/${table}/history`).expect(200)).body;
      expect(after).toHaveLength(history.length + 1);
      expect(after[after.length - 1]).toMatchObject({ action: `restore-${commitEntry?.id}`, actor: 'alice' });
      await post(`/watermarks/p/${table}/history/999999/restore`).expect(404);
    });

    it('resets one stage at a time, finally', async () => {
      const before = (await get(`/watermarks/p/${table}`).expect(200)).body;
      const extract = await post(`/watermarks/p/${table}/reset`, { stage: 'extract' }).expect(200);
      expect(extract.body.extract).toMatchObject({ cursor: { timestamp: null, primaryKey: null }, rowsExtracted: 0, filesCreated: 0, status: 'pending' });
      expect(extract.body.load).toEqual(before.load);
      const load = await post(`/watermarks/p/${table}/force-reset`, { stage: 'load' }).expect(200);
      expect(load.body.load).toMatchObject({ rowsLoaded: 0, manifestsLoaded: 0, status: 'pending' });
      const again = await get(`/watermarks/p/${table}`).expect(200);
      expect(again.body.extract.cursor.timestamp).toBeNull();
      await post('/watermarks/p/shop.never/reset', { stage: 'all' }).expect(404);
      await post(`/watermarks/p/${table}/reset`, { stage: 'everything' }).expect(400);
    });
  });

  describe('system default watermark', () => {
    it('stores a relative preset or an absolute date, and refuses nonsense', async () => {
      await get('/settings/default-watermark').expect(200, { defaultWatermark: null });
      await put('/settings/default-watermark', { preset: '1week' }).expect(200, { defaultWatermark: { preset: '1week' } });
      await put('/settings/default-watermark', { timestamp: '2025-01-01' }).expect(200, {
        defaultWatermark: { timestamp: '2025-01-01 00:00:00.000000' },
      });
      const bad = await put('/settings/default-watermark', { preset: 'soon' }).expect(400);
      expect(bad.body.message).toMatch(/invalid default watermark preset "soon"/);
      await put('/settings/default-watermark', { preset: '1d', timestamp: '2025-01-01' }).expect(400);
      await http().delete('/settings/default-watermark').set(auth).expect(204);
      await get('/settings/default-watermark').expect(200, { defaultWatermark: null });
    });
  });

  describe('export and import', () => {
    it('imports the old tool v1 and v2 files', async () => {
      const v1 = JSON.parse(readFileSync(join(FIXTURES, 'python-v1-settle_orders.json'), 'utf8'));
      const r1 = await post('/import', { document: v1, pipeline: 'legacy' }).expect(201);
      expect(r1.body.imported[0]).toMatchObject({
        pipeline: 'legacy',
        table: 'settlement.settle_orders',
        extract: { cursor: { timestamp: '2025-11-27 15:30:00.000000', primaryKey: ['1000000'] }, rowsExtracted: 5000000 },
        load: { rowsLoaded: 4990000 },
      });
      const v2 = JSON.parse(readFileSync(join(FIXTURES, 'python-v2-settle_orders.json'), 'utf8'));
      const r2 = await post('/import', { document: v2, pipeline: 'legacy2' }).expect(201);
      expect(r2.body.imported[0].table).toBe('settlement.settle_orders');
      expect(r2.body.imported[0].metadata.source).toBe('python-v2');
    });

    it('refuses a broken document and imports nothing', async () => {
      const before = (await get('/watermarks').expect(200)).body.length;
      const r = await post('/import', { document: { last_mysql_data_timestamp: 'yesterday', table_name: 'a.b' } }).expect(400);
      expect(r.body.message).toMatch(/invalid timestamp "yesterday"/);
      await post('/import', { document: 'not json object' }).expect(400);
      expect((await get('/watermarks').expect(200)).body.length).toBe(before);
    });

    it('exports every watermark, and the export imports back unchanged', async () => {
      const exported = (await get('/export').expect(200)).body;
      expect(exported.format).toBe('tidemark-watermarks');
      const legacy = exported.watermarks.find((w: { pipeline: string }) => w.pipeline === 'legacy');
      await post('/watermarks/legacy/settlement.settle_orders/reset', { stage: 'all' }).expect(200);
      await post('/import', { document: exported }).expect(201);
      const back = (await get('/watermarks/legacy/settlement.settle_orders').expect(200)).body;
      expect(back.extract).toEqual(legacy.extract);
      expect(back.load.rowsLoaded).toEqual(legacy.load.rowsLoaded);
    });

    it('lists and filters by pipeline and status', async () => {
      const legacy = (await get('/watermarks?pipeline=legacy').expect(200)).body;
      expect(legacy.map((w: { table: string }) => w.table)).toEqual(['settlement.settle_orders']);
      const failed = (await get('/watermarks?status=failed').expect(200)).body;
      expect(failed.every((w: Watermark) => w.extract.status === 'failed' || w.load.status === 'failed')).toBe(true);
    });
  });
});
