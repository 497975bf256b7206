import { loadLibc } from './libc';

// fcntl(2) commands of Linux (fcntl.h): not in Node's os.constants.
const F_SETPIPE_SZ = 1031;
const F_GETPIPE_SZ = 1032;

/**
 * What the extract's pipe holds (ADR 0056): Linux's default of 64 KiB is
 * about 900 `orders` rows, so the encoder and DuckDB's reader took turns
 * waiting on each other; 1 MiB is what an unprivileged process may ask for
 * (/proc/sys/fs/pipe-max-size) and what DuckDB's reader reads at a time.
 */
export const EXTRACT_PIPE_BYTES = 1024 * 1024;

/** The capacity of the pipe open as `fd`, in bytes. */
export async function pipeCapacity(fd: number): Promise<number> {
  const { fcntl, lastError } = await loadLibc();
  const bytes = fcntl(fd, F_GETPIPE_SZ);
  if (bytes < 0) throw new Error(`could not read the capacity of pipe fd ${fd}: ${lastError()}`);
  return bytes;
}

/**
 * Asks for a pipe of `bytes` and returns the capacity it has (-1 if even
 * that cannot be read). Never throws: refused (over pipe-max-size, or the
 * user's pipes already hold their quota of pipe-user-pages-soft), the pipe
 * keeps its size and is only slower.
 */
export async function widenPipe(fd: number, bytes = EXTRACT_PIPE_BYTES): Promise<number> {
  const { fcntlInt } = await loadLibc();
  const granted = fcntlInt(fd, F_SETPIPE_SZ, bytes);
  return granted > 0 ? granted : pipeCapacity(fd).catch(() => -1);
}
