/**
 * An error a user can act on: `message` is one line that names the problem
 * (the table, the column, the value) and, where one exists, the fix.
 * Anything else that escapes is a bug and is shown with its stack.
 */
export type ErrorCode =
  | 'BAD_INPUT'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'FORBIDDEN'
  | 'SOURCE_UNREACHABLE'
  | 'WAREHOUSE_UNREACHABLE'
  | 'OBJECT_STORE'
  | 'LOAD_MISMATCH'
  | 'CONFIG'
  | 'WATERMARK_SERVICE'
  | 'WATERMARK_STORE'
  | 'TUNNEL'
  | 'WAREHOUSE';

export class TidemarkError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'TidemarkError';
  }
}

export function isTidemarkError(error: unknown): error is TidemarkError {
  return error instanceof TidemarkError;
}

export const badInput = (message: string) => new TidemarkError('BAD_INPUT', message);
export const notFound = (message: string) => new TidemarkError('NOT_FOUND', message);
export const conflict = (message: string) => new TidemarkError('CONFLICT', message);
/** The caller is known but may not do this (e.g. renew a lease it does not hold). */
export const forbidden = (message: string) => new TidemarkError('FORBIDDEN', message);
