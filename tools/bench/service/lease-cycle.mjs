// One extractor-like lease cycle on a table: acquire the extract lease, then
// the run's last commit, which releases the lease and marks the run
// succeeded in the same store transaction (a snapshot run's one commit,
// RunEnding in libs/extraction; the loader's report does the same) — the
// same paths and bodies as HttpWatermarkClient.acquireLease / commitExtract.
export const PIPELINE = 'bench';
export const tableName = (i) => `shop.t${String(i).padStart(5, '0')}`;
const tablePath = (table) => `/watermarks/${PIPELINE}/${encodeURIComponent(table)}`;

const SEQUENCE_BITS = 20n;
const loadOrderValue = (token, n) => ((BigInt(token) << SEQUENCE_BITS) + BigInt(n)).toString();
const COLUMNS = ['id', 'customer_id', 'status', 'amount', 'updated_at'].map((name) => ({
  name,
  dataType: 'bigint',
  columnType: 'bigint(20)',
  nullable: name !== 'id',
  length: null,
  precision: 19,
  scale: 0,
  charset: null,
}));

/** A cursor that only moves forward: one second per cycle of the table. */
const cursorAt = (n) => new Date(Date.UTC(2025, 0, 1) + n * 1000).toISOString().replace('T', ' ').replace('Z', '000');

function manifest(table, cycle, token, holder) {
  const files = [{ key: `bench/${table}/${holder}-${cycle}.parquet`, uri: `s3://bench/${table}/${holder}-${cycle}.parquet`, rows: 1000, bytes: 65536, sha256: 'a'.repeat(64) }];
  return {
    version: 1,
    id: `${holder}-${table}-${cycle}`,
    pipeline: PIPELINE,
    table,
    runId: `${holder}-${cycle}`,
    sequence: 1,
    createdAt: new Date().toISOString(),
    strategy: 'hybrid',
    cursorColumn: 'updated_at',
    primaryKey: ['id'],
    columns: COLUMNS,
    schemaFingerprint: 'f'.repeat(64),
    files,
    rowCount: 1000,
    byteCount: 65536,
    minCursor: { timestamp: cursorAt(2 * cycle), primaryKey: ['1'] },
    maxCursor: { timestamp: cursorAt(2 * cycle + 1), primaryKey: ['1000'] },
    loadOrder: { column: '_tidemark_load_order', value: loadOrderValue(token, 1) },
  };
}

const expect = (what, { status, body }, wanted) => {
  if (status !== wanted) throw new Error(`${what} answered ${status} (expected ${wanted}): ${JSON.stringify(body).slice(0, 300)}`);
  return body;
};

export const CYCLE_CALLS = ['acquire', 'commit'];

/** The calls, each timed into `record(call, ms)`. `cycle` numbers the table's cycles (so cursors only grow). */
export async function leaseCycle(client, table, cycle, holder, record = () => undefined) {
  let t = performance.now();
  const lease = expect('acquire', await client.send('POST', '/leases', { pipeline: PIPELINE, table, stage: 'extract', holder, ttlSeconds: 60 }), 201);
  record('acquire', performance.now() - t);
  t = performance.now();
  const body = { manifest: manifest(table, cycle, lease.token, holder), fencingToken: lease.token, release: { secret: lease.secret }, summary: { futureRows: 0 } };
  expect('commit', await client.send('POST', `${tablePath(table)}/extract/commits`, body), 200);
  record('commit', performance.now() - t);
}

export const getWatermark = async (client, table) =>
  expect('GET watermark', await client.send('GET', tablePath(table)), 200);
