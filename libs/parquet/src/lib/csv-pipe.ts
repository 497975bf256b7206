import { closeSync, constants, openSync } from 'node:fs';
import { Socket } from 'node:net';
import { makeFifo } from './make-fifo';
import { widenPipe } from './pipe-capacity';

/** How often the write end is tried while the reader has not opened the pipe yet. */
const OPEN_RETRY_MS = 2;
/** How long a reused pipe's last reader may take to let it go. */
const READER_GONE_MS = 5000;

/**
 * A named pipe that DuckDB's CSV reader reads while the extractor writes
 * rows into it, so parsing and encoding run beside the reading on the other
 * core, and no row waits on disk. The write end is opened only once the
 * reader has opened its end (a non-blocking write-only open fails until
 * then): closing a pipe nobody opened yet would leave the reader waiting for
 * a writer forever. Writes are driven by the event loop, so a full pipe
 * applies backpressure instead of blocking the thread, and a reader that
 * went away fails them (EPIPE). EOF reaches the reader when `end` closes it.
 */
export class CsvPipe {
  /** A write that failed (the reader went away): the reader's own error says why. */
  private failure?: Error;

  private constructor(
    readonly path: string,
    private readonly socket: Socket,
  ) {
    socket.on('error', (error) => (this.failure ??= error));
  }

  /** Makes the pipe (in this process, ADR 0054); a writer makes one and reuses it (`readerGone`). */
  static create(path: string): Promise<void> {
    return makeFifo(path);
  }

  /**
   * Resolves once no reader holds the pipe open: before a pipe is used
   * again, or the next rows could reach the last reader instead of the next.
   */
  static async readerGone(path: string): Promise<void> {
    for (let waited = 0; ; waited += OPEN_RETRY_MS) {
      let fd: number;
      try {
        fd = openSync(path, constants.O_WRONLY | constants.O_NONBLOCK);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENXIO') return;
        throw error;
      }
      closeSync(fd);
      if (waited >= READER_GONE_MS) throw new Error(`the last reader of ${path} still holds it open`);
      await new Promise((resolve) => setTimeout(resolve, OPEN_RETRY_MS));
    }
  }

  /**
   * Opens the write end of a pipe made by `create`, once the reader has, and
   * widens the pipe (ADR 0056); `readerDone` settles if the reader never opens it.
   */
  static async open(path: string, readerDone: Promise<unknown>): Promise<CsvPipe> {
    let settled = false;
    void readerDone.finally(() => (settled = true));
    for (;;) {
      try {
        const fd = openSync(path, constants.O_WRONLY | constants.O_NONBLOCK);
        await widenPipe(fd);
        return new CsvPipe(path, new Socket({ fd, readable: false, writable: true }));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENXIO') throw error;
      }
      if (settled) throw new Error(`the reader of ${path} ended before opening it`);
      await new Promise((resolve) => setTimeout(resolve, OPEN_RETRY_MS));
    }
  }

  /** Queues `bytes` (kept until written: do not reuse the buffer); false when the caller should wait for `drained`. */
  write(bytes: Buffer): boolean {
    return this.socket.write(bytes);
  }

  /** Resolves once the queued bytes are in the pipe, or at once when nothing waits. */
  drained(): Promise<void> {
    if (!this.socket.writableNeedDrain) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const done = (error?: Error) => {
        this.socket.off('drain', done).off('error', done).off('close', closed);
        if (error) reject(error);
        else resolve();
      };
      const closed = () => done(new Error(`the pipe ${this.path} closed while rows were waiting`));
      this.socket.once('drain', done).once('error', done).once('close', closed);
    });
  }

  /** Writes what is queued and closes the pipe: the reader sees the end of the file. */
  end(): Promise<void> {
    if (this.failure || this.socket.destroyed)
      return Promise.reject(this.failure ?? new Error(`the pipe ${this.path} is closed`));
    return new Promise((resolve, reject) => {
      this.socket.once('error', reject);
      this.socket.end(() => {
        this.socket.destroy();
        resolve();
      });
    });
  }

  /** Closes at once, dropping what is queued (the reader sees the end; its file is thrown away). */
  destroy(): void {
    this.socket.destroy();
  }
}
