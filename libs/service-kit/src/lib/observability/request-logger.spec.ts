import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import pino, { Logger } from 'pino';
import { LogLevel } from './service-env';
import { requestLogger, RequestLogOptions } from './request-logger';
import { createServiceLogger } from './service-logger';

/** A real HTTP server behind the request logger, answering each path's status (`/status/503` → 503, else 200). */
async function serve(level: LogLevel, options: RequestLogOptions = {}) {
  const lines: Record<string, unknown>[] = [];
  const out = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  const log = requestLogger(createServiceLogger('watermark-service', level, out), options);
  const server: Server = createServer((req, res) =>
    log(req, res, () => {
      if (req.url === '/note') (req as { log?: Logger }).log?.info('handled');
      res.statusCode = Number(/^\/status\/(\d{3})/.exec(req.url ?? '')?.[1] ?? 200);
      const delayMs = Number(/^\/sleep\/(\d+)/.exec(req.url ?? '')?.[1] ?? 0);
      setTimeout(() => res.end('{}'), delayMs);
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const get = async (path: string, headers: Record<string, string> = {}) => (await fetch(`${url}${path}`, { headers })).status;
  const respond = (path: string, headers: Record<string, string> = {}) => fetch(`${url}${path}`, { headers });
  const logged = () =>
    lines.map(
      (l) => `${l['level']} ${(l['req'] as { url: string }).url} ${(l['res'] as { statusCode: number }).statusCode}`,
    );
  return { get, respond, logged, lines, close: () => new Promise((resolve) => server.close(resolve)) };
}

describe('request logging', () => {
  it('at the default level (info): every API request, and no line for a probe or scrape that went well', async () => {
    const s = await serve('info');
    for (const path of ['/health', '/ready', '/metrics', '/watermarks', '/status/404', '/health?x=1'])
      await s.get(path);
    expect(s.logged()).toEqual(['info /watermarks 200', 'warn /status/404 404']);
    await s.close();
  });

  it('at debug: the probes too', async () => {
    const s = await serve('debug');
    await s.get('/health');
    await s.get('/ready');
    expect(s.logged()).toEqual(['debug /health 200', 'debug /ready 200']);
    await s.close();
  });

  it('logs the sampled share of successful requests, and every failed one whatever the share', async () => {
    let draw = 0;
    // 0.00, 0.01 … 0.99, again: exactly a quarter are below 0.25.
    const s = await serve('info', { sample: 0.25, random: () => (draw++ % 100) / 100 });
    for (let i = 0; i < 200; i++) await s.get('/watermarks');
    await s.get('/status/409');
    await s.get('/status/503');
    const lines = s.logged();
    expect(lines.filter((l) => l === 'info /watermarks 200')).toHaveLength(50);
    expect(lines.slice(-2)).toEqual(['warn /status/409 409', 'error /status/503 503']);
    await s.close();
  });

  it('with a share of 0: only failures', async () => {
    const s = await serve('info', { sample: 0 });
    for (let i = 0; i < 20; i++) await s.get('/watermarks');
    await s.get('/status/500');
    expect(s.logged()).toEqual(['error /status/500 500']);
    await s.close();
  });

  it('logs a slow successful request whatever the share, and not a quick one', async () => {
    const s = await serve('info', { sample: 0, slowMs: 100 });
    await s.get('/sleep/0');
    await s.get('/sleep/300');
    await s.get('/health');
    expect(s.logged()).toEqual(['info /sleep/300 200']);
    await s.close();
  });

  it("writes pino-http's fields: reqId, the request with its credentials redacted, the status, the time; err on a 5xx", async () => {
    const s = await serve('info');
    await s.get('/watermarks?token=abc&x=1', { Authorization: 'Bearer very-secret', 'X-Request-Id': 'caller-7' });
    await s.get('/status/503');
    const [ok, failed] = s.lines;
    expect(ok).toMatchObject({
      level: 'info',
      msg: 'request completed',
      reqId: 'caller-7',
      req: {
        id: 'caller-7',
        method: 'GET',
        url: '/watermarks?token=[Redacted]&x=1',
        headers: expect.objectContaining({ authorization: '[Redacted]', 'x-request-id': 'caller-7' }),
        remoteAddress: expect.any(String),
      },
      res: { statusCode: 200 },
      responseTime: expect.any(Number),
    });
    expect(JSON.stringify(s.lines)).not.toContain('very-secret');
    expect(failed).toMatchObject({
      level: 'error',
      msg: 'request errored',
      res: { statusCode: 503 },
      err: { message: 'failed with status code 503' },
    });
    expect(failed['reqId']).toMatch(/^[0-9a-f-]{36}$/);
    await s.close();
  });

  it('sends the request id back, and what a handler logs carries it', async () => {
    const s = await serve('info', { sample: 0 });
    const res = await s.respond('/note', { 'X-Request-Id': 'abc.1' });
    expect(res.headers.get('x-request-id')).toBe('abc.1');
    expect((await s.respond('/note', { 'X-Request-Id': 'not valid!' })).headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(s.lines.map((l) => [l['msg'], l['reqId']])).toEqual([
      ['handled', 'abc.1'],
      ['handled', expect.stringMatching(/^[0-9a-f-]{36}$/)],
    ]);
    await s.close();
  });

  it('serializes no request it does not log: a sampled-out success costs no serialization', async () => {
    const serialize = jest.spyOn(pino.stdSerializers, 'req');
    try {
      const s = await serve('info', { sample: 0 });
      for (let i = 0; i < 10; i++) await s.get('/watermarks');
      expect(serialize).not.toHaveBeenCalled();
      await s.get('/status/404');
      expect(serialize).toHaveBeenCalledTimes(1);
      await s.close();
    } finally {
      serialize.mockRestore();
    }
  });
});
