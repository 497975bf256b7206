import { TidemarkError } from '@tidemark/errors';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The environment variables every service reads, besides the config directory's own `${NAME}`s. */
export const SERVICE_ENV_KEYS = [
  'PORT',
  'HOST',
  'LOG_LEVEL',
  'TIDEMARK_REQUEST_LOG_SAMPLE',
  'TIDEMARK_CONFIG',
  'TIDEMARK_METRICS_TOKEN',
] as const;

export interface ServiceEnv {
  /** Undefined: the service's default port. */
  port?: number;
  host: string;
  logLevel: LogLevel;
  /** The share of successful requests (probes aside) that get a log line, from 0 to 1; failed ones always do. Unset: the service's default. */
  requestLogSample?: number;
  configDir: string;
  /** When set, GET /metrics requires `Authorization: Bearer <it>`. */
  metricsToken?: string;
}

export const SERVICE_ENV = Symbol('ServiceEnv');

const configError = (message: string) => new TidemarkError('CONFIG', message);
const blankToUndefined = (value: string | undefined) =>
  value === undefined || value.trim() === '' ? undefined : value;

function parsePort(raw: string | undefined): number | undefined {
  const value = blankToUndefined(raw);
  if (value === undefined) return undefined;
  const port = /^\d{1,5}$/.test(value.trim()) ? Number(value) : NaN;
  if (!(port >= 1 && port <= 65535)) throw configError(`PORT must be a whole number from 1 to 65535, got "${raw}"`);
  return port;
}

function parseLogLevel(raw: string | undefined): LogLevel {
  const value = blankToUndefined(raw)?.trim().toLowerCase() ?? 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(value)) {
    throw configError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${raw}"`);
  }
  return value as LogLevel;
}

function parseSampleRate(raw: string | undefined): number | undefined {
  const value = blankToUndefined(raw)?.trim();
  if (value === undefined) return undefined;
  const rate = /^(0|1|0?\.\d+|1\.0*)$/.test(value) ? Number(value) : NaN;
  if (!(rate >= 0 && rate <= 1)) {
    throw configError(
      `TIDEMARK_REQUEST_LOG_SAMPLE must be a number from 0 to 1 (the share of successful requests logged), got "${raw}"`,
    );
  }
  return rate;
}

function parseMetricsToken(raw: string | undefined): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  // The value is a secret: the message says what is wrong, never what it is.
  if (raw.length < 16) throw configError('TIDEMARK_METRICS_TOKEN must be a secret of at least 16 characters, or unset');
  return raw;
}

/**
 * The service settings of `env` (process.env, or the same keys read through
 * Nest's ConfigService), each checked: a bad value is a CONFIG error that
 * names the variable. The config directory itself is checked by loadConfig.
 */
export function readServiceEnv(env: Partial<Record<string, string | undefined>>): ServiceEnv {
  return {
    port: parsePort(env['PORT']),
    host: blankToUndefined(env['HOST']) ?? '127.0.0.1',
    logLevel: parseLogLevel(env['LOG_LEVEL']),
    requestLogSample: parseSampleRate(env['TIDEMARK_REQUEST_LOG_SAMPLE']),
    configDir: blankToUndefined(env['TIDEMARK_CONFIG']) ?? 'config',
    metricsToken: parseMetricsToken(env['TIDEMARK_METRICS_TOKEN']),
  };
}
