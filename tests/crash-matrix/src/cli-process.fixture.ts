import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join, resolve } from 'node:path';
import { FaultPoint, pausedMarker, RESUME_SIGNAL } from '@tidemark/fault-injection';

const ROOT = resolve(__dirname, '../../..');
/** Built once by this project's jest global setup. */
const CLI_MAIN = join(ROOT, 'dist/apps/cli/main.js');

/** How a run of the binary ended. */
export interface CliOutcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

const RUN_TIMEOUT_MS = 60_000;

/** The real `tidemark` binary as a child process the test can pause, break, resume and kill. */
export class CliProcess {
  private static readonly started = new Set<CliProcess>();
  private stdout = '';
  private stderr = '';
  private readonly exit: Promise<CliOutcome>;

  private constructor(private readonly child: ChildProcess) {
    child.stdout?.on('data', (d) => (this.stdout += d));
    child.stderr?.on('data', (d) => (this.stderr += d));
    this.exit = once(child, 'exit').then(([code, signal]) => {
      CliProcess.started.delete(this);
      return {
        code: code as number | null,
        signal: signal as NodeJS.Signals | null,
        stdout: this.stdout,
        stderr: this.stderr,
      };
    });
    CliProcess.started.add(this);
  }

  /** Kills every run a failed test left behind (paused, stopped or hanging). */
  static async killLeftovers(): Promise<void> {
    await Promise.all([...CliProcess.started].map((p) => p.kill()));
  }

  /** `tidemark --config <config> …args`, with `env` added to the test's environment. */
  static start(config: string, args: string[], env: NodeJS.ProcessEnv = {}): CliProcess {
    return new CliProcess(spawn('node', [CLI_MAIN, '--config', config, ...args], { env: { ...process.env, ...env } }));
  }

  get pid(): number {
    return this.child.pid as number;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Resolves once the process stopped at the fault point (TIDEMARK_FAULT_ACTION=pause). */
  async paused(point: FaultPoint, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.stderr.includes(pausedMarker(point))) {
      if (!this.running) throw new Error(`tidemark ended before reaching ${point}:\n${this.stderr}`);
      if (Date.now() > deadline) throw new Error(`tidemark did not reach ${point} in ${timeoutMs} ms:\n${this.stderr}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** True when the process ends within `ms`. */
  async endsWithin(ms: number): Promise<boolean> {
    const timer = new Promise<false>((r) => setTimeout(() => r(false), ms));
    return Promise.race([this.exit.then(() => true), timer]);
  }

  /** Goes on from the fault point it is paused at. */
  resume(): void {
    this.child.kill(RESUME_SIGNAL);
  }

  signal(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  async kill(): Promise<CliOutcome> {
    this.child.kill('SIGKILL');
    return this.exit;
  }

  /** Waits for the exit; a run still going after `timeoutMs` is killed and the test fails. */
  async finished(timeoutMs = RUN_TIMEOUT_MS): Promise<CliOutcome> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        this.child.kill('SIGKILL');
        reject(new Error(`tidemark did not finish in ${timeoutMs} ms:\n${this.stderr}`));
      }, timeoutMs);
    });
    try {
      return await Promise.race([this.exit, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Runs the binary to its end. */
export function runCli(config: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliOutcome> {
  return CliProcess.start(config, args, env).finished();
}
