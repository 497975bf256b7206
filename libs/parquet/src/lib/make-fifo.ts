import { loadLibc } from './libc';

/**
 * Makes a named pipe at `path` (mode 0600 before the umask) in this process
 * (ADR 0054). Running the `mkfifo` command forked the process: tens of
 * milliseconds of a large process's main thread and, until the child's
 * `exec`, a copy that polls of the process tree count as a second process of
 * its size. Throws, changing nothing, when `path` exists or its directory
 * does not.
 */
export async function makeFifo(path: string): Promise<void> {
  const { mkfifo, lastError } = await loadLibc();
  if (mkfifo(path, 0o600) === 0) return;
  const code = lastError();
  throw Object.assign(new Error(`could not make the named pipe ${path}: ${code}`), { code, path });
}
