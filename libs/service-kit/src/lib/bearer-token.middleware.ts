import { createHash, timingSafeEqual } from 'node:crypto';
import { NextFunction, Request, Response } from 'express';
import { TidemarkError } from '@tidemark/errors';
import { PROBE_PATHS } from './observability/probe-paths';
import { sendApiError } from './security/api-error';

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
 * The Nest provider token under which a service's module lists the GET paths
 * it serves without the API token: exact paths of pages that hold no data
 * (a page shell, its script and styles), because a browser cannot send a
 * bearer token when it navigates. applyHttpSecurity reads every module's list.
 */
export const PUBLIC_GET_PATHS = 'TIDEMARK_PUBLIC_GET_PATHS';

/**
 * GET (and HEAD) of /health, /ready, /metrics and the exact `paths` given
 * answer without the API token: Kubernetes probes and Prometheus hold no
 * secret, and these only read. /metrics has its own optional token
 * (TIDEMARK_METRICS_TOKEN). A path matches only as written: no prefix, no
 * trailing slash, no other case.
 */
export function publicReads(paths: Iterable<string> = []): (req: Request) => boolean {
  const open: ReadonlySet<string> = new Set([...PROBE_PATHS, ...paths]);
  return (req) => open.has(req.path) && (req.method === 'GET' || req.method === 'HEAD');
}

/** Only the probes and the scrape answer without the token. */
export const isProbeOrScrape = publicReads();

/** Why a request's Authorization header does not let it in, or null when it does. */
function refusal(header: string | undefined, expected: Buffer): string | null {
  if (header === undefined || header.trim() === '') {
    return 'a bearer token is required: send the header Authorization: Bearer <token>';
  }
  const match = /^Bearer +(\S+)\s*$/i.exec(header);
  if (!match) return 'the Authorization header must be "Bearer <token>"';
  // Digests have one length whatever the token's, so the comparison is
  // constant-time and its duration says nothing about the token.
  return timingSafeEqual(digest(match[1]), expected) ? null : 'the bearer token is not valid';
}

/**
 * Every request but those `isPublic` lets through (by default the probes
 * and the scrape) needs `Authorization: Bearer <token>`, /docs included.
 * The token sent is never echoed back or logged.
 */
export function bearerTokenMiddleware(token: string, isPublic: (req: Request) => boolean = isProbeOrScrape) {
  const expected = digest(token);
  return (req: Request, res: Response, next: NextFunction) => {
    if (isPublic(req)) return next();
    const why = refusal(req.headers.authorization, expected);
    if (why === null) return next();
    res.setHeader('WWW-Authenticate', 'Bearer');
    sendApiError(res, 401, 'UNAUTHORIZED', why);
  };
}
