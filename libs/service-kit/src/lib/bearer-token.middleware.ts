import { createHash, timingSafeEqual } from 'node:crypto';
import { NextFunction, Request, Response } from 'express';
import { TidemarkError } from '@tidemark/errors';

const digest = (value: string) => createHash('sha256').update(value).digest();

/** The API token from the environment; a service without one does not start. */
export function requireApiToken(env: NodeJS.ProcessEnv = process.env): string {
  const token = env['TIDEMARK_API_TOKEN'];
  if (!token || token.length < 16) {
    throw new TidemarkError('CONFIG', 'TIDEMARK_API_TOKEN must be set to a secret of at least 16 characters');
  }
  return token;
}

/**
 * Every request but GET /health needs `Authorization: Bearer <token>`,
 * /docs included. Digests are compared in constant time, so response times
 * reveal nothing about the token.
 */
export function bearerTokenMiddleware(token: string) {
  const expected = digest(token);
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.path === '/health') return next();
    const match = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
    if (match && timingSafeEqual(digest(match[1]), expected)) return next();
    res.status(401).json({ statusCode: 401, message: 'a valid bearer token is required' });
  };
}
