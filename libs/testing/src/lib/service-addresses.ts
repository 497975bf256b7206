/** The real servers the tests use; CI and the README start them. */
export const MYSQL = {
  host: process.env.TIDEMARK_TEST_MYSQL_HOST ?? '127.0.0.1',
  port: Number(process.env.TIDEMARK_TEST_MYSQL_PORT ?? 3306),
  user: process.env.TIDEMARK_TEST_MYSQL_USER ?? 'root',
  password: process.env.TIDEMARK_TEST_MYSQL_PASSWORD ?? '',
};

export const POSTGRES_URL = process.env.TIDEMARK_TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';

/** Set by the jest global setup after it started (or found) the S3 server. */
export function s3Settings() {
  const endpoint = process.env.TIDEMARK_S3_ENDPOINT;
  if (!endpoint) throw new Error('TIDEMARK_S3_ENDPOINT is not set: the jest global setup starts tools/s3-server');
  return {
    endpoint,
    region: process.env.TIDEMARK_S3_REGION ?? 'us-east-1',
    accessKeyId: process.env.TIDEMARK_S3_ACCESS_KEY_ID ?? '',
    secretAccessKey: process.env.TIDEMARK_S3_SECRET_ACCESS_KEY ?? '',
  };
}

/** Unique, identifier-safe suffix so parallel test files never share a database. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
}
