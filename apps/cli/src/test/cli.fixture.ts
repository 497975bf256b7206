import { execFileSync, spawnSync, SpawnSyncReturns } from 'node:child_process';
import { join, resolve } from 'node:path';
import { ConfigFilesOptions, makeTempDir, MYSQL, writeConfigFiles } from '@tidemark/testing';

export const ROOT = resolve(__dirname, '../../../..');
export const BIN = join(ROOT, 'dist/apps/cli/main.js');

/** Builds the real `tidemark` binary once (Nx caches it) and runs it. */
export function buildCli(): void {
  execFileSync('npx', ['nx', 'build', 'cli'], { cwd: ROOT, stdio: 'ignore' });
}

/** A temp directory holding config directories for the binary. */
export class CliFixture {
  readonly dir = makeTempDir();

  writeConfig(name: string, options: ConfigFilesOptions = {}): string {
    return writeConfigFiles(this.dir.path, name, options);
  }

  run(config: string, args: string[], env: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> {
    return spawnSync('node', [BIN, '--config', config, ...args], {
      encoding: 'utf8',
      env: { ...process.env, TEST_MYSQL_PASSWORD: MYSQL.password, ...env },
    });
  }

  remove(): void {
    this.dir.remove();
  }
}
