import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';

export interface LineResult {
  status: number;
  stdout: string;
  stderr: string;
}

export interface ShellContext {
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/** Runs one command line with bash (pipefail: a failing `tidemark` is not hidden by a pipe). */
export function runLine(text: string, context: ShellContext, timeoutMs = 120_000): LineResult {
  const run = spawnSync('bash', ['-o', 'pipefail', '-c', text], { ...context, encoding: 'utf8', timeout: timeoutMs });
  const timedOut = run.error ? `\n(${run.error.message})` : '';
  return { status: run.status ?? -1, stdout: run.stdout, stderr: run.stderr + timedOut };
}

/** A command line started in the background (a service), in its own process group. */
export class BackgroundLine {
  private output = '';

  private constructor(private readonly child: ChildProcess) {
    child.stdout?.on('data', (d) => (this.output += d));
    child.stderr?.on('data', (d) => (this.output += d));
  }

  static start(text: string, context: ShellContext): BackgroundLine {
    return new BackgroundLine(spawn('bash', ['-c', text], { ...context, detached: true }));
  }

  get log(): string {
    return this.output;
  }

  private get exited(): boolean {
    return this.child.exitCode !== null || this.child.signalCode !== null;
  }

  /**
   * Waits until the service says it listens on PORT and http://127.0.0.1:PORT/health
   * answers; throws if the process ends or it never does. Its own log line counts,
   * not just an answer: another suite's service may have taken the port first.
   */
  async waitForHealth(port: number, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const listening = new RegExp(`listening on http://\\S+:${port}\\b`);
    while (Date.now() < deadline) {
      if (this.exited) throw new Error(`it exited (${this.child.exitCode ?? this.child.signalCode}):\n${this.output}`);
      try {
        if (listening.test(this.output) && (await fetch(`http://127.0.0.1:${port}/health`)).ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(
      `nothing answered on http://127.0.0.1:${port}/health within ${timeoutMs / 1000} s:\n${this.output}`,
    );
  }

  /** SIGTERM to its process group (bash and what it started), SIGKILL after 10 s. */
  async stop(): Promise<void> {
    if (this.exited || this.child.pid === undefined) return;
    const group = this.child.pid;
    const exited = once(this.child, 'exit');
    signalGroup(group, 'SIGTERM');
    const timer = setTimeout(() => signalGroup(group, 'SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
}

function signalGroup(leader: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-leader, signal);
  } catch {
    // the group has already ended
  }
}
