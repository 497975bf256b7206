import { Writable } from 'node:stream';
import { createServiceLogger } from './service-logger';

/** A logger writing into an array of parsed lines. */
function capture() {
  const lines: Record<string, unknown>[] = [];
  const out = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { lines, logger: createServiceLogger('loader', 'debug', out) };
}

describe('createServiceLogger', () => {
  it('writes one JSON object per line with an ISO time, the level name and the service', () => {
    const { lines, logger } = capture();
    logger.info({ table: 'shop.orders', runId: 'r1' }, 'load of shop.orders: success');
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'info',
        service: 'loader',
        table: 'shop.orders',
        runId: 'r1',
        msg: 'load of shop.orders: success',
      }),
    ]);
    expect(lines[0]['time']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('redacts authorization headers and secret fields, and masks passwords in URLs', () => {
    const { lines, logger } = capture();
    logger.info(
      {
        req: { headers: { authorization: 'Bearer s3cr3t-token', cookie: 'sid=abc' } },
        connection: { user: 'etl', password: 'pw-value' },
        secretAccessKey: 'aws-secret',
        token: 'service-token',
      },
      'connecting to postgres://etl:url-password@db:5432/dw',
    );
    logger.error({ err: new Error('cannot reach mysql://root:err-password@db:3306') }, 'failed');
    const text = JSON.stringify(lines);
    for (const secret of [
      's3cr3t-token',
      'sid=abc',
      'pw-value',
      'aws-secret',
      'service-token',
      'url-password',
      'err-password',
    ]) {
      expect([secret, text.includes(secret)]).toEqual([secret, false]);
    }
    expect(lines[0]).toMatchObject({
      req: { headers: { authorization: '[Redacted]' } },
      connection: { user: 'etl', password: '[Redacted]' },
      msg: 'connecting to postgres://etl:***@db:5432/dw',
    });
    expect(lines[1]).toMatchObject({ err: { message: 'cannot reach mysql://root:***@db:3306' } });
  });

  it('writes nothing below its level', () => {
    const { lines, logger } = capture();
    const quiet = logger.child({});
    quiet.level = 'warn';
    quiet.info('hidden');
    quiet.warn('shown');
    expect(lines.map((l) => l['msg'])).toEqual(['shown']);
  });
});
