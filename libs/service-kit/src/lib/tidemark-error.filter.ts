import { ArgumentsHost, Catch, ExceptionFilter, HttpStatus } from '@nestjs/common';
import { ErrorCode, TidemarkError } from '@tidemark/errors';
import { Response } from 'express';

const STATUS: Record<ErrorCode, number> = {
  BAD_INPUT: HttpStatus.BAD_REQUEST,
  CONFIG: HttpStatus.BAD_REQUEST,
  NOT_FOUND: HttpStatus.NOT_FOUND,
  CONFLICT: HttpStatus.CONFLICT,
  LOAD_MISMATCH: HttpStatus.UNPROCESSABLE_ENTITY,
  SOURCE_UNREACHABLE: HttpStatus.BAD_GATEWAY,
  WAREHOUSE_UNREACHABLE: HttpStatus.BAD_GATEWAY,
  OBJECT_STORE: HttpStatus.BAD_GATEWAY,
  WATERMARK_SERVICE: HttpStatus.BAD_GATEWAY,
  TUNNEL: HttpStatus.BAD_GATEWAY,
  WAREHOUSE: HttpStatus.BAD_GATEWAY,
};

/** A TidemarkError becomes a JSON error with a status that says whose fault it is. */
@Catch(TidemarkError)
export class TidemarkErrorFilter implements ExceptionFilter {
  catch(error: TidemarkError, host: ArgumentsHost): void {
    const status = STATUS[error.code] ?? HttpStatus.INTERNAL_SERVER_ERROR;
    host.switchToHttp().getResponse<Response>().status(status).json({ statusCode: status, code: error.code, message: error.message });
  }
}
