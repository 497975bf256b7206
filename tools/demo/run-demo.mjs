#!/usr/bin/env node
// The README's demo: a sample shop database in MariaDB, synced to PostgreSQL
// through Parquet files, then changed and synced again incrementally.
// Needs MariaDB on 127.0.0.1:3306 (root) and PostgreSQL on 127.0.0.1:5432
// (user postgres, database test), or the TIDEMARK_DEMO_* variables below.
// TIDEMARK_DEMO_DATABASE renames the MariaDB database and warehouse schema
// (its test gives each checkout its own, so two clones can run it at once).
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import mysql from 'mysql2/promise';
import pg from 'pg';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const bin = join(root, 'dist/apps/cli/main.js');
const home = join(root, '.tidemark/demo');
const env = process.env;
const MYSQL = {
  host: env.TIDEMARK_DEMO_MYSQL_HOST ?? '127.0.0.1',
  port: Number(env.TIDEMARK_DEMO_MYSQL_PORT ?? 3306),
  user: env.TIDEMARK_DEMO_MYSQL_USER ?? 'root',
  password: env.TIDEMARK_DEMO_MYSQL_PASSWORD ?? '',
};
const PG_URL = env.TIDEMARK_DEMO_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
const ROWS = Number(env.TIDEMARK_DEMO_ROWS ?? 120_000);
const DB = env.TIDEMARK_DEMO_DATABASE ?? 'tidemark_demo';

const say = (text) => console.log(`\n== ${text}`);

function tidemark(...args) {
  console.log(`$ tidemark ${args.join(' ')}`);
  const r = spawnSync('node', [bin, '--config', join(home, 'config'), ...args], {
    stdio: 'inherit',
    env: { ...env, DEMO_MYSQL_PASSWORD: MYSQL.password },
  });
  if (r.status !== 0) {
    console.error(`demo: tidemark ${args[0]} failed with exit code ${r.status}`);
    process.exit(r.status ?? 1);
  }
}

function writeConfig() {
  rmSync(home, { recursive: true, force: true });
  mkdirSync(join(home, 'config/connections'), { recursive: true });
  mkdirSync(join(home, 'config/pipelines'), { recursive: true });
  writeFileSync(
    join(home, 'config/tidemark.yml'),
    `# Embedded mode: watermarks in a SQLite file, Parquet files in a local directory.
watermarkStore: { type: sqlite, path: state/watermarks.sqlite }
objectStore: { type: local, directory: state/objects }
warehouse: { type: postgres, url: "${PG_URL}" }
`,
  );
  writeFileSync(
    join(home, 'config/connections/shop.yml'),
    `host: ${MYSQL.host}\nport: ${MYSQL.port}\nuser: ${MYSQL.user}\npassword: "\${DEMO_MYSQL_PASSWORD:-}"\n`,
  );
  writeFileSync(
    join(home, 'config/pipelines/demo.yml'),
    `connection: shop\ntargetSchema: ${DB}\ntables:\n  ${DB}.orders:\n    cursorColumn: updated_at\n`,
  );
}

/**
 * Every run starts a new watermark store, so the demo's warehouse schema
 * from an earlier run goes too: its fence (ADR 0017) holds that store's
 * lease tokens, which the new store's loaders would take for newer ones.
 */
async function dropDemoSchema() {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${DB} CASCADE`);
  } finally {
    await client.end();
  }
}

async function createSourceTable(db) {
  await db.query(`DROP DATABASE IF EXISTS ${DB}`);
  await db.query(`CREATE DATABASE ${DB} CHARACTER SET utf8mb4`);
  await db.query(`CREATE TABLE ${DB}.orders (
      id BIGINT UNSIGNED PRIMARY KEY,
      updated_at DATETIME(6) NOT NULL,
      customer VARCHAR(64) NOT NULL,
      amount DECIMAL(12,2) NOT NULL,
      paid TINYINT(1) NOT NULL,
      note VARCHAR(100) NULL,
      KEY by_cursor (updated_at, id))`);
  const start = Date.UTC(2025, 7, 1);
  for (let from = 1; from <= ROWS; from += 10_000) {
    const rows = [];
    for (let id = from; id < Math.min(from + 10_000, ROWS + 1); id++) {
      // Ten rows share each timestamp: ties the keyset must handle.
      const at = new Date(start + Math.floor(id / 10) * 1000).toISOString().replace('T', ' ').replace('Z', '');
      rows.push([id, `${at}123`, `customer ${id % 997} ✓`, (id % 100000) / 100, id % 3 === 0, id % 2 ? null : `note ${id}`]);
    }
    await db.query(`INSERT INTO ${DB}.orders VALUES ?`, [rows]);
  }
}

/** `nx build cli`, unless the test setup has built it (tools/testing/global-setup.js) and other suites run it. */
function buildCli() {
  if ((env.TIDEMARK_TEST_BUILT_APPS ?? '').split(',').includes('cli')) return;
  const r = spawnSync('npx', ['nx', 'build', 'cli'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`demo: npx nx build cli failed with exit code ${r.status}`);
    process.exit(r.status ?? 1);
  }
}

async function main() {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(DB)) throw new Error(`TIDEMARK_DEMO_DATABASE must be a lower-case identifier (a-z, 0-9, _), not ${DB}`);
  if (!Number.isInteger(ROWS) || ROWS < 2000) throw new Error(`TIDEMARK_DEMO_ROWS must be a whole number of at least 2000, not ${env.TIDEMARK_DEMO_ROWS}`);
  buildCli();
  const db = await mysql.createConnection({ ...MYSQL, dateStrings: true });
  try {
    say(`Creating ${DB}.orders with ${ROWS.toLocaleString('en-US')} rows in MariaDB`);
    await createSourceTable(db);
    await dropDemoSchema();
    writeConfig();

    say('First sync: every row, MariaDB → Parquet → PostgreSQL');
    tidemark('sync', '-p', 'demo', '-t', `${DB}.orders`);

    say('Changing the source: 500 new orders, 1,000 updated');
    await db.query(
      `INSERT INTO ${DB}.orders SELECT id + ?, NOW(6), customer, amount, paid, note FROM ${DB}.orders WHERE id <= 500`,
      [ROWS],
    );
    await db.query(`UPDATE ${DB}.orders SET paid = 1, updated_at = NOW(6) WHERE id BETWEEN 1001 AND 2000`);

    say('Incremental sync: only the 1,500 changed rows move');
    tidemark('sync', '-p', 'demo', '-t', `${DB}.orders`);

    say('Nothing changed: nothing moves');
    tidemark('sync', '-p', 'demo', '-t', `${DB}.orders`);

    say('The watermark');
    tidemark('watermark', 'get', '-p', 'demo', '-t', `${DB}.orders`);
    console.log(`\nState is under ${home}; the rows are in PostgreSQL as ${DB}.orders.`);
  } finally {
    await db.end();
  }
}

main().catch((error) => {
  console.error(`demo failed: ${error.message}`);
  process.exit(1);
});
