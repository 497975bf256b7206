import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MYSQL, POSTGRES_URL } from './service-addresses';

export interface ConfigFilesOptions {
  mysqlPort?: number;
  /** More lines for tidemark.yml. */
  extra?: string;
  /** `config/pipelines/<name>.yml` contents by pipeline name. */
  pipelines?: Record<string, string>;
}

/**
 * Writes a config directory `<parent>/<name>/` for the real test servers:
 * a SQLite watermark store and a local object store under
 * `<parent>/<name>-state/`, and the `default` MySQL connection (password
 * from ${TEST_MYSQL_PASSWORD}).
 */
export function writeConfigFiles(parent: string, name: string, o: ConfigFilesOptions = {}): string {
  const config = join(parent, name);
  mkdirSync(join(config, 'connections'), { recursive: true });
  mkdirSync(join(config, 'pipelines'), { recursive: true });
  writeFileSync(
    join(config, 'tidemark.yml'),
    [
      `watermarkStore: { type: sqlite, path: ${name}-state/watermarks.sqlite }`,
      `objectStore: { type: local, directory: ${name}-state/objects }`,
      `warehouse: { type: postgres, url: "${POSTGRES_URL}" }`,
      o.extra ?? '',
    ].join('\n'),
  );
  writeFileSync(
    join(config, 'connections', 'default.yml'),
    `host: ${MYSQL.host}\nport: ${o.mysqlPort ?? MYSQL.port}\nuser: ${MYSQL.user}\npassword: "\${TEST_MYSQL_PASSWORD:-}"\n`,
  );
  for (const [pipeline, text] of Object.entries(o.pipelines ?? {})) {
    writeFileSync(join(config, 'pipelines', `${pipeline}.yml`), text);
  }
  return config;
}
