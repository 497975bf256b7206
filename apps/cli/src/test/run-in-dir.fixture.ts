import { spawnSync, SpawnSyncReturns } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './cli.fixture';

/** Runs the built binary the way a user does: in `cwd`, without --config unless `args` give it, TIDEMARK_CONFIG unset. */
export function runInDir(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> {
  const all: NodeJS.ProcessEnv = { ...process.env, ...env };
  delete all['TIDEMARK_CONFIG'];
  return spawnSync('node', [join(ROOT, 'dist/apps/cli/main.js'), ...args], { cwd, encoding: 'utf8', env: all });
}
