import { INestApplication } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';
import { TidemarkError } from '@tidemark/errors';
import { bearerTokenMiddleware, PUBLIC_GET_PATHS, publicReads } from '../bearer-token.middleware';
import { refuseDeepBodies } from './body-depth.middleware';
import { bodyErrorHandler } from './body-error.handler';
import { HttpSecuritySettings } from './http-security-settings';
import { jsonBodyOnly } from './json-body-only.middleware';
import { refusePrototypeKeys } from './prototype-keys.middleware';

export interface HttpSecurityOptions extends HttpSecuritySettings {
  /** When set, every route but the probes, the scrape and the modules' PUBLIC_GET_PATHS requires this bearer token. */
  bearerToken?: string;
}

/**
 * Every path the app's modules list under PUBLIC_GET_PATHS (none when no
 * module provides it). A path that does not start with "/" could never
 * match a request, so it stops the service from starting instead.
 */
function publicGetPathsOf(app: INestApplication): string[] {
  const lists = [...app.get(ModulesContainer).values()].map(
    (module) => (module.providers.get(PUBLIC_GET_PATHS)?.instance ?? []) as readonly string[],
  );
  const paths = lists.flat();
  const wrong = paths.find((path) => typeof path !== 'string' || !path.startsWith('/'));
  if (wrong !== undefined) {
    throw new TidemarkError('CONFIG', `${PUBLIC_GET_PATHS}: ${JSON.stringify(wrong)} is not a path starting with "/"`);
  }
  return paths;
}

/**
 * The middleware every service runs before its routes, in this order:
 * security headers (helmet), CORS only for the allowed origins (so a
 * browser's preflight is answered without a token), the bearer token (but
 * not for the probes, the scrape and the GET paths the app's modules list
 * under PUBLIC_GET_PATHS), JSON-only bodies, the size-limited JSON parser,
 * JSON answers for the parser's errors, and no keys that reach an object's
 * prototype.
 */
export function applyHttpSecurity(app: INestApplication, options: HttpSecurityOptions): void {
  const express = app as NestExpressApplication;
  express.disable('x-powered-by');
  express.use(helmet());
  if (options.corsOrigins.length > 0) {
    express.enableCors({
      origin: options.corsOrigins,
      methods: ['GET', 'HEAD', 'PUT', 'PATCH', 'POST', 'DELETE'],
      allowedHeaders: ['Authorization', 'Content-Type', 'X-Tidemark-Actor'],
      maxAge: 600,
    });
  }
  if (options.bearerToken) {
    express.use(bearerTokenMiddleware(options.bearerToken, publicReads(publicGetPathsOf(app))));
  }
  express.use(jsonBodyOnly);
  express.useBodyParser('json', { limit: options.bodyLimit });
  express.use(bodyErrorHandler(options.bodyLimit));
  express.use(refuseDeepBodies);
  express.use(refusePrototypeKeys);
}
