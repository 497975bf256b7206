/** The part of a socket the watchdog reads. */
export interface WatchedSocket {
  on(event: 'data', listener: () => void): unknown;
  isPaused(): boolean;
}

/**
 * Notices a server that stopped sending: while at least one caller waits
 * for the server (`begin` … the returned `end`), no byte for `idleMs` calls
 * `onStall` once. Time the reader holds the socket paused does not count:
 * that is backpressure (the extractor writing or uploading a file while a
 * read is open), not a silent server. A mysql2 stream has no read timeout of
 * its own, and a total time limit would kill a long read that is moving.
 */
export class IdleWatchdog {
  private waiting = 0;
  private lastByte = Date.now();
  private timer?: NodeJS.Timeout;
  private fired = false;

  constructor(
    private readonly socket: WatchedSocket,
    private readonly idleMs: number,
    private readonly onStall: (silentSeconds: number) => void,
  ) {
    socket.on('data', () => (this.lastByte = Date.now()));
  }

  /** Starts waiting for the server; call the result once the answer is complete (calling it again does nothing). */
  begin(): () => void {
    if (this.waiting++ === 0) {
      this.lastByte = Date.now();
      this.timer = setInterval(() => this.check(), Math.min(1000, this.idleMs / 4));
      this.timer.unref();
    }
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      if (--this.waiting === 0) this.stop();
    };
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private check(): void {
    const now = Date.now();
    if (this.socket.isPaused()) this.lastByte = now;
    if (this.fired || now - this.lastByte < this.idleMs) return;
    this.fired = true;
    this.stop();
    this.onStall(Math.round((now - this.lastByte) / 1000));
  }
}
