import { NextFunction, Request, Response } from 'express';
import { sendApiError } from './api-error';

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

function hasBody(req: Request): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/**
 * The services read JSON only: a request that carries a body of another
 * type (form data, text, XML) is refused with 415 instead of reaching a
 * controller as an empty body.
 */
export function jsonBodyOnly(req: Request, res: Response, next: NextFunction): void {
  if (!hasBody(req)) return next();
  const type = req.headers['content-type'];
  if (type !== undefined && JSON_TYPE.test(type)) return next();
  sendApiError(
    res,
    415,
    'UNSUPPORTED_MEDIA_TYPE',
    `the request body must be JSON sent with Content-Type: application/json (got ${type ? `"${type.slice(0, 100)}"` : 'no Content-Type'})`,
  );
}
