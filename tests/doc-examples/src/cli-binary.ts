import { execFile, spawnSync } from 'node:child_process';
import { CLI_MAIN, ROOT } from './repository';

export interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
}

/** The built `tidemark …args`, with exactly `env` as its environment. */
export function runCli(args: string[], env: NodeJS.ProcessEnv): CliResult {
  const run = spawnSync('node', [CLI_MAIN, ...args], { cwd: ROOT, env, encoding: 'utf8', timeout: 90_000 });
  return { status: run.status ?? -1, stdout: run.stdout, stderr: run.stderr };
}

/** `tidemark COMMAND… --help` for each command at once: the help texts by command (`''` for the root). */
export async function helpTexts(commands: string[][]): Promise<Map<string, CliResult>> {
  const keys = [...new Set(commands.map((c) => c.join(' ')))];
  const results = await Promise.all(
    keys.map(
      (key) =>
        new Promise<CliResult>((resolve) => {
          const args = [CLI_MAIN, ...(key ? key.split(' ') : []), '--help'];
          execFile('node', args, { env: { PATH: process.env['PATH'] }, timeout: 90_000 }, (error, stdout, stderr) => {
            const status = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
            resolve({ status, stdout, stderr });
          });
        }),
    ),
  );
  return new Map(keys.map((key, i) => [key, results[i]]));
}
