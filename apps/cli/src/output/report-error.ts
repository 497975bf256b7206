import { isTidemarkError } from '@tidemark/errors';

/** The error's stack and, in turn, the stack of each `cause` behind it. */
export function stackWithCauses(error: unknown): string {
  const parts: string[] = [];
  for (
    let e: unknown = error;
    e !== undefined && e !== null && parts.length < 10;
    e = (e as { cause?: unknown }).cause
  ) {
    parts.push((e as Error)?.stack ?? String(e));
  }
  return parts.join('\ncaused by: ');
}

/** `--debug` on the command line, read from argv because an error can stop the run before its options are parsed. */
export function debugRequested(argv: string[] = process.argv): boolean {
  return argv.slice(2).includes('--debug');
}

/**
 * One clear line for problems a user can fix; the stack only for bugs, or
 * for every error with `debug`. Returns the exit code.
 */
export function reportError(error: unknown, o: { debug?: boolean } = {}): number {
  if (isTidemarkError(error)) {
    process.stderr.write(`error: ${error.message}\n`);
    if (o.debug) process.stderr.write(`debug ${stackWithCauses(error)}\n`);
    return 1;
  }
  process.stderr.write(
    `internal error: ${o.debug ? stackWithCauses(error) : ((error as Error)?.stack ?? String(error))}\n`,
  );
  return 3;
}
