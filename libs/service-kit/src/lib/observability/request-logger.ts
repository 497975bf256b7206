import { randomUUID } from 'node:crypto';
import { IncomingMessage, ServerResponse } from 'node:http';
import { Level, Logger } from 'pino';
import { pinoHttp, startTime } from 'pino-http';
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

const elapsedMs = (res: ServerResponse) => Date.now() - ((res as { [startTime]?: number })[startTime] ?? Date.now());

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
  { sample = 1, random = Math.random, slowMs = SLOW_REQUEST_MS }: RequestLogOptions = {},
): Level | 'silent' {
  if (error || res.statusCode >= 500) return 'error';
  if (res.statusCode >= 400) return 'warn';
  if (PROBE_PATHS.has(pathOf(req))) return 'debug';
  if (sample >= 1 || random() < sample) return 'info';
  return elapsedMs(res) > slowMs ? 'info' : 'silent';
}

/**
 * One line per HTTP request when it finishes (method, URL, status, time) at
 * the level requestLogLevel gives it, mounted before every other middleware
 * so refused requests (401, 413) are logged too. Lines logged while a
 * request is handled carry its `reqId` (an incoming X-Request-Id, or a new
 * UUID) instead of the whole request.
 */
export function requestLogger(logger: Logger, options: RequestLogOptions = {}) {
  return pinoHttp({
    logger,
    quietReqLogger: true,
    customLogLevel: (req, res, error) => requestLogLevel(req, res, error, options),
    // The status is what matters of a response; its headers are the same security headers every time.
    // Credentials sent in a query string (?token=…) are logged as [Redacted]; headers are redacted by the logger.
    serializers: { req: redactRequest, res: (res: ServerResponse) => ({ statusCode: res.statusCode }) },
    genReqId: (req, res) => {
      const incoming = req.headers['x-request-id'];
      const id = typeof incoming === 'string' && /^[\w.:-]{1,128}$/.test(incoming) ? incoming : randomUUID();
      res.setHeader('X-Request-Id', id);
      return id;
    },
  });
}
