import { getSystemErrorName } from 'node:util';

/** The C library calls Node has no function for, bound through koffi (ADR 0054). */
export interface Libc {
  mkfifo: (path: string, mode: number) => number;
  /** fcntl(2) with one int argument (it is variadic: koffi takes the argument's type before its value). */
  fcntlInt: (fd: number, command: number, value: number) => number;
  /** fcntl(2) with no argument. */
  fcntl: (fd: number, command: number) => number;
  /** The name of the last call's errno, e.g. `EEXIST`. */
  lastError: () => string;
}

let libc: Promise<Libc> | undefined;

/** Found among this process's own symbols through koffi at the first call (~20 ms, once). */
export function loadLibc(): Promise<Libc> {
  libc ??= import('koffi').then((koffi) => {
    const own = koffi.load(null);
    const fcntl = own.func('int fcntl(int fd, int cmd, ...)');
    return {
      mkfifo: own.func('int mkfifo(const char *path, uint32_t mode)'),
      fcntlInt: (fd: number, command: number, value: number) => fcntl(fd, command, 'int', value),
      fcntl: (fd: number, command: number) => fcntl(fd, command),
      lastError: () => getSystemErrorName(-koffi.errno()),
    };
  });
  return libc;
}
