import { NextFunction, Request, Response } from 'express';
import { sendApiError } from './api-error';

/** What body-parser attaches to the errors it raises. */
interface BodyParserError extends Error {
  type?: string;
  status?: number;
  limit?: number;
  length?: number;
  charset?: string;
  encoding?: string;
}

/**
 * Turns body-parser's errors into the services' JSON errors (Express would
 * answer them with an HTML page): 413 for a body over the limit, 400 for
 * JSON that does not parse, 415 for an unsupported charset or encoding.
 * Anything else goes on to Nest.
 */
export function bodyErrorHandler(limit: string) {
  return (error: BodyParserError, _req: Request, res: Response, next: NextFunction): void => {
    switch (error?.type) {
      case 'entity.too.large':
        return sendApiError(res, 413, 'PAYLOAD_TOO_LARGE', `the request body is larger than the ${limit} limit`);
      case 'entity.parse.failed':
        return sendApiError(res, 400, 'BAD_INPUT', `the request body is not valid JSON: ${error.message}`);
      case 'charset.unsupported':
        return sendApiError(
          res,
          415,
          'UNSUPPORTED_MEDIA_TYPE',
          `the request body's charset "${error.charset}" is not supported: send UTF-8`,
        );
      case 'encoding.unsupported':
        return sendApiError(
          res,
          415,
          'UNSUPPORTED_MEDIA_TYPE',
          `the request body's Content-Encoding "${error.encoding}" is not supported`,
        );
      case 'request.aborted':
      case 'request.size.invalid':
      case 'stream.encoding.set':
        return sendApiError(res, 400, 'BAD_INPUT', `the request body could not be read: ${error.message}`);
      default:
        return next(error);
    }
  };
}
