import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus } from '@nestjs/common';
import { ErrorCode, TidemarkError } from '@tidemark/errors';
import { Response } from 'express';
import { TidemarkMetrics } from './observability/tidemark-metrics';
import { sendApiError } from './security/api-error';

const STATUS: Record<ErrorCode, number> = {
  BAD_INPUT: HttpStatus.BAD_REQUEST,
  CONFIG: HttpStatus.BAD_REQUEST,
  NOT_FOUND: HttpStatus.NOT_FOUND,
  CONFLICT: HttpStatus.CONFLICT,
  FORBIDDEN: HttpStatus.FORBIDDEN,
  LOAD_MISMATCH: HttpStatus.UNPROCESSABLE_ENTITY,
  SOURCE_UNREACHABLE: HttpStatus.BAD_GATEWAY,
  WAREHOUSE_UNREACHABLE: HttpStatus.BAD_GATEWAY,
  OBJECT_STORE: HttpStatus.BAD_GATEWAY,
  WATERMARK_SERVICE: HttpStatus.BAD_GATEWAY,
  WATERMARK_STORE: HttpStatus.BAD_GATEWAY,
  TUNNEL: HttpStatus.BAD_GATEWAY,
  WAREHOUSE: HttpStatus.BAD_GATEWAY,
};

/** Codes for Nest's own HTTP errors (validation, unknown routes), so every error body has a `code`. */
const HTTP_CODES: Record<number, string> = {
  400: 'BAD_INPUT',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
};

/** Nest's message: a string, or the validation pipe's list of problems (kept as a list). */
function httpMessage(error: HttpException): string | string[] {
  const body = error.getResponse();
  const message = typeof body === 'object' && body !== null ? (body as { message?: unknown }).message : body;
  return Array.isArray(message) || typeof message === 'string' ? message : error.message;
}

/**
 * Errors become JSON `{statusCode, code, message}`: a TidemarkError with a
 * status that says whose fault it is, Nest's HTTP errors with their own.
 * Each is counted in `tidemark_http_errors_total` when metrics are given.
 */
@Catch(TidemarkError, HttpException)
export class TidemarkErrorFilter implements ExceptionFilter {
  constructor(private readonly metrics?: TidemarkMetrics) {}

  catch(error: TidemarkError | HttpException, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const [status, code, message] =
      error instanceof TidemarkError
        ? [STATUS[error.code] ?? HttpStatus.INTERNAL_SERVER_ERROR, error.code, error.message]
        : [error.getStatus(), HTTP_CODES[error.getStatus()] ?? 'HTTP_ERROR', httpMessage(error)];
    this.metrics?.recordHttpError(status, code);
    sendApiError(res, status, code, message);
  }
}
