import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { waitUntil } from '@tidemark/testing';
import { FaultPoint, pausedMarker, RESUME_SIGNAL } from './fault-point';

/** A node process that passes `load:after-commit` twice, then `lease:held`, printing a line after each. */
function passThroughPoints(env: NodeJS.ProcessEnv): { child: ChildProcess; output: () => string } {
  const script = `
    const { faultPoint } = require(${JSON.stringify(join(__dirname, 'fault-point'))});
    (async () => {
      for (const point of ['load:after-commit', 'load:after-commit', 'lease:held']) {
        await faultPoint(point);
        process.stdout.write('passed ' + point + '\\n');
      }
    })();`;
  const child = spawn('node', ['-r', '@swc-node/register', '-e', script], { env: { ...process.env, ...env } });
  let text = '';
  child.stdout.on('data', (d) => (text += d));
  child.stderr.on('data', (d) => (text += d));
  return { child, output: () => text };
}

const point: FaultPoint = 'load:after-commit';

describe('faultPoint', () => {
  it('does nothing at a point other than the one named', async () => {
    const { child, output } = passThroughPoints({ TIDEMARK_FAULT_POINT: 'extract:during-read' });
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
    expect(output()).toBe('passed load:after-commit\npassed load:after-commit\npassed lease:held\n');
  });

  it('kills the process with SIGKILL at the named point', async () => {
    const { child, output } = passThroughPoints({ TIDEMARK_FAULT_POINT: point });
    const [code, signal] = await once(child, 'exit');
    expect([code, signal]).toEqual([null, 'SIGKILL']);
    expect(output()).toBe('');
  });

  it('with pause, waits at the point until SIGUSR2, then fires no more in that process', async () => {
    const { child, output } = passThroughPoints({ TIDEMARK_FAULT_POINT: point, TIDEMARK_FAULT_ACTION: 'pause' });
    expect(await waitUntil(() => output().includes(pausedMarker(point)), 15_000, 50)).toBe(true);
    await new Promise((r) => setTimeout(r, 300));
    expect(output()).toBe(`${pausedMarker(point)}\n`);

    child.kill(RESUME_SIGNAL);
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
    expect(output()).toBe(
      `${pausedMarker(point)}\npassed load:after-commit\npassed load:after-commit\npassed lease:held\n`,
    );
  });
});
