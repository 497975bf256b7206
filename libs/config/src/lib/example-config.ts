/**
 * The config `tidemark init` writes, by path inside the config directory.
 * It validates as written and works against the local defaults (SQLite
 * watermark store, local object store, PostgreSQL and MariaDB on
 * 127.0.0.1); comments show the production alternatives.
 */
export const EXAMPLE_CONFIG: Readonly<Record<string, string>> = {
  'tidemark.yml': `# Tidemark: stores and warehouse. Every key: docs/configuration.md
#
# \${NAME} is replaced by the environment variable NAME; \${NAME:-text} falls
# back to "text". A variable that is not set and has no default is an error.
# Keep secrets (passwords, keys, tokens) in the environment, never here.
# Relative paths are taken from the folder that holds this config directory.

# Each table's watermark: cursor, counts, manifests and history.
watermarkStore:
  type: sqlite
  path: .tidemark/watermarks.sqlite
# Production: a PostgreSQL database that every run and service shares.
# watermarkStore:
#   type: postgres
#   url: "postgresql://tidemark:\${WATERMARK_DB_PASSWORD}@db.internal:5432/tidemark"
#   schema: tidemark

# Where Parquet files and their manifests are written.
objectStore:
  type: local
  directory: .tidemark/objects
  prefix: tidemark
# Production: S3 (or any S3 API, such as MinIO: set endpoint).
# objectStore:
#   type: s3
#   bucket: my-data-lake
#   region: eu-west-1
#   prefix: tidemark
#   accessKeyId: "\${AWS_ACCESS_KEY_ID}"            # leave both keys out to use the
#   secretAccessKey: "\${AWS_SECRET_ACCESS_KEY}"    # AWS default credentials (role, profile)

# The warehouse the tables are loaded into.
warehouse:
  type: postgres
  url: "postgresql://postgres:\${WAREHOUSE_PASSWORD:-}@127.0.0.1:5432/test"
# Production: Amazon Redshift (it loads with COPY from S3: objectStore type s3).
# warehouse:
#   type: redshift
#   url: "postgresql://tidemark:\${REDSHIFT_PASSWORD}@my-cluster.abc123.eu-west-1.redshift.amazonaws.com:5439/analytics"
#   redshift:
#     iamRole: arn:aws:iam::123456789012:role/tidemark-copy   # or accessKeyId, secretAccessKey, sessionToken
#     slices: 4    # the cluster's slices: a large flush is written as 4 files, loaded on all 4 at once

# Tuning, shown with their defaults:
# extract:
#   targetFileBytes: 134217728    # Parquet per flush (one manifest), about 128 MiB;
#                                 # with Redshift slices: S, S files of about 128 MiB / S
#   rowGroupRows: 122880
# parallelTables: 1
# workDirectory: .tidemark/work
# logDirectory: .tidemark/logs

# Keep watermarks in a running watermark service instead of watermarkStore:
# watermarkService:
#   url: http://watermarks.internal:3000
#   token: "\${TIDEMARK_API_TOKEN}"
`,

  'connections/default.yml': `# A MySQL or MariaDB server to read tables from. The file name is the
# connection's name; the pipeline "default" reads from the connection "default".
host: 127.0.0.1
port: 3306
user: root
password: "\${MYSQL_PASSWORD:-}"   # production: "\${SHOP_MYSQL_PASSWORD}" (no default, so a missing secret is an error)
timezone: "+00:00"                # zone the DATETIME values are written in (UTC or a fixed offset)
# Reach the server through an SSH bastion (host above is then as seen from the bastion):
# ssh:
#   host: bastion.example.com
#   port: 22
#   username: tunnel
#   privateKeyPath: keys/tidemark_ed25519       # or privateKey: "\${SSH_PRIVATE_KEY}"
#   passphrase: "\${SSH_KEY_PASSPHRASE}"
#   knownHostsPath: keys/known_hosts            # or hostKeyFingerprint: "SHA256:..."
`,

  'pipelines/default.yml': `# A pipeline: the tables read from one connection and loaded into the
# warehouse. The file name is the pipeline's name (commands use -p default
# unless told otherwise). A table not listed here is synced with the defaults.
connection: default
# targetSchema: analytics          # warehouse schema; default: each table's MySQL schema
# schedule:                        # cron (UTC), for the extractor and loader services
#   extract: "*/15 * * * *"
#   load: "5-59/15 * * * *"
tables:
  shop.orders:
    strategy: hybrid               # hybrid, timestamp_only, id_only, full_sync or custom
    cursorColumn: updated_at
    batchSize: 100000
  # shop.events: { strategy: timestamp_only, cursorColumn: created_at, lagSeconds: 60 }
  # shop.audit_log: { strategy: id_only }
  # shop.countries: { strategy: full_sync }
  # shop.invoices: { strategy: custom, where: "status <> 'draft'", lookbackSeconds: 600 }
  # shop.order_lines:              # Redshift table layout
  #   redshift: { distKey: order_id, sortKey: [updated_at] }
`,
};
