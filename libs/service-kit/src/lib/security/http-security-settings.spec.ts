import { httpSecurityFromEnv } from './http-security-settings';

describe('httpSecurityFromEnv', () => {
  it('defaults to CORS off and a 1 MB body limit', () => {
    expect(httpSecurityFromEnv({})).toEqual({ corsOrigins: [], bodyLimit: '1mb' });
  });

  it('reads an allow-list of exact origins and a body limit', () => {
    const env = {
      TIDEMARK_CORS_ORIGINS: ' https://a.example.com, http://127.0.0.1:8080 ,',
      TIDEMARK_BODY_LIMIT: '512KB',
    };
    expect(httpSecurityFromEnv(env)).toEqual({
      corsOrigins: ['https://a.example.com', 'http://127.0.0.1:8080'],
      bodyLimit: '512kb',
    });
  });

  it.each([
    [{ TIDEMARK_CORS_ORIGINS: '*' }, 'TIDEMARK_CORS_ORIGINS: "*" is not an origin'],
    [
      { TIDEMARK_CORS_ORIGINS: 'https://a.example.com/path' },
      'TIDEMARK_CORS_ORIGINS: "https://a.example.com/path" is not an origin',
    ],
    [{ TIDEMARK_CORS_ORIGINS: 'a.example.com' }, 'TIDEMARK_CORS_ORIGINS: "a.example.com" is not an origin'],
    [{ TIDEMARK_BODY_LIMIT: 'lots' }, 'TIDEMARK_BODY_LIMIT: "lots" is not a size'],
  ])('refuses %j, naming the variable and the value', (env, message) => {
    expect(() => httpSecurityFromEnv(env)).toThrow(message);
  });
});
