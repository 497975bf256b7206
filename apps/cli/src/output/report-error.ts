import { isTidemarkError } from '@tidemark/errors';

/** One clear line for problems a user can fix; the stack only for bugs. */
export function reportError(error: unknown): number {
  if (isTidemarkError(error)) {
    process.stderr.write(`error: ${error.message}\n`);
    return 1;
  }
  process.stderr.write(`internal error: ${(error as Error)?.stack ?? String(error)}\n`);
  return 3;
}
