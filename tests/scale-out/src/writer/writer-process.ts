import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join, resolve } from 'node:path';
import { WriterPlan, WriterSummary } from './writer-plan';

const ROOT = resolve(__dirname, '../../../..');

/** The writer as its own process (TypeScript run through @swc-node/register), so its load competes like an application's. */
export class WriterProcess {
  private constructor(readonly done: Promise<WriterSummary>) {}

  static start(plan: WriterPlan): WriterProcess {
    const child = spawn('node', ['-r', '@swc-node/register', join(__dirname, 'writer-main.ts'), JSON.stringify(plan)], {
      cwd: ROOT,
      env: { ...process.env, SWC_NODE_PROJECT: join(ROOT, 'tsconfig.base.json') },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const done = once(child, 'exit').then(([code]) => {
      if (code !== 0) throw new Error(`the writer exited with ${code}: ${stderr}`);
      return JSON.parse(stdout.trim()) as WriterSummary;
    });
    done.catch(() => undefined);
    return new WriterProcess(done);
  }
}
