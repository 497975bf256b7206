import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { closedPort } from './closed-port';

/** A built service (`dist/apps/<app>/main.js`) running as a real process on a free port. */
export class ServiceProcess {
  private output = '';

  private constructor(
    readonly child: ChildProcess,
    readonly url: string,
  ) {
    child.stdout?.on('data', (d) => (this.output += d));
    child.stderr?.on('data', (d) => (this.output += d));
  }

  /** Starts the service on an unused port; another process taking that port first just means another try. */
  static async start(mainJs: string, env: NodeJS.ProcessEnv): Promise<ServiceProcess> {
    for (let attempt = 1; ; attempt++) {
      const port = await closedPort();
      const child = spawn('node', [mainJs], { env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' } });
      const service = new ServiceProcess(child, `http://127.0.0.1:${port}`);
      try {
        await service.waitForHealth();
        return service;
      } catch (error) {
        if (attempt >= 3 || !service.output.includes('EADDRINUSE')) throw error;
      }
    }
  }

  get log(): string {
    return this.output;
  }

  /**
   * Up to 60 s: a boot takes 1–2 s alone, but far longer beside five other
   * services and a busy database. Only our child's own "listening on" line
   * counts: a service of another suite that took the port in between would
   * answer /health too, while ours exits with EADDRINUSE.
   */
  private async waitForHealth(): Promise<void> {
    for (const deadline = Date.now() + 60_000; Date.now() < deadline; ) {
      if (this.child.exitCode !== null || this.child.signalCode !== null) {
        throw new Error(`service exited (${this.child.exitCode ?? this.child.signalCode}): ${this.output}`);
      }
      try {
        if (this.output.includes(`listening on ${this.url}`) && (await fetch(`${this.url}/health`)).ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`service did not answer at ${this.url} within 60 s: ${this.output}`);
  }

  post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
    return fetch(`${this.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
  }

  /** Sends `signal`; after `timeoutMs` it kills, and `killed` says so. */
  async stop(
    signal: NodeJS.Signals = 'SIGTERM',
    timeoutMs = 15_000,
  ): Promise<{ code: number | null; signal: string | null; killed: boolean }> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) {
      return { code: this.child.exitCode, signal: this.child.signalCode, killed: false };
    }
    const exited = once(this.child, 'exit');
    this.child.kill(signal);
    let killed = false;
    const timer = setTimeout(() => {
      killed = true;
      this.child.kill('SIGKILL');
    }, timeoutMs);
    const [code, exitSignal] = (await exited) as [number | null, string | null];
    clearTimeout(timer);
    return { code, signal: exitSignal, killed };
  }
}
