import { randomUUID } from 'node:crypto';
import { IncomingMessage, ServerResponse } from 'node:http';
import { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { PROBE_PATHS } from './probe-paths';
import { redactRequest } from './redact-request';

const pathOf = (req: IncomingMessage) => (req.url ?? '').split('?')[0];

/**
 * The log level of a finished request: error for 5xx, warn for 4xx, and
 * silent for a probe or scrape that went well (a line every few seconds
 * would bury the rest).
 */
export function requestLogLevel(req: IncomingMessage, res: ServerResponse, error?: Error) {
  if (error || res.statusCode >= 500) return 'error';
  if (res.statusCode >= 400) return 'warn';
  return PROBE_PATHS.has(pathOf(req)) ? 'silent' : 'info';
}

/**
 * One line per HTTP request when it finishes (method, URL, status, time),
 * mounted before every other middleware so refused requests (401, 413) are
 * logged too. Lines logged while a request is handled carry its `reqId`
 * (an incoming X-Request-Id, or a new UUID) instead of the whole request.
 */
export function requestLogger(logger: Logger) {
  return pinoHttp({
    logger,
    quietReqLogger: true,
    customLogLevel: requestLogLevel,
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
