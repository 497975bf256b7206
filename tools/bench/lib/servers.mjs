// The real servers the benchmark runs against, at the addresses the tests use
// (same TIDEMARK_TEST_* variables as libs/testing), and the S3 server, which
// the jest global setup starts when it is not already running.
import { createRequire } from 'node:module';
import mysql from 'mysql2/promise';
import pg from 'pg';

const env = process.env;
export const MYSQL = {
  host: env.TIDEMARK_TEST_MYSQL_HOST ?? '127.0.0.1',
  port: Number(env.TIDEMARK_TEST_MYSQL_PORT ?? 3306),
  user: env.TIDEMARK_TEST_MYSQL_USER ?? 'root',
  password: env.TIDEMARK_TEST_MYSQL_PASSWORD ?? '',
};
export const POSTGRES_URL = env.TIDEMARK_TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';

/** Checks MariaDB and PostgreSQL answer, starts the S3 server if needed and returns its settings. */
export async function ensureServers() {
  const globalSetup = createRequire(import.meta.url)('../../testing/global-setup.js');
  await globalSetup();
  return {
    endpoint: env.TIDEMARK_S3_ENDPOINT,
    region: env.TIDEMARK_S3_REGION ?? 'us-east-1',
    accessKeyId: env.TIDEMARK_S3_ACCESS_KEY_ID ?? '',
    secretAccessKey: env.TIDEMARK_S3_SECRET_ACCESS_KEY ?? '',
  };
}

/** Exact strings for BIGINT, DECIMAL and DATETIME; UTC session. */
export async function connectMysql() {
  const db = await mysql.createConnection({ ...MYSQL, dateStrings: true, supportBigNumbers: true, bigNumberStrings: true, charset: 'utf8mb4' });
  await db.query("SET time_zone = '+00:00'");
  return db;
}

/** Numeric and bigint results arrive as strings (pg's default), so they compare with MariaDB's exactly. */
export async function connectPostgres() {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  await client.query("SET TIME ZONE 'UTC'");
  return client;
}
