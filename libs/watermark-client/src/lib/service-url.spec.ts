import { parseServiceUrl } from './service-url';

describe('parseServiceUrl', () => {
  it('takes a base URL and drops trailing slashes', () => {
    expect(parseServiceUrl('http://127.0.0.1:3100/')).toBe('http://127.0.0.1:3100');
  });

  it.each([
    [
      'http://admin:S3cret-pw@127.0.0.1:3100',
      'the watermark service URL "http://***@127.0.0.1:3100" holds a user or password',
    ],
    [
      'http://127.0.0.1:3100/?token=S3cret-pw',
      'the watermark service URL "http://127.0.0.1:3100/?***" has a query or fragment',
    ],
    ['ftp://admin:S3cret-pw@host', 'invalid watermark service URL "ftp://***@host"'],
  ])('refuses %s without showing the secret', (url, message) => {
    expect(() => parseServiceUrl(url)).toThrow(message);
    expect(() => parseServiceUrl(url)).not.toThrow(/S3cret-pw/);
  });
});
