import express from 'express';
import request from 'supertest';
import { bearerTokenMiddleware, publicReads, requireApiToken } from './bearer-token.middleware';

const TOKEN = 'a-token-of-at-least-16-chars';

/** A real Express app behind the middleware: every method on every path answers 200 once let in. */
function appWith(isPublic?: Parameters<typeof bearerTokenMiddleware>[1]) {
  const app = express();
  app.use(bearerTokenMiddleware(TOKEN, isPublic));
  app.all(/.*/, (_req, res) => res.json({ in: true }));
  return app;
}

describe('bearerTokenMiddleware', () => {
  it('lets in a request with the token and refuses one without it, saying why, with WWW-Authenticate', async () => {
    const app = appWith();
    await request(app).get('/watermarks').set('Authorization', `Bearer ${TOKEN}`).expect(200);
    const missing = await request(app).get('/watermarks').expect(401);
    expect(missing.headers['www-authenticate']).toBe('Bearer');
    expect(missing.body).toEqual({
      statusCode: 401,
      code: 'UNAUTHORIZED',
      message: 'a bearer token is required: send the header Authorization: Bearer <token>',
    });
    const wrong = await request(app).get('/watermarks').set('Authorization', 'Bearer not-the-token').expect(401);
    expect(wrong.body.message).toBe('the bearer token is not valid');
    expect(JSON.stringify(wrong.body)).not.toContain('not-the-token');
    const basic = await request(app).get('/watermarks').set('Authorization', `Basic ${TOKEN}`).expect(401);
    expect(basic.body.message).toBe('the Authorization header must be "Bearer <token>"');
  });

  it('by default lets only GET and HEAD of the probes and the scrape in without the token', async () => {
    const app = appWith();
    for (const path of ['/health', '/ready', '/metrics']) {
      await request(app).get(path).expect(200);
      await request(app).head(path).expect(200);
      await request(app).post(path).send({}).expect(401);
    }
    await request(app).get('/healthz').expect(401);
  });
});

describe('publicReads', () => {
  const app = appWith(publicReads(['/dashboard', '/dashboard/app.js']));

  it('adds the exact paths given, for GET and HEAD, to the probes and the scrape', async () => {
    for (const path of ['/dashboard', '/dashboard/app.js', '/health', '/metrics']) {
      await request(app).get(path).expect(200);
      await request(app).head(path).expect(200);
    }
  });

  it('matches nothing else: no prefix, no trailing slash, no other case, no other method', async () => {
    for (const path of ['/dashboard/', '/dashboard/views/tables', '/Dashboard', '/dashboard/app.js.map', '/dashboardx']) {
      await request(app).get(path).expect(401);
    }
    for (const method of ['post', 'put', 'patch', 'delete', 'options'] as const) {
      await request(app)[method]('/dashboard').expect(401);
    }
  });

  it('reads the path without its query string', async () => {
    await request(app).get('/dashboard?x=1').expect(200);
  });
});

describe('requireApiToken', () => {
  it('takes TIDEMARK_API_TOKEN and refuses a missing or short one', () => {
    expect(requireApiToken({ TIDEMARK_API_TOKEN: TOKEN })).toBe(TOKEN);
    for (const env of [{}, { TIDEMARK_API_TOKEN: 'short' }]) {
      expect(() => requireApiToken(env)).toThrow('TIDEMARK_API_TOKEN must be set to a secret of at least 16 characters');
    }
  });
});
