#!/usr/bin/env node
// `npm run test:redshift`: the Redshift path against a real cluster and S3 (docs/redshift.md, "Testing on a real cluster").
// Not part of `npm test`. Without its variables it prints what it needs and exits 0.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DeleteObjectsCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { SCENARIOS } from './scenarios.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = join(ROOT, 'dist/apps/cli/main.js');
const env = process.env;
const REQUIRED = ['TIDEMARK_REDSHIFT_URL', 'TIDEMARK_REDSHIFT_S3_BUCKET', 'TIDEMARK_REDSHIFT_IAM_ROLE'];

const missing = REQUIRED.filter((name) => !env[name]);
if (missing.length) {
  console.log(
    `test:redshift needs ${REQUIRED.join(', ')} (cluster URL, S3 bucket in the cluster's region, IAM role COPY reads it with; ` +
      `AWS credentials and region from the standard AWS environment); ${missing.join(', ')} not set, nothing run`,
  );
  process.exit(0);
}

const run = `tidemark_kit_${Date.now().toString(36)}_${process.pid}`;
const s3Settings = {
  bucket: env.TIDEMARK_REDSHIFT_S3_BUCKET,
  prefix: `tidemark-kit/${run}`,
  region: env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1',
  endpoint: env.TIDEMARK_REDSHIFT_S3_ENDPOINT, // another S3 API (the CI spec's Ceph server); AWS when unset
};
const source = {
  host: env.TIDEMARK_REDSHIFT_MYSQL_HOST ?? '127.0.0.1',
  port: Number(env.TIDEMARK_REDSHIFT_MYSQL_PORT ?? 3306),
  user: env.TIDEMARK_REDSHIFT_MYSQL_USER ?? 'root',
  password: env.TIDEMARK_REDSHIFT_MYSQL_PASSWORD ?? '',
};

if (!env.TIDEMARK_REDSHIFT_SKIP_BUILD) {
  const built = spawnSync('npx', ['nx', 'build', 'cli', '--outputStyle=static'], { cwd: ROOT, stdio: 'inherit' });
  if (built.status !== 0) process.exit(1);
}

const dir = mkdtempSync(join(tmpdir(), 'tidemark-redshift-kit-'));
const config = join(dir, 'config');
mkdirSync(join(config, 'connections'), { recursive: true });
mkdirSync(join(config, 'pipelines'), { recursive: true });
const objectStore = { type: 's3', bucket: s3Settings.bucket, prefix: s3Settings.prefix, region: s3Settings.region };
if (s3Settings.endpoint) objectStore.endpoint = s3Settings.endpoint;
const redshift = { iamRole: env.TIDEMARK_REDSHIFT_IAM_ROLE, serverless: env.TIDEMARK_REDSHIFT_SERVERLESS === 'true' };
if (env.TIDEMARK_REDSHIFT_SLICES) redshift.slices = Number(env.TIDEMARK_REDSHIFT_SLICES);
writeFileSync(
  join(config, 'tidemark.yml'),
  [
    `watermarkStore: ${JSON.stringify({ type: 'sqlite', path: join(dir, 'watermarks.sqlite') })}`,
    `objectStore: ${JSON.stringify(objectStore)}`,
    `warehouse: ${JSON.stringify({ type: 'redshift', url: '${TIDEMARK_REDSHIFT_URL}', redshift })}`,
    `workDirectory: ${JSON.stringify(join(dir, 'work'))}`,
  ].join('\n'),
);
writeFileSync(
  join(config, 'connections', 'default.yml'),
  `${JSON.stringify({ host: source.host, port: source.port, user: source.user, password: '${TIDEMARK_REDSHIFT_MYSQL_PASSWORD:-}' })}\n`,
);

/** The binary on the kit's config, running: its output so far, and its end (exit status and output). */
function start(args, extraEnv = {}) {
  const child = spawn('node', [BIN, '--config', config, ...args], { env: { ...env, ...extraEnv } });
  const out = { stdout: '', stderr: '' };
  child.stdout.on('data', (d) => (out.stdout += d));
  child.stderr.on('data', (d) => (out.stderr += d));
  const ended = new Promise((done) => child.on('close', (status, signal) => done({ status, signal, ...out })));
  return { child, output: () => out.stderr + out.stdout, ended };
}

/** The binary on the kit's config; resolves with its exit status and output. */
function tidemark(args, extraEnv = {}) {
  return start(args, extraEnv).ended;
}

const db = await mysql.createConnection({ ...source, multipleStatements: false });
const warehouse = new pg.Client({ connectionString: env.TIDEMARK_REDSHIFT_URL });
await warehouse.connect();
const results = [];
try {
  await db.query(`CREATE DATABASE \`${run}\` CHARACTER SET utf8mb4`);
  await db.query(`USE \`${run}\``);
  const tables = {};
  const ctx = {
    database: run,
    mysql: db,
    warehouse,
    tidemark,
    start,
    /** Declares the kit's pipeline tables (all scenarios share one pipeline file). */
    table(name, settings) {
      tables[`${run}.${name}`] = settings;
      writeFileSync(join(config, 'pipelines', 'default.yml'), JSON.stringify({ connection: 'default', tables }));
    },
  };
  for (const scenario of SCENARIOS) {
    const started = Date.now();
    try {
      await scenario.run(ctx);
      results.push({ name: scenario.name, outcome: 'pass', seconds: (Date.now() - started) / 1000, detail: '' });
    } catch (error) {
      results.push({ name: scenario.name, outcome: 'FAIL', seconds: (Date.now() - started) / 1000, detail: oneLine(error.message) });
    }
  }
} finally {
  await cleanUp();
}

console.log('| scenario | result | seconds | detail |\n| --- | --- | --- | --- |');
for (const r of results) console.log(`| ${r.name} | ${r.outcome} | ${r.seconds.toFixed(1)} | ${r.detail} |`);
process.exit(results.some((r) => r.outcome === 'FAIL') ? 1 : 0);

/** A table cell: one line, its start and its end (where a loader error says why) when long. */
function oneLine(text) {
  const line = text.replace(/\s+/g, ' ').replace(/\|/g, '/');
  return line.length <= 600 ? line : `${line.slice(0, 150)} … ${line.slice(-450)}`;
}

/** Everything the kit created: the warehouse schema, the S3 prefix, the MariaDB database, the temp directory. */
async function cleanUp() {
  await warehouse.query(`DROP SCHEMA IF EXISTS "${run}" CASCADE`).catch((e) => console.error(`cleanup: ${e.message}`));
  await warehouse.end();
  await db.query(`DROP DATABASE IF EXISTS \`${run}\``).catch((e) => console.error(`cleanup: ${e.message}`));
  await db.end();
  const s3 = new S3Client({ region: s3Settings.region, endpoint: s3Settings.endpoint, forcePathStyle: Boolean(s3Settings.endpoint) });
  try {
    for (;;) {
      const listed = await s3.send(new ListObjectsV2Command({ Bucket: s3Settings.bucket, Prefix: `${s3Settings.prefix}/` }));
      const keys = (listed.Contents ?? []).map((o) => ({ Key: o.Key }));
      if (keys.length === 0) break;
      await s3.send(new DeleteObjectsCommand({ Bucket: s3Settings.bucket, Delete: { Objects: keys } }));
    }
  } catch (e) {
    console.error(`cleanup: S3 prefix s3://${s3Settings.bucket}/${s3Settings.prefix}/: ${e.message}`);
  } finally {
    s3.destroy();
  }
  rmSync(dir, { recursive: true, force: true });
}
