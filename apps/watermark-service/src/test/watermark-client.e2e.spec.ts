import { readFileSync } from 'node:fs';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { TidemarkError } from '@tidemark/errors';
import { closedPort } from '@tidemark/testing';
import { CountUpdate, resolveDefaultStart, StageStatus, TableId } from '@tidemark/watermark-model';
import { sampleManifest } from './sample-manifest';
import { ServiceFixture, StoreKind, TOKEN } from './service.fixture';
import { HttpTransport, HttpWatermarkClient } from '@tidemark/watermark-client';

const FIXTURES = join(__dirname, '../../../../libs/watermark-model/src/fixtures');
const fixture = (name: string): unknown => JSON.parse(readFileSync(join(FIXTURES, name), 'utf8'));
const id = (table: string): TableId => ({ pipeline: 'p', table });

/** The TidemarkError a call fails with. */
async function failure(call: Promise<unknown>): Promise<TidemarkError> {
  const error = await call.then(
    () => new Error('expected the call to fail'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TidemarkError);
  return error as TidemarkError;
}

describe.each(['sqlite', 'postgres'] as StoreKind[])(
  'HttpWatermarkClient against the watermark service on %s',
  (kind) => {
    let service: ServiceFixture;
    let client: HttpWatermarkClient;

    beforeAll(async () => {
      service = await ServiceFixture.start(kind);
      client = new HttpWatermarkClient({ url: `${service.url}/`, token: TOKEN });
    });
    afterAll(() => service?.close());

    const commit = (table: string, manifestId: string, ts: string, fencingToken?: number, rows = 10) =>
      client.commitExtract({ ...id(table), manifest: sampleManifest(manifestId, table, ts, rows), fencingToken });

    describe('reading and setting by hand', () => {
      it('gives null for a table never synced', async () => {
        expect(await client.get(id('shop.never'))).toBeNull();
      });

      it('sets the cursor of a connection-scoped table, recording the actor', async () => {
        const table = id('conn:shop.orders$2');
        const set = await client.setCursor(
          table,
          { timestamp: '2025-08-01T12:00:00.123456+02:00', primaryKey: ['42'] },
          'bob',
        );
        expect(set).toMatchObject({ table: 'conn:shop.orders$2', backupStrategy: 'manual_cli' });
        expect(set.extract.cursor).toEqual({ timestamp: '2025-08-01 10:00:00.123456', primaryKey: ['42'] });
        expect(await client.get(table)).toEqual(set);
        const history = await client.history(table);
        expect(history[history.length - 1]).toMatchObject({ action: 'set', actor: 'bob' });
      });

      it('lists with the pipeline and status filters', async () => {
        await client.setCursor({ pipeline: 'other', table: 'shop.listed' }, { timestamp: '2025-01-01' }, 'bob');
        expect((await client.list({ pipeline: 'other' })).map((w) => w.table)).toEqual(['shop.listed']);
        expect((await client.list()).length).toBeGreaterThanOrEqual(2);
        await client.markLoadFailed({ pipeline: 'other', table: 'shop.listed' }, 'disk full');
        expect((await client.list({ status: 'failed' })).map((w) => w.table)).toEqual(['shop.listed']);
      });

      it('turns a 400 into BAD_INPUT with the server message, class-validator lists joined', async () => {
        const bad = await failure(client.setCursor(id('shop.orders'), { timestamp: 'None' }, 'bob'));
        expect(bad).toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/invalid timestamp "None"/) });
        const status = await failure(client.list({ status: 'done' as StageStatus }));
        expect(status.message).toMatch(/invalid status "done"/);
        const listed = await failure(
          client.updateCounts(id('shop.orders'), { stage: 'x', mode: 'y' } as unknown as CountUpdate, 'bob'),
        );
        expect(listed.code).toBe('BAD_INPUT');
        expect(listed.message).toMatch(/^stage must be one of .*; mode must be one of /);
      });
    });

    describe('extract and load stages', () => {
      const table = 'shop.flow';

      it('commits a binlog manifest with its change columns and position, and sets a position by hand (ADR 0041)', async () => {
        const table = 'shop.binlogged';
        const binlog = { phase: 'stream' as const, file: 'mysql-bin.000042', pos: 1234, gtid: '0-1-99', order: '4398046511105' };
        const manifest = {
          ...sampleManifest('bl-1', table, '2025-08-01 10:00:00.000001', 2),
          strategy: 'binlog',
          changes: { operationColumn: '_tidemark_operation', positionColumn: '_tidemark_position', orderColumn: '_tidemark_change' },
          sourceCommitTimes: { oldest: '2025-08-01T10:00:00.000Z', newest: '2025-08-01T10:00:01.000Z' },
          maxCursor: { timestamp: null, primaryKey: null, binlog },
        };
        const committed = await client.commitExtract({ ...id(table), manifest });
        expect(committed.extract.cursor).toEqual({ timestamp: null, primaryKey: null, binlog });
        expect((await client.pendingManifests(id(table)))[0]).toMatchObject({ changes: manifest.changes, sourceCommitTimes: manifest.sourceCommitTimes });
        const set = await client.setCursor(id(table), { binlogPosition: { file: 'mysql-bin.000043', pos: 4 } }, 'bob');
        expect(set.extract.cursor.binlog).toEqual({ phase: 'stream', file: 'mysql-bin.000043', pos: 4, order: binlog.order });
        const bad = await failure(client.setCursor(id(table), { binlogPosition: { file: 'x; DROP', pos: 1 } }, 'bob'));
        expect(bad.code).toBe('BAD_INPUT');
      });

      it('registers manifests, moves the cursor, counts a repeated commit once, refuses going back', async () => {
        await client.markExtractStarted(id(table), 'hybrid');
        await commit(table, 'f-1', '2025-08-01 10:00:00.000001', undefined, 10);
        const second = await commit(table, 'f-2', '2025-08-01 10:00:00.000002', undefined, 20);
        expect(second.extract).toMatchObject({ rowsExtracted: 30, filesCreated: 2, status: 'in_progress' });
        expect((await commit(table, 'f-2', '2025-08-01 10:00:00.000002', undefined, 20)).extract.rowsExtracted).toBe(
          30,
        );
        const back = await failure(commit(table, 'f-0', '2025-08-01 10:00:00.000000'));
        expect(back).toMatchObject({
          code: 'CONFLICT',
          message: expect.stringMatching(/would move the cursor of p\/shop\.flow back/),
        });
        await client.markExtractSucceeded(id(table));
        expect((await client.get(id(table)))?.extract.status).toBe('success');
      });

      it('records an extract failure', async () => {
        await client.markExtractFailed(id('shop.broken'), 'source gone');
        expect((await client.get(id('shop.broken')))?.extract).toMatchObject({
          status: 'failed',
          lastError: 'source gone',
        });
      });

      it('hands pending manifests to the loader and marks them loaded once', async () => {
        const pending = await client.pendingManifests(id(table));
        expect(pending.map((m) => m.id)).toEqual(['f-1', 'f-2']);
        expect(pending[0]).toEqual(sampleManifest('f-1', table, '2025-08-01 10:00:00.000001', 10));
        await client.markLoadStarted(id(table));
        const loaded = await client.commitLoad({ ...id(table), manifestIds: ['f-1', 'f-2'] });
        expect(loaded.load).toMatchObject({ rowsLoaded: 30, manifestsLoaded: 2, status: 'success' });
        expect((await client.commitLoad({ ...id(table), manifestIds: ['f-1', 'f-2'] })).load.rowsLoaded).toBe(30);
        expect(await client.pendingManifests(id(table))).toEqual([]);
        const unknown = await failure(client.commitLoad({ ...id(table), manifestIds: ['nope'] }));
        expect(unknown).toMatchObject({ code: 'CONFLICT', message: 'manifest nope is not registered for p/shop.flow' });
      });

      it('lists every manifest with its files', async () => {
        const manifests = await client.manifests(id(table));
        expect(manifests).toHaveLength(2);
        expect(manifests[0]).toMatchObject({
          id: 'f-1',
          status: 'loaded',
          rows: 10,
          files: 1,
          fileUris: ['file:///k/f-1.parquet'],
          filesDeletedAt: null,
        });
        expect(typeof manifests[0].strategy).toBe('string');
      });

      it('records the manifests s3clean deleted files of, as the actor, and refuses an unknown or malformed id', async () => {
        const unknown = await failure(client.markFilesDeleted(id(table), ['f-1', 'nope'], 'cli:cleaner'));
        expect(unknown).toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('no manifest nope for p / shop.flow') });
        const malformed = await failure(client.markFilesDeleted(id(table), ['f 1'], 'cli:cleaner'));
        expect(malformed).toMatchObject({ code: 'BAD_INPUT', message: expect.stringContaining('each manifest id must be 1-80 letters') });
        expect((await client.manifests(id(table))).map((m) => m.filesDeletedAt)).toEqual([null, null]);

        await client.markFilesDeleted(id(table), ['f-1'], 'cli:cleaner');
        const [first, second] = await client.manifests(id(table));
        expect(first.filesDeletedAt).toEqual(expect.any(String));
        expect(second.filesDeletedAt).toBeNull();
        expect((await client.history(id(table))).at(-1)).toMatchObject({ action: 'files-deleted', actor: 'cli:cleaner' });
      });

      it('records a load failure', async () => {
        await client.markLoadFailed(id(table), 'COPY failed: disk full');
        expect((await client.get(id(table)))?.load).toMatchObject({
          status: 'failed',
          lastError: 'COPY failed: disk full',
        });
      });
    });

    describe('counts, history, restore and reset', () => {
      const table = 'shop.flow';

      it('sets and adds counts, refuses a negative result, and validates against the manifests', async () => {
        expect(
          (await client.updateCounts(id(table), { stage: 'extract', mode: 'set', rows: 100 }, 'bob')).extract
            .rowsExtracted,
        ).toBe(100);
        const added = await client.updateCounts(id(table), { stage: 'extract', mode: 'add', rows: 5, files: 1 }, 'bob');
        expect(added.extract).toMatchObject({ rowsExtracted: 105, filesCreated: 3 });
        const negative = await failure(
          client.updateCounts(id(table), { stage: 'load', mode: 'add', rows: -1000 }, 'bob'),
        );
        expect(negative).toMatchObject({
          code: 'BAD_INPUT',
          message: 'load rows would become -970; counts are whole numbers from 0',
        });
        expect(await client.validateCounts(id(table))).toMatchObject({
          extractRows: { recorded: 105, fromManifests: 30 },
          extractFiles: { recorded: 3, fromManifests: 2 },
          loadRows: { recorded: 30, fromManifests: 30 },
          loadManifests: { recorded: 2, fromManifests: 2 },
        });
      });

      it('restores an old version as a new change by the actor, and 404s an unknown entry', async () => {
        const history = await client.history(id(table));
        const first = history.find((h) => h.action === 'extract-commit' && h.after.extract.rowsExtracted === 10);
        expect(first?.before?.extract.rowsExtracted).toBe(0);
        const restored = await client.restore(id(table), first?.id as number, 'alice');
        expect(restored.extract).toMatchObject({
          rowsExtracted: 10,
          cursor: { timestamp: '2025-08-01 10:00:00.000001', primaryKey: ['10'] },
        });
        const after = await client.history(id(table));
        expect(after).toHaveLength(history.length + 1);
        expect(after[after.length - 1]).toMatchObject({ action: `restore-${first?.id}`, actor: 'alice' });
        const missing = await failure(client.restore(id(table), 999999, 'alice'));
        expect(missing).toMatchObject({ code: 'NOT_FOUND', message: `no history entry 999999 for p / ${table}` });
      });

      it('resets one stage, and 404s a table never synced', async () => {
        const before = await client.get(id(table));
        const reset = await client.reset(id(table), 'extract', 'alice');
        expect(reset.extract).toMatchObject({
          cursor: { timestamp: null, primaryKey: null },
          rowsExtracted: 0,
          status: 'pending',
        });
        expect(reset.load).toEqual(before?.load);
        const never = await failure(client.reset(id('shop.never'), 'all', 'alice'));
        expect(never).toMatchObject({
          code: 'NOT_FOUND',
          message: 'no watermark for p / shop.never: it has never been synced',
        });
      });
    });

    describe('rebuild after a load-stage reset', () => {
      const table = 'shop.rebuilt';

      it('reopens the loaded manifests and asks for a rebuild, which only a rebuilt load commit clears', async () => {
        await commit(table, 'b-1', '2025-08-01 10:00:00.000001', undefined, 10);
        await client.commitLoad({ ...id(table), manifestIds: ['b-1'] });
        const reset = await client.reset(id(table), 'load', 'alice');
        expect(reset.load).toMatchObject({ rebuildPending: true, rowsLoaded: 0 });
        expect((await client.pendingManifests(id(table))).map((m) => m.id)).toEqual(['b-1']);
        const rebuilt = await client.commitLoad({ ...id(table), manifestIds: ['b-1'], rebuilt: true });
        expect(rebuilt.load).toMatchObject({ rebuildPending: false, rowsLoaded: 10, manifestsLoaded: 1 });
      });
    });

    describe('resync', () => {
      const table = 'shop.resynced';

      it('starts a table over through the service, recorded under the actor, and refuses while it is leased', async () => {
        await commit(table, 'r-1', '2025-08-01 10:00:00.000001', undefined, 10);
        await client.commitLoad({ ...id(table), manifestIds: ['r-1'] });
        await commit(table, 'r-2', '2025-08-01 10:00:00.000002', undefined, 20);
        const lease = await client.acquireLease({ ...id(table), stage: 'load', holder: 'loader-9', ttlSeconds: 60 });
        const refused = await failure(client.resync(id(table), 'alice'));
        expect(refused).toMatchObject({
          code: 'CONFLICT',
          message: expect.stringMatching(
            /^cannot resync p\/shop\.resynced: its load stage is leased by loader-9 until /,
          ),
        });
        expect((await client.manifests(id(table))).map((m) => m.status)).toEqual(['loaded', 'pending']);
        await client.releaseLease(lease);

        const done = await client.resync(id(table), 'alice');
        expect(done.superseded).toEqual({ manifests: 2, rows: 30 });
        expect(done.before?.extract.rowsExtracted).toBe(30);
        expect(done.after.extract).toMatchObject({ rowsExtracted: 0, cursor: { timestamp: null, primaryKey: null } });
        expect(done.after.load).toMatchObject({ rowsLoaded: 0, rebuildPending: true });
        expect((await client.manifests(id(table))).map((m) => m.status)).toEqual(['superseded', 'superseded']);
        expect((await client.history(id(table))).at(-1)).toMatchObject({ action: 'resync', actor: 'alice' });
      });
    });

    describe('system default watermark', () => {
      it('sets, reads, resolves locally and clears the default', async () => {
        const now = new Date('2025-08-10T12:00:00.000Z');
        expect(await client.getDefaultWatermark()).toBeNull();
        expect(await client.defaultStart(now)).toBeNull();
        expect(await client.setDefaultWatermark({ preset: '1week' }, 'alice')).toEqual({ preset: '1week' });
        expect(await client.getDefaultWatermark()).toEqual({ preset: '1week' });
        expect(await client.defaultStart(now)).toBe(resolveDefaultStart({ preset: '1week' }, now));
        expect(await client.defaultStart(now)).toBe('2025-08-03 12:00:00.000000');
        expect(await client.setDefaultWatermark({ timestamp: '2025-01-01' }, 'alice')).toEqual({
          timestamp: '2025-01-01 00:00:00.000000',
        });
        const bad = await failure(client.setDefaultWatermark({ preset: 'soon' }, 'alice'));
        expect(bad).toMatchObject({
          code: 'BAD_INPUT',
          message: expect.stringMatching(/invalid default watermark preset "soon"/),
        });
        expect(await client.setDefaultWatermark(null, 'alice')).toBeNull();
        expect(await client.getDefaultWatermark()).toBeNull();
      });
    });

    describe('export and import', () => {
      it('imports an old-tool file with its pipeline, as the actor', async () => {
        const [imported] = await client.importDocument(
          fixture('python-v1-settle_orders.json'),
          { pipeline: 'legacy' },
          'carol',
        );
        expect(imported).toMatchObject({
          pipeline: 'legacy',
          table: 'settlement.settle_orders',
          load: { rowsLoaded: 4990000 },
        });
        const history = await client.history({ pipeline: 'legacy', table: 'settlement.settle_orders' });
        expect(history[history.length - 1]).toMatchObject({ action: 'import', actor: 'carol' });
      });

      it('exports every watermark, and the export imports back', async () => {
        const exported = await client.exportAll();
        expect(exported).toMatchObject({ format: 'tidemark-watermarks', version: 1 });
        const legacy = exported.watermarks.find((w) => w.pipeline === 'legacy');
        const legacyId = { pipeline: 'legacy', table: 'settlement.settle_orders' };
        await client.reset(legacyId, 'all', 'carol');
        const imported = await client.importDocument(exported, { table: 'settlement.settle_orders' }, 'carol');
        expect(imported.map((w) => w.pipeline)).toEqual(['legacy']);
        expect((await client.get(legacyId))?.extract).toEqual(legacy?.extract);
      });

      it('refuses a backward move unless allowRewind, and takes the table from fallbackTable', async () => {
        const file = (timestamp: string) => ({ last_mysql_data_timestamp: timestamp, last_processed_id: 1 });
        const id = { pipeline: 'rewind', table: 'shop.rewound' };
        await client.importDocument(file('2025-08-02 00:00:00'), { pipeline: 'rewind', fallbackTable: 'shop.rewound' }, 'carol');
        const refused = await failure(
          client.importDocument(file('2025-08-01 00:00:00'), { pipeline: 'rewind', fallbackTable: 'shop.rewound' }, 'carol'),
        );
        expect(refused).toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/--allow-rewind/) });
        const options = { pipeline: 'rewind', fallbackTable: 'shop.rewound', allowRewind: true };
        await client.importDocument(file('2025-08-01 00:00:00'), options, 'carol');
        expect((await client.get(id))?.extract.cursor.timestamp).toBe('2025-08-01 00:00:00.000000');
      });

      it('refuses a broken document with the server message', async () => {
        const broken = await failure(
          client.importDocument({ last_mysql_data_timestamp: 'yesterday', table_name: 'a.b' }, {}, 'carol'),
        );
        expect(broken).toMatchObject({
          code: 'BAD_INPUT',
          message: expect.stringMatching(/invalid timestamp "yesterday"/),
        });
      });
    });

    describe('leases and fencing', () => {
      const table = 'shop.leased';
      const request = (holder: string) => ({ ...id(table), stage: 'extract' as const, holder, ttlSeconds: 60 });

      it('grants, refuses a second holder, renews, shows the holder and releases', async () => {
        const lease = await client.acquireLease(request('a'));
        expect(lease).toMatchObject({ ...id(table), stage: 'extract', holder: 'a', token: 1 });
        const taken = await failure(client.acquireLease(request('b')));
        expect(taken).toMatchObject({
          code: 'CONFLICT',
          message: expect.stringMatching(/^p\/shop\.leased \(extract\) is leased by a until /),
        });
        const foreign = await failure(client.renewLease({ ...lease, secret: 'not-the-secret' }, 120));
        expect(foreign).toMatchObject({
          code: 'FORBIDDEN',
          message:
            'the lease on p/shop.leased (extract) can be renewed or released only by its holder: the secret sent is not the one given at acquire',
        });
        const renewed = await client.renewLease(lease, 120);
        expect(Date.parse(renewed.expiresAt)).toBeGreaterThan(Date.parse(lease.expiresAt));
        expect(await client.leaseHolder(id(table), 'extract')).toMatchObject({ holder: 'a', token: 1 });
        expect(await client.leaseHolder(id(table), 'load')).toBeNull();
        await client.releaseLease(lease);
        expect(await client.leaseHolder(id(table), 'extract')).toBeNull();
      });

      it('surfaces a stale fencing token as CONFLICT with the server message', async () => {
        const current = await client.acquireLease(request('b'));
        expect(current.token).toBe(2);
        const stale = { ...current, token: 1 };
        const renew = await failure(client.renewLease(stale, 60));
        expect(renew).toMatchObject({
          code: 'CONFLICT',
          message: 'fencing token 1 for p/shop.leased (extract) is stale: the current token is 2',
        });
        const commitStale = await failure(commit(table, 'l-stale', '2025-08-01 10:00:00.000000', 1));
        expect(commitStale).toMatchObject({
          code: 'CONFLICT',
          message: expect.stringMatching(/fencing token 1 .* is stale/),
        });
        const committed = await commit(table, 'l-current', '2025-08-01 10:00:00.000000', current.token);
        expect(committed.extract.rowsExtracted).toBe(10);
        await client.releaseLease(current);
      });

      it("an extract commit with release ends the run in one request: another holder takes the lease at once", async () => {
        const t = 'shop.commit_release';
        const lease = await client.acquireLease({ ...id(t), stage: 'extract', holder: 'a', ttlSeconds: 60 });
        const w = await client.commitExtract({
          ...id(t),
          manifest: sampleManifest('cr-1', t, '2025-08-01 10:00:00.000001', 10, 'p', lease.token),
          fencingToken: lease.token,
          release: { secret: lease.secret },
          summary: { futureRows: 2 },
        });
        expect(w.extract).toMatchObject({ status: 'success', rowsExtracted: 10 });
        expect(w.metadata.futureRows).toBe(2);
        const next = await client.acquireLease({ ...id(t), stage: 'extract', holder: 'b', ttlSeconds: 60 });
        expect(next).toMatchObject({ holder: 'b', token: lease.token + 1 });
        await client.releaseLease(next);
      });

      it('a refused commit with release keeps the lease; a load commit with release frees it', async () => {
        const t = 'shop.commit_kept';
        const lease = await client.acquireLease({ ...id(t), stage: 'load', holder: 'a', ttlSeconds: 60 });
        const refused = await failure(
          client.commitLoad({ ...id(t), manifestIds: ['never-registered'], fencingToken: lease.token, release: { secret: lease.secret } }),
        );
        expect(refused).toMatchObject({ code: 'CONFLICT', message: 'manifest never-registered is not registered for p/shop.commit_kept' });
        expect(await client.leaseHolder(id(t), 'load')).toMatchObject({ holder: 'a', token: lease.token });
        const empty = await failure(
          client.commitLoad({ ...id(t), manifestIds: [], fencingToken: lease.token, release: { secret: '' } }),
        );
        expect(empty).toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/secret must be longer than or equal to 1 characters/) });
        await client.commitLoad({ ...id(t), manifestIds: [], fencingToken: lease.token, release: { secret: lease.secret } });
        expect(await client.leaseHolder(id(t), 'load')).toBeNull();
      });

      it('takes over a dead holder of the requester host through the service, never one of another host', async () => {
        const take = (table2: string, holder: string, takeOverFrom?: string) =>
          client.acquireLease({ ...id(table2), stage: 'load', holder, ttlSeconds: 60, takeOverFrom });
        const dead = await take('shop.crashed', 'host-1:100');
        const taken = await take('shop.crashed', 'host-1:200', 'host-1:100');
        expect(taken).toMatchObject({ holder: 'host-1:200', token: dead.token + 1 });
        await client.releaseLease(taken);

        const elsewhere = await take('shop.elsewhere', 'host-2:100');
        const refused = await failure(take('shop.elsewhere', 'host-1:200', 'host-2:100'));
        expect(refused).toMatchObject({
          code: 'CONFLICT',
          message: expect.stringMatching(/^p\/shop\.elsewhere \(load\) is leased by host-2:100 until /),
        });
        await client.releaseLease(elsewhere);
      });
    });

    it('explains a refused token (401) as CONFIG', async () => {
      const wrong = new HttpWatermarkClient({ url: service.url, token: 'not-the-token-at-all!' });
      const refused = await failure(wrong.get(id('shop.orders')));
      expect(refused).toMatchObject({
        code: 'CONFIG',
        message: `the watermark service at ${service.url} refused the token (401): set TIDEMARK_API_TOKEN`,
      });
    });
  },
);

/** A bare HTTP server that answers with `respond(hit)`, counting requests. */
async function bareServer(respond: (hit: number, res: ServerResponse, req: IncomingMessage) => void) {
  let hits = 0;
  const server = createServer((req, res) => respond(++hits, res, req));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits: () => hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const answer = (res: ServerResponse, status: number, body: object) =>
  res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));

describe('HttpTransport retries and failures', () => {
  it('reports an unreachable service after 3 quick attempts', async () => {
    const closed = { url: `http://127.0.0.1:${await closedPort()}` };
    const client = new HttpWatermarkClient({ url: closed.url, token: TOKEN });
    const started = Date.now();
    const error = await failure(client.list());
    const elapsed = Date.now() - started;
    expect(error).toMatchObject({
      code: 'WATERMARK_SERVICE',
      message: `cannot reach the watermark service at ${closed.url}: connect ECONNREFUSED ${closed.url.slice(7)}`,
    });
    expect(elapsed).toBeGreaterThanOrEqual(550); // waited 200 + 400 ms between the attempts
    expect(elapsed).toBeLessThan(10_000); // then gave up, rather than retrying on (bound loose for a loaded machine)
  });

  it('reports a port fetch refuses to use (http://127.0.0.1:1)', async () => {
    const client = new HttpWatermarkClient({ url: 'http://127.0.0.1:1', token: TOKEN, retryDelaysMs: [] });
    const error = await failure(client.list());
    expect(error.message).toBe('cannot reach the watermark service at http://127.0.0.1:1: bad port');
  });

  it('retries 502, 503 and 504, then takes the answer', async () => {
    const server = await bareServer((hit, res) =>
      hit < 4 ? answer(res, 500 + hit + 1, {}) : answer(res, 200, { ok: hit }),
    );
    try {
      const http = new HttpTransport({ url: server.url, token: TOKEN, retryDelaysMs: [5, 5, 5] });
      expect(await http.request({ method: 'POST', path: '/x', body: {} })).toEqual({ ok: 4 });
      expect(server.hits()).toBe(4);
    } finally {
      await server.close();
    }
  });

  it('gives up after the last attempt, never retries a 4xx or an addition to counts', async () => {
    const server = await bareServer((_hit, res, req) =>
      req.url === '/conflict'
        ? answer(res, 409, { message: 'taken' })
        : answer(res, 503, { message: ['down', 'for maintenance'] }),
    );
    try {
      const http = new HttpTransport({ url: server.url, token: TOKEN, retryDelaysMs: [5, 5] });
      const down = await failure(http.request({ method: 'GET', path: '/down' }));
      expect(down).toMatchObject({
        code: 'WATERMARK_SERVICE',
        message: `the watermark service at ${server.url} answered 503: down; for maintenance`,
      });
      expect(server.hits()).toBe(3);
      expect(await failure(http.request({ method: 'GET', path: '/conflict' }))).toMatchObject({
        code: 'CONFLICT',
        message: 'taken',
      });
      expect(server.hits()).toBe(4);
      const client = new HttpWatermarkClient({ url: server.url, token: TOKEN, retryDelaysMs: [5, 5] });
      await failure(client.updateCounts(id('shop.orders'), { stage: 'load', mode: 'add', rows: 1 }, 'bob'));
      expect(server.hits()).toBe(5);
    } finally {
      await server.close();
    }
  });

  it('times out a silent service without retrying', async () => {
    const server = await bareServer(() => undefined);
    try {
      const http = new HttpTransport({ url: server.url, token: TOKEN, timeoutMs: 200, retryDelaysMs: [5, 5] });
      const silent = await failure(http.request({ method: 'GET', path: '/slow' }));
      expect(silent).toMatchObject({
        code: 'WATERMARK_SERVICE',
        message: `the watermark service at ${server.url} did not answer within 0.2 s`,
      });
      expect(server.hits()).toBe(1);
    } finally {
      await server.close();
    }
  });

  it('sends the token, the actor and JSON', async () => {
    const server = await bareServer((_hit, res, req) =>
      answer(res, 200, {
        auth: req.headers.authorization,
        actor: req.headers['x-tidemark-actor'],
        type: req.headers['content-type'],
      }),
    );
    try {
      const http = new HttpTransport({ url: server.url, token: TOKEN });
      expect(await http.request({ method: 'PUT', path: '/x', body: {}, actor: 'alice' })).toEqual({
        auth: `Bearer ${TOKEN}`,
        actor: 'alice',
        type: 'application/json',
      });
    } finally {
      await server.close();
    }
  });

  it('refuses a URL that is not http(s)', () => {
    expect(() => new HttpTransport({ url: 'watermark:3100', token: TOKEN })).toThrow(
      expect.objectContaining({
        code: 'CONFIG',
        message: 'invalid watermark service URL "watermark:3100": use e.g. http://host:3100',
      }),
    );
  });
});
