import { hostname } from 'node:os';
import pino, { DestinationStream, Logger } from 'pino';
import { maskUrlPassword, SECRET_KEYS } from '@tidemark/config';
import { LogLevel } from './service-env';

export type { Logger as ServiceLogger } from 'pino';

/** Keys whose values never reach a log line, at the top level or one object down (`err.password`). */
const SECRET_FIELDS = [...SECRET_KEYS, 'apiToken', 'metricsToken', 'accessKeyId', 'authorization', 'cookie'];

/** What pino replaces with "[Redacted]": credentials in request and response headers, and every secret field. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  ...SECRET_FIELDS.flatMap((key) => [key, `*.${key}`]),
];

const maskText = (value: unknown) => (typeof value === 'string' ? maskUrlPassword(value) : value);

/** An error as pino's serializer writes it, with any `scheme://user:password@` in its text masked. */
function maskedError(error: Error): unknown {
  const serialized = pino.stdSerializers.err(error);
  return { ...serialized, message: maskText(serialized.message), stack: maskText(serialized.stack) };
}

/**
 * The service's logger: one JSON object per line on stdout, written
 * synchronously so nothing is lost when the process exits, with an ISO
 * time, the level's name, and the service name on every line. Secrets are
 * redacted by key, and passwords inside URLs are masked in messages.
 */
export function createServiceLogger(
  service: string,
  level: LogLevel = 'info',
  destination: DestinationStream = pino.destination({ dest: 1, sync: true }),
): Logger {
  return pino(
    {
      level,
      base: { service, pid: process.pid, hostname: hostname() },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACTED_PATHS },
      serializers: { err: maskedError },
      hooks: {
        logMethod(args, method) {
          return method.apply(this, args.map(maskText) as Parameters<typeof method>);
        },
      },
    },
    destination,
  );
}
