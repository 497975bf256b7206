// The floor under the watermark-service benchmark (`--floor`): a bare
// node:http server over pg that answers the benchmark's calls with as many
// statements as the service sends (a GET 1, a grant 1, a commit that
// releases 2: a read, then one conditional write), prepared, on a pool of
// 20 connections, and nothing else: no framework, no body validation, no
// request log, no history or lease events. What it costs per call is what
// any Node.js service over this driver pays before its own work.
//
//   PORT, HOST, FLOOR_POSTGRES_URL, FLOOR_SCHEMA, TIDEMARK_API_TOKEN
import { createHash, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import pg from 'pg';

const { PORT, HOST = '127.0.0.1', FLOOR_POSTGRES_URL, FLOOR_SCHEMA, TIDEMARK_API_TOKEN } = process.env;
if (!/^[a-z_][a-z0-9_]{0,62}$/.test(FLOOR_SCHEMA ?? ''))
  throw new Error(`FLOOR_SCHEMA must be a plain PostgreSQL name, got "${FLOOR_SCHEMA}"`);
const T = `${FLOOR_SCHEMA}.floor_tables`;
const pool = new pg.Pool({ connectionString: FLOOR_POSTGRES_URL, max: 20 });
const bearer = `Bearer ${TIDEMARK_API_TOKEN}`;
const hashOf = (secret) => createHash('sha256').update(secret).digest('hex');

const SQL = {
  get: {
    name: 'floor-get',
    text: `SELECT version, cursor, manifest_id FROM ${T} WHERE pipeline = $1 AND table_key = $2`,
  },
  grant: {
    name: 'floor-grant',
    text:
      `INSERT INTO ${T} AS t (pipeline, table_key, token, holder, secret_hash, expires_at) ` +
      `VALUES ($1, $2, 1, $3, $4, now() + make_interval(secs => $5)) ON CONFLICT (pipeline, table_key) DO UPDATE ` +
      `SET token = t.token + 1, holder = EXCLUDED.holder, secret_hash = EXCLUDED.secret_hash, expires_at = EXCLUDED.expires_at ` +
      `WHERE t.expires_at IS NULL OR t.expires_at <= now() OR t.holder = EXCLUDED.holder RETURNING token, expires_at`,
  },
  read: { name: 'floor-read', text: `SELECT version FROM ${T} WHERE pipeline = $1 AND table_key = $2` },
  commit: {
    name: 'floor-commit',
    text:
      `UPDATE ${T} SET version = version + 1, cursor = $3, manifest_id = $4, manifest = $5, holder = NULL, secret_hash = NULL, expires_at = NULL ` +
      `WHERE pipeline = $1 AND table_key = $2 AND version = $6 AND token = $7 AND secret_hash = $8 RETURNING version`,
  },
};

const query = async (statement, values) => (await pool.query({ ...statement, values })).rows;

function reply(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

const readJson = (req) =>
  new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch (error) {
        reject(error);
      }
    });
    req.on('error', reject);
  });

const WATERMARK = /^\/watermarks\/([^/]+)\/([^/]+)(\/extract\/commits)?$/;

async function route(req, res) {
  if (req.url === '/ready') return reply(res, 200, { status: 'ok' });
  if (req.headers.authorization !== bearer) return reply(res, 401, { message: 'unauthorized' });
  if (req.method === 'POST' && req.url === '/leases') {
    const { pipeline, table, holder, ttlSeconds } = await readJson(req);
    const secret = randomBytes(24).toString('base64url');
    const [granted] = await query(SQL.grant, [pipeline, table, holder, hashOf(secret), ttlSeconds]);
    if (!granted) return reply(res, 409, { message: 'held by another holder' });
    return reply(res, 201, { token: Number(granted.token), secret, expiresAt: granted.expires_at });
  }
  const match = WATERMARK.exec(req.url ?? '');
  if (!match) return reply(res, 404, { message: 'not found' });
  const [pipeline, table] = [decodeURIComponent(match[1]), decodeURIComponent(match[2])];
  if (req.method === 'GET' && !match[3]) {
    const [row] = await query(SQL.get, [pipeline, table]);
    return row ? reply(res, 200, { pipeline, table, ...row }) : reply(res, 404, { message: 'no watermark' });
  }
  if (req.method === 'POST' && match[3]) {
    const { manifest, fencingToken, release } = await readJson(req);
    const [seen] = await query(SQL.read, [pipeline, table]);
    const values = [
      pipeline,
      table,
      JSON.stringify(manifest.maxCursor),
      manifest.id,
      manifest,
      seen?.version ?? -1,
      fencingToken,
      hashOf(release.secret),
    ];
    const [written] = await query(SQL.commit, values);
    return written
      ? reply(res, 200, { pipeline, table, version: written.version })
      : reply(res, 409, { message: 'stale token, wrong secret or a concurrent commit' });
  }
  return reply(res, 404, { message: 'not found' });
}

await pool.query(
  `CREATE TABLE IF NOT EXISTS ${T} (pipeline TEXT NOT NULL, table_key TEXT NOT NULL, token BIGINT NOT NULL DEFAULT 0, ` +
    `holder TEXT, secret_hash TEXT, expires_at TIMESTAMPTZ, version INTEGER NOT NULL DEFAULT 0, cursor TEXT, manifest_id TEXT, manifest JSONB, ` +
    `PRIMARY KEY (pipeline, table_key))`,
);
const server = createServer({ keepAliveTimeout: 60_000 }, (req, res) =>
  route(req, res).catch((error) => reply(res, 500, { message: String(error?.message ?? error) })),
);
server.listen(Number(PORT), HOST);
process.once('SIGINT', () => server.close(() => pool.end().then(() => process.exit(0))));
