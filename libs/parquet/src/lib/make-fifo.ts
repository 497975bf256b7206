import { getSystemErrorName } from 'node:util';

interface Libc {
  mkfifo: (path: string, mode: number) => number;
  errno: () => number;
}

let libc: Promise<Libc> | undefined;

/** The C library's mkfifo(3), found among this process's own symbols through koffi at the first pipe (~20 ms, once). */
function loadLibc(): Promise<Libc> {
  libc ??= import('koffi').then((koffi) => ({
    mkfifo: koffi.load(null).func('int mkfifo(const char *path, uint32_t mode)'),
    errno: () => koffi.errno(),
  }));
  return libc;
}

/**
 * Makes a named pipe at `path` (mode 0600 before the umask) in this process
 * (ADR 0054). Running the `mkfifo` command forked the process: tens of
 * milliseconds of a large process's main thread and, until the child's
 * `exec`, a copy that polls of the process tree count as a second process of
 * its size. Throws, changing nothing, when `path` exists or its directory
 * does not.
 */
export async function makeFifo(path: string): Promise<void> {
  const { mkfifo, errno } = await loadLibc();
  if (mkfifo(path, 0o600) === 0) return;
  const code = getSystemErrorName(-errno());
  throw Object.assign(new Error(`could not make the named pipe ${path}: ${code}`), { code, path });
}
