import { execFileSync, spawnSync, SpawnSyncReturns } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { makeTempDir, MYSQL, POSTGRES_URL } from '@tidemark/testing';

export const ROOT = resolve(__dirname, '../../../..');
const BIN = join(ROOT, 'dist/apps/cli/main.js');

/** Builds the real `tidemark` binary once (Nx caches it) and runs it. */
export function buildCli(): void {
  execFileSync('npx', ['nx', 'build', 'cli'], { cwd: ROOT, stdio: 'ignore' });
}

/** A temp directory holding config directories for the binary. */
export class CliFixture {
  readonly dir = makeTempDir();

  /** Writes `<dir>/<name>/` (state in `<dir>/<name>-state/`) with a SQLite store, a local object store and the `default` connection. */
  writeConfig(name: string, options: { mysqlPort?: number; extra?: string } = {}): string {
    const config = join(this.dir.path, name);
    mkdirSync(join(config, 'connections'), { recursive: true });
    writeFileSync(
      join(config, 'tidemark.yml'),
      [
        // Relative paths resolve from the folder holding the config: keep each config's state apart.
        `watermarkStore: { type: sqlite, path: ${name}-state/watermarks.sqlite }`,
        `objectStore: { type: local, directory: ${name}-state/objects }`,
        `warehouse: { type: postgres, url: "${POSTGRES_URL}" }`,
        options.extra ?? '',
      ].join('\n'),
    );
    writeFileSync(
      join(config, 'connections', 'default.yml'),
      `host: ${MYSQL.host}\nport: ${options.mysqlPort ?? MYSQL.port}\nuser: ${MYSQL.user}\npassword: "\${TEST_MYSQL_PASSWORD}"\n`,
    );
    return config;
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
