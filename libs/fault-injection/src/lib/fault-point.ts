/**
 * Named points where a test can crash or freeze a real Tidemark process, to
 * prove that a re-run converges after a failure at exactly that step.
 *
 * `TIDEMARK_FAULT_POINT=load:after-commit` makes the process kill itself
 * with SIGKILL when it reaches that point (no cleanup, no flushed buffers:
 * a power cut as far as the process is concerned).
 * `TIDEMARK_FAULT_ACTION=pause` instead prints `tidemark-fault-point <name>`
 * on stderr and waits, so the test can act from outside: kill the process,
 * or break a server it uses and then send it SIGUSR2 (RESUME_SIGNAL) to go
 * on from the point, into the broken server.
 * A point fires once per process; without the variable it does nothing.
 */
export const FAULT_POINTS = [
  'extract:during-read',
  'extract:after-upload',
  'extract:after-manifest',
  'extract:after-commit',
  'load:during-staging',
  'load:during-copy',
  'load:before-commit',
  'load:after-commit',
  'load:during-report',
  'lease:held',
] as const;

export type FaultPoint = (typeof FAULT_POINTS)[number];

/** What a paused process waits for before it goes on from its fault point. */
export const RESUME_SIGNAL = 'SIGUSR2';

/** The line a paused process prints on stderr. */
export const pausedMarker = (name: FaultPoint) => `tidemark-fault-point ${name}`;

const fired = new Set<FaultPoint>();

export async function faultPoint(name: FaultPoint): Promise<void> {
  if (process.env['TIDEMARK_FAULT_POINT'] !== name || fired.has(name)) return;
  fired.add(name);
  if (process.env['TIDEMARK_FAULT_ACTION'] === 'pause') {
    await pauseUntilResumed(name);
    return;
  }
  process.kill(process.pid, 'SIGKILL');
}

function pauseUntilResumed(name: FaultPoint): Promise<void> {
  return new Promise((resolve) => {
    // Keeps the event loop alive while nothing else is pending.
    const keepAlive = setInterval(() => undefined, 60_000);
    process.once(RESUME_SIGNAL, () => {
      clearInterval(keepAlive);
      resolve();
    });
    process.stderr.write(`${pausedMarker(name)}\n`);
  });
}
