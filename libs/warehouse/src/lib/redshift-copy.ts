import { badInput } from '@tidemark/errors';
import { quotePostgres as q } from '@tidemark/schema';

/**
 * Redshift COPY from Parquet. COPY takes no bind parameters, so every value
 * pasted into it is validated strictly first and then quoted as a string
 * literal ('' doubling). Anything outside the allowed shapes is refused.
 *
 * Columnar COPY accepts only a few options: no MAXERROR, ACCEPTANYDATE or
 * REGION (the bucket must be in the cluster's region). It maps Parquet
 * columns to the target table by position.
 */

/** An S3 URI with a DNS-style bucket and a key of S3's safe characters: no quotes, backslashes or spaces. */
const S3_URI = /^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]\/[A-Za-z0-9!_.*()/=+,:@%-]+$/;
const IAM_ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
const ACCESS_KEY_ID = /^[A-Z0-9]{16,128}$/;
const SECRET_ACCESS_KEY = /^[A-Za-z0-9/+=]{16,128}$/;
const SESSION_TOKEN = /^[A-Za-z0-9/+=]{16,4096}$/;

export type RedshiftCopyAuth =
  | { iamRole: string }
  | { accessKeyId: string; secretAccessKey: string; sessionToken?: string };

/** A SQL string literal; Redshift also treats a backslash as an escape, so validators exclude it. */
const literal = (value: string) => `'${value.replace(/'/g, "''")}'`;

export function checkS3Uri(uri: string): string {
  if (!S3_URI.test(uri))
    throw badInput(
      `not an S3 URI Redshift COPY may use (s3://bucket/key, no quotes or spaces): ${JSON.stringify(uri)}`,
    );
  return uri;
}

/** The JSON body of a COPY manifest; Parquet manifests require meta.content_length. */
export function redshiftCopyManifest(files: { uri: string; bytes: number }[]): string {
  if (files.length === 0) throw badInput('a Redshift COPY manifest needs at least one file');
  const entries = files.map((f) => {
    checkS3Uri(f.uri);
    if (!Number.isSafeInteger(f.bytes) || f.bytes <= 0) {
      throw badInput(`file ${f.uri}: content_length must be a positive whole number of bytes, got ${f.bytes}`);
    }
    return { url: f.uri, mandatory: true, meta: { content_length: f.bytes } };
  });
  return JSON.stringify({ entries });
}

function authorization(auth: RedshiftCopyAuth): string {
  if ('iamRole' in auth) {
    if (!IAM_ROLE_ARN.test(auth.iamRole)) throw badInput(`not an IAM role ARN: ${JSON.stringify(auth.iamRole)}`);
    return `IAM_ROLE ${literal(auth.iamRole)}`;
  }
  if (!ACCESS_KEY_ID.test(auth.accessKeyId)) throw badInput('the access key id is not an AWS access key id');
  if (!SECRET_ACCESS_KEY.test(auth.secretAccessKey))
    throw badInput('the secret access key has characters an AWS secret key never has');
  let sql = `ACCESS_KEY_ID ${literal(auth.accessKeyId)} SECRET_ACCESS_KEY ${literal(auth.secretAccessKey)}`;
  if (auth.sessionToken !== undefined) {
    if (!SESSION_TOKEN.test(auth.sessionToken))
      throw badInput('the session token has characters an AWS session token never has');
    sql += ` SESSION_TOKEN ${literal(auth.sessionToken)}`;
  }
  return sql;
}

/** `COPY "stage" FROM 's3://…/x.manifest' IAM_ROLE '…' FORMAT AS PARQUET MANIFEST`. */
export function copyFromParquetSql(staging: string, manifestUri: string, auth: RedshiftCopyAuth): string {
  return `COPY ${q(staging)} FROM ${literal(checkS3Uri(manifestUri))} ${authorization(auth)} FORMAT AS PARQUET MANIFEST`;
}

/**
 * A failed load's COPY errors, newest first, for its message: from
 * `stl_load_errors` on a provisioned cluster, `sys_load_error_detail` on
 * Redshift Serverless (which has no STL tables). Both are cluster-wide, so
 * only errors on files under the load's prefix (`$1`, a LIKE pattern: see
 * loadErrorsFilter) since it started (`$2`) are read, never another load's.
 * Run it after the failed transaction rolled back. Columns: file_name,
 * line_number, column_name, error_code, error_message.
 */
export function loadErrorsSql(options: { serverless?: boolean; limit?: number } = {}): string {
  const limit = Math.min(Math.max(Math.trunc(options.limit ?? 10), 1), 1000);
  if (options.serverless) {
    return (
      'SELECT TRIM(file_name) AS file_name, line_number, TRIM(column_name) AS column_name, error_code, ' +
      'TRIM(error_message) AS error_message FROM sys_load_error_detail WHERE TRIM(file_name) LIKE $1 AND start_time >= $2 ' +
      `ORDER BY start_time DESC LIMIT ${limit}`
    );
  }
  return (
    'SELECT TRIM(filename) AS file_name, line_number, TRIM(colname) AS column_name, err_code AS error_code, ' +
    'TRIM(err_reason) AS error_message FROM stl_load_errors WHERE TRIM(filename) LIKE $1 AND starttime >= $2 ' +
    `ORDER BY starttime DESC LIMIT ${limit}`
  );
}

/** loadErrorsSql's values: files under `uriPrefix` (LIKE's `_`, `%` and `\\` escaped), since `since` (UTC). */
export function loadErrorsFilter(uriPrefix: string, since: Date): [string, string] {
  const pattern = `${uriPrefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return [pattern, since.toISOString().replace('T', ' ').replace('Z', '')];
}
