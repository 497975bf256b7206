import { spawnSync, SpawnSyncReturns } from 'node:child_process';
import { join } from 'node:path';
import { AppName, ROOT } from './repo-files';

export const appMain = (app: AppName) => join(ROOT, 'dist/apps', app, 'main.js');

/**
 * Runs the built `tidemark --config <config> …args` with exactly `env` (and
 * PATH): what a container with that environment would see, and nothing of
 * this test process's own.
 */
export function runCli(config: string, args: string[], env: Record<string, string>): SpawnSyncReturns<string> {
  return spawnSync('node', [appMain('cli'), '--config', config, ...args], {
    encoding: 'utf8',
    env: { PATH: process.env['PATH'], ...env },
    timeout: 120_000,
  });
}
