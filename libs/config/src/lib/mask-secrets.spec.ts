import { maskSecrets, maskUrlPassword } from './mask-secrets';

describe('maskSecrets', () => {
  it('masks every secret key at any depth, whatever its case, and keeps an empty one empty', () => {
    const masked = maskSecrets({
      connections: {
        shop: { user: 'tidemark', password: 'pw1', Passphrase: 'pp', ssh: { privateKey: 'KEY', privateKeyPath: '/k' } },
      },
      watermarkService: { url: 'http://w', token: 'tok' },
      warehouse: { redshift: { auth: { accessKeyId: 'AKIA', secretAccessKey: 'sk', sessionToken: 'st' } } },
      list: [{ password: 'pw2' }],
      empty: { password: '' },
      numeric: { token: 1234 },
    });
    expect(masked).toEqual({
      connections: {
        shop: {
          user: 'tidemark',
          password: '***',
          Passphrase: '***',
          ssh: { privateKey: '***', privateKeyPath: '/k' },
        },
      },
      watermarkService: { url: 'http://w', token: '***' },
      warehouse: { redshift: { auth: { accessKeyId: 'AKIA', secretAccessKey: '***', sessionToken: '***' } } },
      list: [{ password: '***' }],
      empty: { password: '' },
      numeric: { token: '***' },
    });
  });

  it.each([
    ['postgres://user:secret@host/db', 'postgres://user:***@host/db'],
    [
      'postgresql://tidemark:p@ss:w0rd@db.internal:5432/x?ssl=true',
      'postgresql://tidemark:***@db.internal:5432/x?ssl=true',
    ],
    ['mysql://:only-password@host', 'mysql://:***@host'],
    ['postgres://user@host/db', 'postgres://user@host/db'],
    ['http://host:8080/path', 'http://host:8080/path'],
    ['see postgres://a:b@h/d and s3://k:s@bucket/p', 'see postgres://a:***@h/d and s3://k:***@bucket/p'],
  ])('masks the password in %s', (url, expected) => {
    expect(maskUrlPassword(url)).toBe(expected);
    expect(maskSecrets({ url })).toEqual({ url: expected });
  });
});
