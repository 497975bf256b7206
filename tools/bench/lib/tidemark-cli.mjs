// Tidemark as a user runs it: the built CLI (dist/apps/cli/main.js) with a
// config directory, measured like the raw baselines.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { runMeasured } from './process-tree.mjs';
import { MYSQL, POSTGRES_URL } from './servers.mjs';

const here = dirname(fileURLToPath(import.meta.url));
export const ROOT = resolve(here, '../../..');
const CLI = join(ROOT, 'dist/apps/cli/main.js');
const PEAK_RSS = resolve(here, '../peak-rss.cjs');

export function buildCli() {
  execFileSync('npx', ['nx', 'build', 'cli'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
}

/**
 * Writes `<parent>/<name>/` (tidemark.yml, connections/default.yml,
 * pipelines/*.yml) with state under `<parent>/<name>-state/`. `s3` (settings
 * plus bucket) selects the S3 store, else the local-directory store. Secrets
 * stay in the environment (see `secretsEnv`). `mysqlPort`: another MariaDB
 * than the shared one (a private binlog server).
 */
export function writeConfig(parent, name, { s3, pipelines, mysqlPort = MYSQL.port }) {
  const config = join(parent, name);
  mkdirSync(join(config, 'connections'), { recursive: true });
  mkdirSync(join(config, 'pipelines'), { recursive: true });
  const objectStore = s3
    ? { type: 's3', bucket: s3.bucket, endpoint: s3.endpoint, region: s3.region, prefix: 'tidemark',
        accessKeyId: '${BENCH_S3_ACCESS_KEY_ID}', secretAccessKey: '${BENCH_S3_SECRET_ACCESS_KEY}' }
    : { type: 'local', directory: `${name}-state/objects` };
  writeFileSync(
    join(config, 'tidemark.yml'),
    stringify({
      workDirectory: `${name}-state/work`,
      logDirectory: `${name}-state/logs`,
      watermarkStore: { type: 'sqlite', path: `${name}-state/watermarks.sqlite` },
      objectStore,
      warehouse: { type: 'postgres', url: POSTGRES_URL },
    }),
  );
  writeFileSync(
    join(config, 'connections/default.yml'),
    stringify({ host: MYSQL.host, port: mysqlPort, user: MYSQL.user, password: '${BENCH_MYSQL_PASSWORD:-}' }),
  );
  for (const [pipeline, body] of Object.entries(pipelines)) {
    writeFileSync(join(config, 'pipelines', `${pipeline}.yml`), stringify({ connection: 'default', ...body }));
  }
  return config;
}

/** The variables the written config files take their secrets from. */
export function secretsEnv(s3) {
  const keys = s3 ? { BENCH_S3_ACCESS_KEY_ID: s3.accessKeyId, BENCH_S3_SECRET_ACCESS_KEY: s3.secretAccessKey } : {};
  return { BENCH_MYSQL_PASSWORD: MYSQL.password, ...keys };
}

/**
 * `tidemark --config <config> sync <args> --json`, measured (`name` names its
 * CPU profile). Peak RSS is the
 * larger of the polled process tree and the process's own maxRSS (exact, from
 * peak-rss.cjs). Resolves with the measurement, the run report the CLI
 * prints with --json, and its per-table results (`tables`).
 */
export async function runSync(config, args, { env, cpuProfileDir, name = 'sync' }) {
  const rssFile = join(dirname(config), `${process.pid}-${Date.now()}.rss`);
  const profile = cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfileDir}`, `--cpu-prof-name=${name}.${Date.now()}.cpuprofile`] : [];
  const run = await runMeasured({
    file: process.execPath,
    args: [...profile, '--require', PEAK_RSS, CLI, '--config', config, 'sync', ...args, '--json'],
    env: { ...env, TIDEMARK_BENCH_RSS_FILE: rssFile },
  });
  if (run.code !== 0) throw new Error(`tidemark sync ${args.join(' ')} failed with exit code ${run.code}: ${run.stderr.trim()}`);
  const exactPeakMb = Number(readFileSync(rssFile, 'utf8'));
  const report = JSON.parse(run.stdout);
  return { seconds: run.seconds, cpuSeconds: run.cpuSeconds, peakRssMb: Math.max(run.peakRssMb, exactPeakMb), report, tables: report.tables };
}
