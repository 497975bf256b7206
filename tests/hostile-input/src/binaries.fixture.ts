import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '../../..');
const CLI_MAIN = join(ROOT, 'dist/apps/cli/main.js');
export const SERVICE_MAIN = join(ROOT, 'dist/apps/watermark-service/main.js');

/** What a hostile request got back: the exit code or HTTP status, and what was said. */
export interface Outcome {
  status: number;
  /** stderr of the CLI, or the error message the API answered. */
  text: string;
  /** stdout of the CLI, or the whole response body of the API. */
  stdout: string;
}

/** Runs the built `tidemark --config <config> …args`. */
export function runCli(config: string, args: string[], env: NodeJS.ProcessEnv = {}): Outcome {
  const run = spawnSync('node', [CLI_MAIN, '--config', config, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 90_000,
  });
  return { status: run.status ?? -1, text: run.stderr, stdout: run.stdout };
}
