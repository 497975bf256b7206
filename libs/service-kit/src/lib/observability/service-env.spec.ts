import { readServiceEnv } from './service-env';

describe('readServiceEnv', () => {
  it('gives the defaults for an empty environment', () => {
    expect(readServiceEnv({})).toEqual({
      port: undefined,
      host: '127.0.0.1',
      logLevel: 'info',
      requestLogSample: undefined,
      configDir: 'config',
      metricsToken: undefined,
    });
  });

  it('reads every setting', () => {
    const env = {
      PORT: '8080',
      HOST: '0.0.0.0',
      LOG_LEVEL: 'DEBUG',
      TIDEMARK_REQUEST_LOG_SAMPLE: '0.05',
      TIDEMARK_CONFIG: '/etc/tidemark',
      TIDEMARK_METRICS_TOKEN: 'm'.repeat(16),
    };
    expect(readServiceEnv(env)).toEqual({
      port: 8080,
      host: '0.0.0.0',
      logLevel: 'debug',
      requestLogSample: 0.05,
      configDir: '/etc/tidemark',
      metricsToken: 'm'.repeat(16),
    });
  });

  it.each(['0', '65536', 'abc', '80.5', '-1', '1e3'])('refuses PORT=%s, naming the variable and the value', (port) => {
    expect(() => readServiceEnv({ PORT: port })).toThrow(`PORT must be a whole number from 1 to 65535, got "${port}"`);
  });

  it('refuses an unknown LOG_LEVEL with the levels it takes', () => {
    expect(() => readServiceEnv({ LOG_LEVEL: 'verbose' })).toThrow(
      'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "verbose"',
    );
  });

  it.each(['1.5', '-0.1', 'half', '1e-2', '0.5.1'])(
    'refuses TIDEMARK_REQUEST_LOG_SAMPLE=%s, naming the variable',
    (rate) => {
      expect(() => readServiceEnv({ TIDEMARK_REQUEST_LOG_SAMPLE: rate })).toThrow(
        `TIDEMARK_REQUEST_LOG_SAMPLE must be a number from 0 to 1 (the share of successful requests logged), got "${rate}"`,
      );
    },
  );

  it.each([
    ['0', 0],
    ['1', 1],
    ['.25', 0.25],
    ['0.001', 0.001],
    [' ', undefined],
    ['', undefined],
  ])('reads TIDEMARK_REQUEST_LOG_SAMPLE=%j as %s', (raw, rate) => {
    expect(readServiceEnv({ TIDEMARK_REQUEST_LOG_SAMPLE: raw }).requestLogSample).toBe(rate);
  });

  it('refuses a short metrics token without repeating it', () => {
    let message = '';
    try {
      readServiceEnv({ TIDEMARK_METRICS_TOKEN: 'hunter2' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toBe('TIDEMARK_METRICS_TOKEN must be a secret of at least 16 characters, or unset');
  });
});
