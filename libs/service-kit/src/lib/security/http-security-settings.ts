import { TidemarkError } from '@tidemark/errors';

export interface HttpSecuritySettings {
  /** Browser origins allowed by CORS; empty: CORS stays off (no CORS headers at all). */
  corsOrigins: string[];
  /** Largest accepted JSON body, in body-parser notation (`1mb`, `512kb`). */
  bodyLimit: string;
}

export const DEFAULT_BODY_LIMIT = '1mb';

const ORIGIN = /^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/;
const SIZE = /^\d+(b|kb|mb)$/i;

const configError = (message: string) => new TidemarkError('CONFIG', message);

/** `TIDEMARK_CORS_ORIGINS=https://a.example,https://b.example`: exact origins, never `*`. */
export function parseCorsOrigins(value: string | undefined): string[] {
  const origins = (value ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter((o) => o !== '');
  for (const origin of origins) {
    if (!ORIGIN.test(origin)) {
      throw configError(
        `TIDEMARK_CORS_ORIGINS: "${origin}" is not an origin: list exact origins like https://dashboard.example.com, comma-separated ("*" is not allowed)`,
      );
    }
  }
  return origins;
}

export function parseBodyLimit(value: string | undefined): string {
  const limit = (value ?? DEFAULT_BODY_LIMIT).trim();
  if (!SIZE.test(limit)) throw configError(`TIDEMARK_BODY_LIMIT: "${limit}" is not a size: use e.g. 512kb or 1mb`);
  return limit.toLowerCase();
}

/** The HTTP security settings a service takes from its environment. */
export function httpSecurityFromEnv(env: NodeJS.ProcessEnv = process.env): HttpSecuritySettings {
  return {
    corsOrigins: parseCorsOrigins(env['TIDEMARK_CORS_ORIGINS']),
    bodyLimit: parseBodyLimit(env['TIDEMARK_BODY_LIMIT']),
  };
}
