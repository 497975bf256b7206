import { buildApps, closedPort, markdownTable, meaningfulLines, waitUntil } from '@tidemark/testing';
import { Outcome } from './binaries.fixture';
import { API_TOKEN, HostileWorld } from './hostile-world.fixture';

/**
 * The watermark service's and store's edges (issue 14), on the built CLI and
 * service over the real servers: lease secrets, credentials in request logs,
 * HTTP input that used to give 500/502 or be ignored, a future default
 * watermark, impossible UTC offsets, and an unreachable watermark store.
 */
beforeAll(() => buildApps('cli', 'watermark-service'), 600_000);

describe('service and store edges (built CLI and watermark service, real servers)', () => {
  let w: HostileWorld;
  const results: string[][] = [];

  beforeAll(async () => {
    w = await HostileWorld.open();
  }, 600_000);
  afterAll(async () => {
    const aliases = w ? { [`${w.servers.dir.path}/`]: '', [w.servers.db.database]: 'db' } : {};
    console.log(markdownTable('Service and store edges', ['input', 'status', 'what it said'], results, aliases));
    await w?.close();
  });

  const route = (suffix: string) => `/watermarks/default/${encodeURIComponent(w.table)}${suffix}`;
  const record = (input: string, o: Outcome) => {
    const lines = meaningfulLines(o.text).map((l) => l.trim());
    results.push([input, String(o.status), lines.find((l) => l.startsWith('error:')) ?? lines[0] ?? '']);
  };

  /** `act` is refused with `status` and a message matching `message`, and the store, objects, warehouse and source are unchanged. */
  async function expectRefused(input: string, act: () => Outcome | Promise<Outcome>, status: number, message: RegExp) {
    const before = await w.state();
    const outcome = await act();
    expect({ status: outcome.status, message: outcome.text }).toEqual({
      status,
      message: expect.stringMatching(message),
    });
    expect(await w.state()).toEqual(before);
    record(input, outcome);
    return outcome;
  }

  describe('lease secret', () => {
    const leaseRows = (table: string) => w.store.query('SELECT * FROM tidemark_leases WHERE table_key = ?', [table]);

    it('lets only the holder renew or release a lease, proven by the secret it got at acquire', async () => {
      const ref = { pipeline: 'default', table: `${w.servers.db.database}.lease_probe`, stage: 'extract' };
      const acquired = await w.api('/leases', {
        method: 'POST',
        body: { ...ref, holder: 'holder-a', ttlSeconds: 300 },
      });
      expect(acquired.status).toBe(201);
      const lease = JSON.parse(acquired.stdout) as { token: number; secret: string; expiresAt: string };
      // 32 random bytes, base64url
      expect(lease.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);

      const shown = await w.api(`/leases/default/${encodeURIComponent(ref.table)}/extract`);
      expect(JSON.parse(shown.stdout).lease).toEqual({
        ...ref,
        holder: 'holder-a',
        token: lease.token,
        expiresAt: lease.expiresAt,
      });
      const stored = await leaseRows(ref.table);
      expect(JSON.stringify(stored)).not.toContain(lease.secret);

      const attempts: [string, Record<string, string>][] = [
        ['no secret', {}],
        ['an empty secret', { secret: '' }],
        ['a wrong secret', { secret: 'A'.repeat(43) }],
      ];
      for (const [what, secret] of attempts) {
        for (const action of ['renew', 'release']) {
          const o = await w.api(`/leases/${action}`, {
            method: 'POST',
            body: { ...ref, token: lease.token, ...secret },
          });
          expect({ status: o.status, message: o.text }).toEqual({
            status: 403,
            message: expect.stringMatching(
              /lease on default\/\S+\.lease_probe \(extract\) can be renewed or released only by its holder/,
            ),
          });
          record(`lease ${action} with ${what}`, o);
        }
      }
      expect(await leaseRows(ref.table)).toEqual(stored);

      const renewed = await w.api('/leases/renew', {
        method: 'POST',
        body: { ...ref, token: lease.token, secret: lease.secret },
      });
      expect(renewed.status).toBe(200);
      expect(JSON.parse(renewed.stdout)).not.toHaveProperty('secret');
      const released = await w.api('/leases/release', {
        method: 'POST',
        body: { ...ref, token: lease.token, secret: lease.secret },
      });
      expect(released.status).toBe(204);
      expect(
        JSON.parse((await w.api(`/leases/default/${encodeURIComponent(ref.table)}/extract`)).stdout).lease,
      ).toBeNull();
    });

    it('keeps every lease secret out of the service log', () => {
      expect(w.service.log).not.toMatch(/"secret":"[A-Za-z0-9_-]{43}"/);
    });
  });

  it('never logs a credential sent in the query string or a header', async () => {
    const secrets = ['SECRETVALUE1', 'SECRETVALUE2', 'SECRETVALUE3', 'SECRETVALUE4', 'SECRETVALUE5', 'SECRETVALUE6'];
    const query = `token=${secrets[0]}&access_token=${secrets[1]}&api_key=${secrets[2]}&password=${secrets[3]}&Secret=${secrets[4]}`;
    const allowed = await w.api(`${route('')}?${query}`);
    expect(allowed.status).toBe(200);
    const refusedToken = await w.api(`${route('')}?${query}`, { headers: { Authorization: `Bearer ${secrets[5]}` } });
    expect(refusedToken.status).toBe(401);
    const redacted =
      '?token=[Redacted]&access_token=[Redacted]&api_key=[Redacted]&password=[Redacted]&Secret=[Redacted]"';
    await waitUntil(() => w.service.log.split(redacted).length > 2, 10_000);
    for (const secret of [...secrets, API_TOKEN]) expect(w.service.log).not.toContain(secret);
    expect(w.service.log.split(redacted)).toHaveLength(3);
    results.push(['?token=SECRETVALUE… and a wrong bearer token', '200 / 401', 'logged as [Redacted]']);
  });

  describe('HTTP input edges answer 400 or 409, never 500 or 502', () => {
    it('refuses a body nested 100,000 levels deep', async () => {
      const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
      await expectRefused(
        'a JSON body nested 100,000 levels deep',
        () => w.api(route('/cursor'), { method: 'PUT', body: deep }),
        400,
        /the request body is nested deeper than 64 levels/,
      );
    });

    it('refuses a history id beyond any stored id', async () => {
      await expectRefused(
        'POST …/history/99999999999999999999/restore',
        () => w.api(route('/history/99999999999999999999/restore'), { method: 'POST' }),
        400,
        /invalid history id "99999999999999999999": give a whole number from 1 to 2147483647/,
      );
    });

    it.each([
      [
        '?pipeline[]=x',
        '/watermarks?pipeline[]=x',
        /unknown query parameter "pipeline\[\]": this route takes pipeline, status/,
      ],
      [
        '?pipeline=a&pipeline=b',
        '/watermarks?pipeline=a&pipeline=b',
        /query parameter "pipeline" must be given once, as plain text/,
      ],
      [
        '?status=failed&status=success',
        '/watermarks?status=failed&status=success',
        /query parameter "status" must be given once/,
      ],
      ['?pipelines=default', '/watermarks?pipelines=default', /unknown query parameter "pipelines"/],
    ])('refuses a query parameter it does not take as given: %s', async (input, path, message) => {
      await expectRefused(input, () => w.api(path), 400, message);
    });

    it('refuses a re-commit of a registered manifest id with another body, and takes the same body again', async () => {
      const { pending } = await w.manifests();
      const commit = (manifest: unknown) => w.api(route('/extract/commits'), { method: 'POST', body: { manifest } });
      await expectRefused(
        'a re-commit of a registered manifest id with another body',
        () => commit({ ...pending, runId: 'another-run' }),
        409,
        new RegExp(`manifest ${pending.id} is already registered with another body`),
      );
      // A retry is recorded in the history, and changes nothing else.
      const withoutHistory = async () => ({ ...(await w.state()), history: 'not compared' });
      const before = await withoutHistory();
      const same = await commit(pending);
      expect(same.status).toBe(200);
      expect(await withoutHistory()).toEqual(before);
      results.push(['the same manifest committed again', '200', 'idempotent: counted once, nothing changed']);
    });
  });

  describe('a default watermark in the future', () => {
    it('is refused by the CLI', async () => {
      await expectRefused(
        'watermark default set --timestamp 2999-01-01 (CLI)',
        () => w.cli(['watermark', 'default', 'set', '--timestamp', '2999-01-01']),
        1,
        /default watermark 2999-01-01 00:00:00\.000000 is in the future .*a table starting there would extract nothing/,
      );
    });

    it('is refused by the API', async () => {
      await expectRefused(
        'PUT /settings/default-watermark {"timestamp":"2999-01-01"}',
        () => w.api('/settings/default-watermark', { method: 'PUT', body: { timestamp: '2999-01-01' } }),
        400,
        /default watermark 2999-01-01 00:00:00\.000000 is in the future/,
      );
    });
  });

  describe('impossible UTC offsets', () => {
    it.each(['+99:00', '+23:60', '+14:30', '-12:30', '+0560'])('refuses --timestamp with offset %s', async (offset) => {
      await expectRefused(
        `watermark set --timestamp 2025-08-01T00:00:00${offset}`,
        () => w.cli(['watermark', 'set', '-t', w.table, '--timestamp', `2025-08-01T00:00:00${offset}`]),
        1,
        /invalid UTC offset "[+-]\d\d:?\d\d" in "2025-08-01T00:00:00[+-]\d+:?\d+": offsets run from -12:00 to \+14:00, minutes below 60/,
      );
    });

    it('refuses one through the API', async () => {
      await expectRefused(
        'PUT …/cursor {"timestamp":"2025-08-01T00:00:00+23:60"}',
        () => w.api(route('/cursor'), { method: 'PUT', body: { timestamp: '2025-08-01T00:00:00+23:60' } }),
        400,
        /invalid UTC offset "\+23:60"/,
      );
    });
  });

  describe('an unreachable watermark store, from the CLI', () => {
    it('names a PostgreSQL store on a closed port in one line, password masked, exit 1', async () => {
      const port = await closedPort();
      const main = w.readConfigFile('tidemark.yml');
      const url = `postgresql://tidemark:Pa55-SECRET@127.0.0.1:${port}/tidemark`;
      const undo = w.writeConfigFile(
        'tidemark.yml',
        main.replace(/^watermarkStore:.*$/m, `watermarkStore: { type: postgres, url: "${url}" }`),
      );
      try {
        const o = await expectRefused(
          'a PostgreSQL watermark store on a closed port',
          () => w.cli(['watermark', 'list']),
          1,
          new RegExp(
            `^error: cannot reach the PostgreSQL watermark store at postgresql://tidemark@127\\.0\\.0\\.1:${port}/tidemark: connect ECONNREFUSED`,
          ),
        );
        expect(meaningfulLines(o.text)).toHaveLength(1);
        expect(o.text).not.toContain('Pa55-SECRET');
      } finally {
        await undo();
      }
    });

    it('names a watermark service on a closed port in one line, exit 1', async () => {
      const port = await closedPort();
      const o = await expectRefused(
        'a watermark service URL on a closed port',
        () => w.cli(['--service', `http://127.0.0.1:${port}`, 'watermark', 'list'], { TIDEMARK_API_TOKEN: API_TOKEN }),
        1,
        new RegExp(
          `^error: cannot reach the watermark service at http://127\\.0\\.0\\.1:${port}: connect ECONNREFUSED`,
        ),
      );
      expect(meaningfulLines(o.text)).toHaveLength(1);
    });
  });
});
