import { randomUUID } from 'node:crypto';
import { IncomingMessage, ServerResponse } from 'node:http';
import pino, { Level, Logger } from 'pino';
import { PROBE_PATHS } from './probe-paths';
import { redactRequest } from './redact-request';

const pathOf = (req: IncomingMessage) => (req.url ?? '').split('?')[0];

/** A successful request that took longer than this is logged whatever the sample: slowness is worth a line. */
export const SLOW_REQUEST_MS = 1000;

export interface RequestLogOptions {
  /** The share of successful requests, probes aside, that get a line (0 to 1; default 1: all). */
  sample?: number;
  /** Where the sampling draws from (default Math.random); a test makes it predictable. */
  random?: () => number;
  /** Successful requests slower than this many ms are always logged (default SLOW_REQUEST_MS). */
  slowMs?: number;
}

/**
 * The log level of a finished request: error for 5xx and warn for 4xx,
 * always; debug for a probe or scrape that went well (one every few seconds
 * would bury the rest at info); info for any other success, but only for
 * the sampled share of them and every slow one (silent for the others).
 */
export function requestLogLevel(
  req: IncomingMessage,
  res: ServerResponse,
  error: Error | undefined,
  { sample = 1, random = Math.random, slowMs = SLOW_REQUEST_MS }: RequestLogOptions,
  responseTimeMs: number,
): Level | 'silent' {
  if (error || res.statusCode >= 500) return 'error';
  if (res.statusCode >= 400) return 'warn';
  if (PROBE_PATHS.has(pathOf(req))) return 'debug';
  if (sample >= 1 || random() < sample) return 'info';
  return responseTimeMs > slowMs ? 'info' : 'silent';
}

/** What a request's line says of it: the request as pino's serializer writes it, credentials in the query replaced. */
const serializedRequest = (req: IncomingMessage) => redactRequest(pino.stdSerializers.req(req));

/** The caller's X-Request-Id when it is a sane one, else a new UUID. */
function requestId(req: IncomingMessage): string {
  const incoming = req.headers['x-request-id'];
  return typeof incoming === 'string' && /^[\w.:-]{1,128}$/.test(incoming) ? incoming : randomUUID();
}

/**
 * One line per HTTP request when it finishes (method, URL, status, time) at
 * the level requestLogLevel gives it, mounted before every other middleware
 * so refused requests (401, 413) are logged too. Lines logged while a
 * request is handled carry its `reqId` (an incoming X-Request-Id, or a new
 * UUID, sent back in X-Request-Id) instead of the whole request.
 *
 * The line's fields are pino-http's (`req`, `res.statusCode`,
 * `responseTime`, `err` for a 5xx), but the request is serialized only for
 * a line that is written: pino-http serialized and redacted every request
 * into a child logger when it arrived, sampled out or not (ADR 0047).
 */
export function requestLogger(logger: Logger, options: RequestLogOptions = {}) {
  return (req: IncomingMessage & { id?: string; log?: Logger }, res: ServerResponse, next: () => void) => {
    const started = Date.now();
    const id = requestId(req);
    req.id = id;
    res.setHeader('X-Request-Id', id);
    const log = logger.child({ reqId: id });
    // nestjs-pino's per-request logger (useExisting): what the request's handlers log carries its reqId.
    req.log = log;
    const finished = (error?: Error) => {
      res.removeListener('close', finished);
      res.removeListener('finish', finished);
      res.removeListener('error', finished);
      const responseTime = Date.now() - started;
      const level = requestLogLevel(req, res, error, options, responseTime);
      if (level === 'silent' || !log.isLevelEnabled(level)) return;
      const fields = { req: serializedRequest(req), res: { statusCode: res.statusCode }, responseTime };
      if (error || res.statusCode >= 500) {
        const err = error ?? new Error(`failed with status code ${res.statusCode}`);
        log[level]({ ...fields, err }, 'request errored');
      } else {
        log[level](fields, 'request completed');
      }
    };
    res.on('close', finished);
    res.on('finish', finished);
    res.on('error', finished);
    next();
  };
}
