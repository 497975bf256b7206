import { redactQuery, redactRequest, redactUrl } from './redact-request';

describe('redactUrl', () => {
  it('replaces the value of every credential-like query parameter and keeps the rest as sent', () => {
    expect(
      redactUrl(
        '/watermarks?pipeline=p&token=S1&access_token=S2&API-Key=S3&client_secret=S4&X-Amz-Signature=S5&password=S6',
      ),
    ).toBe(
      '/watermarks?pipeline=p&token=[Redacted]&access_token=[Redacted]&API-Key=[Redacted]&client_secret=[Redacted]&X-Amz-Signature=[Redacted]&password=[Redacted]',
    );
  });

  it('catches encoded and bracketed names, and leaves a URL without a query alone', () => {
    expect(redactUrl('/x?%74oken=S1&token[]=S2&secret')).toBe(
      '/x?%74oken=[Redacted]&token[]=[Redacted]&secret=[Redacted]',
    );
    expect(redactUrl('/watermarks/p/shop.orders')).toBe('/watermarks/p/shop.orders');
  });
});

describe('redactRequest', () => {
  it('redacts the parsed query too, at any depth, without touching the request it was given', () => {
    const query = { status: 'failed', apiKey: 'S1', nested: { password: 'S2' } };
    const req = { url: '/w?status=failed&apiKey=S1', query };
    expect(redactRequest(req)).toEqual({
      url: '/w?status=failed&apiKey=[Redacted]',
      query: { status: 'failed', apiKey: '[Redacted]', nested: { password: '[Redacted]' } },
    });
    expect(query.apiKey).toBe('S1');
    expect(redactQuery(undefined)).toBeUndefined();
  });
});
