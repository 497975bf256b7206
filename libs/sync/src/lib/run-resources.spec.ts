import { RealServers } from '@tidemark/testing';
import { EmbeddedContext } from './embedded-context';
import { runResources } from './run-resources';
import { testConfig } from './test-config.fixture';

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('runResources: what tables running at once share', () => {
  let servers: RealServers;
  let ctx: EmbeddedContext;

  beforeAll(async () => {
    servers = await RealServers.open('tm_runres');
    ctx = new EmbeddedContext(testConfig({ dir: servers.dir.path }));
  });

  afterAll(async () => {
    await ctx?.close();
    await servers?.close();
  });

  it('is one per context', () => {
    expect(runResources(ctx)).toBe(runResources(ctx));
    expect(runResources(new EmbeddedContext(ctx.config))).not.toBe(runResources(ctx));
  });

  it('opens a MySQL connection once for tables asking at the same moment', async () => {
    const [a, b, c] = await Promise.all([1, 2, 3].map(() => runResources(ctx).source('default')));
    expect(b).toBe(a);
    expect(c).toBe(a);
    expect(await ctx.source('default')).toBe(a);
  });

  it('fails every table waiting on an opening that fails, then tries again on the next call', async () => {
    const config = testConfig({ dir: servers.dir.path });
    config.connections['default'] = { ...config.connections['default'], port: 1 };
    const closedCtx = new EmbeddedContext(config);
    try {
      const attempts = await Promise.allSettled([1, 2].map(() => runResources(closedCtx).source('default')));
      expect(attempts.map((a) => a.status)).toEqual(['rejected', 'rejected']);
      expect((attempts[0] as PromiseRejectedResult).reason.message).toMatch(
        /cannot connect to MySQL connection "default" at 127\.0\.0\.1:1/,
      );
      config.connections['default'] = {
        ...config.connections['default'],
        port: ctx.config.connections['default'].port,
      };
      const source = await runResources(closedCtx).source('default');
      expect(await source.query<{ one: number }>({ sql: 'SELECT 1 AS one', params: [] })).toEqual([{ one: 1 }]);
    } finally {
      await closedCtx.close();
    }
  });

  it('runs the first load into a schema alone, and later loads into it at once', async () => {
    const steps: string[] = [];
    const load = (name: string, ms: number) => async () => {
      steps.push(`start ${name}`);
      await delay(ms);
      steps.push(`end ${name}`);
    };
    const resources = runResources(ctx);
    await Promise.all([
      resources.loadInto('s1', load('first', 80)),
      resources.loadInto('s1', load('second', 5)),
      resources.loadInto('s2', load('other schema', 5)),
    ]);
    expect(steps).toEqual([
      'start first',
      'start other schema',
      'end other schema',
      'end first',
      'start second',
      'end second',
    ]);
    steps.length = 0;
    await Promise.all([resources.loadInto('s1', load('third', 80)), resources.loadInto('s1', load('fourth', 5))]);
    expect(steps).toEqual(['start third', 'start fourth', 'end fourth', 'end third']);
  });
});
