// The kit's scenarios: each builds MariaDB tables, runs the real `tidemark` binary, and compares the warehouse.
// A scenario throws to fail; `ctx` is described in run.mjs.

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const FAST_LEASES = { TIDEMARK_LEASE_TTL_SECONDS: '5' };

async function sync(ctx, table, args = [], env = {}) {
  const r = await ctx.tidemark(['sync', '-t', `${ctx.database}.${table}`, ...args], env);
  if (r.status !== 0) throw new Error(`tidemark sync ${table} exited ${r.status ?? r.signal}: ${r.stderr.trim() || r.stdout.trim()}`);
  return r;
}

async function warehouseRows(ctx, table, columns) {
  const { rows } = await ctx.warehouse.query(`SELECT ${columns.map((c) => `"${c}"::text AS "${c}"`).join(', ')} FROM "${ctx.database}"."${table}" ORDER BY 1`);
  return rows.map((r) => columns.map((c) => r[c]));
}

async function sourceRows(ctx, table, columns) {
  const [rows] = await ctx.mysql.query(`SELECT ${columns.map((c) => `CAST(\`${c}\` AS CHAR) AS \`${c}\``).join(', ')} FROM \`${table}\` ORDER BY 1`);
  return rows.map((r) => columns.map((c) => r[c]));
}

function same(what, expected, actual) {
  const e = JSON.stringify(expected);
  const a = JSON.stringify(actual);
  if (e !== a) throw new Error(`${what}: expected ${e.slice(0, 300)}, warehouse has ${a.slice(0, 300)}`);
}

async function converged(ctx, table, columns) {
  same(`${table} rows`, await sourceRows(ctx, table, columns), await warehouseRows(ctx, table, columns));
}

/** Every MySQL type the issue lists; rows compared by count, keys, and non-null count per column. */
const MATRIX_COLUMNS = [
  'ti TINYINT', 'uti TINYINT UNSIGNED', 'si SMALLINT', 'usi SMALLINT UNSIGNED', 'mi MEDIUMINT', 'umi MEDIUMINT UNSIGNED',
  'i INT', 'ui INT UNSIGNED', 'bi BIGINT', 'ubi BIGINT UNSIGNED', 'd12 DECIMAL(12,2)', 'd38 DECIMAL(38,10)', 'd65 DECIMAL(65,0)',
  'f FLOAT', 'db DOUBLE', 'b1 BIT(1)', 'b9 BIT(9)', 'y YEAR', 't TIME(6)', 'dt DATE', 'dtm DATETIME(6)', 'ts TIMESTAMP(6) NULL',
  'zd DATE', 'c CHAR(3)', 'vc VARCHAR(20)', 'l1 VARCHAR(10) CHARACTER SET latin1', 'tx TEXT', 'bn BINARY(4)', 'vb VARBINARY(8)',
  'bl BLOB', 'js JSON', 'en ENUM(\'a\',\'b\')', 'st SET(\'x\',\'y\')', 'geo GEOMETRY',
];
const MATRIX_VALUES =
  "-128, 255, -32768, 65535, -8388608, 16777215, -2147483648, 4294967295, -9223372036854775808, 18446744073709551615, " +
  "-1234567890.12, 1234567890123456789012345678.0123456789, 99999999999999999999999999999999999999999999999999999999999999999, " +
  "1.5, 2.25, b'1', b'101010101', 2024, '838:59:59.999999', '2025-01-02', '2025-01-02 03:04:05.678901', '2025-01-02 03:04:05.678901', " +
  "'0000-00-00', 'abc', 'größe 😀', 'café', 'text', x'01020304', x'0a0b', x'00ff', '{\"a\":[1,2]}', 'b', 'x,y', ST_GeomFromText('POINT(1 2)')";

export const SCENARIOS = [
  {
    name: 'type matrix',
    async run(ctx) {
      await ctx.mysql.query("SET SESSION sql_mode = ''"); // the zero date
      await ctx.mysql.query(`CREATE TABLE matrix (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL, ${MATRIX_COLUMNS.join(', ')})`);
      await ctx.mysql.query(`INSERT INTO matrix VALUES (1, '2025-01-01', ${MATRIX_VALUES})`);
      await ctx.mysql.query(`INSERT INTO matrix (id, updated_at) VALUES (2, '2025-01-01')`);
      ctx.table('matrix', {});
      await sync(ctx, 'matrix');
      const names = MATRIX_COLUMNS.map((c) => c.split(' ')[0]);
      const counts = names.map((n) => `count("${n}")::int AS "${n}"`).join(', ');
      const { rows } = await ctx.warehouse.query(`SELECT count(*)::int AS n, ${counts} FROM "${ctx.database}"."matrix"`);
      same('matrix rows', 2, rows[0].n);
      // the zero date arrives as NULL (docs/types.md); every other column of row 1 holds a value
      same('matrix non-null values per column', names.map((n) => (n === 'zd' ? 0 : 1)), names.map((n) => rows[0][n]));
    },
  },
  {
    name: 'merge',
    async run(ctx) {
      await ctx.mysql.query('CREATE TABLE merged (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL, v VARCHAR(20))');
      await ctx.mysql.query("INSERT INTO merged VALUES (1, '2025-01-01', 'a'), (2, '2025-01-01', 'b')");
      ctx.table('merged', {});
      await sync(ctx, 'merged');
      await ctx.mysql.query("UPDATE merged SET v = 'b2', updated_at = '2025-01-02' WHERE id = 2");
      await ctx.mysql.query("INSERT INTO merged VALUES (3, '2025-01-02', 'c')");
      await sync(ctx, 'merged');
      await converged(ctx, 'merged', ['id', 'v']);
    },
  },
  {
    name: 'append',
    async run(ctx) {
      await ctx.mysql.query('CREATE TABLE appended (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL, v VARCHAR(20))');
      await ctx.mysql.query("INSERT INTO appended VALUES (1, '2025-01-01', 'a')");
      ctx.table('appended', { loadMode: 'append' });
      await sync(ctx, 'appended');
      await ctx.mysql.query("UPDATE appended SET v = 'b', updated_at = '2025-01-02' WHERE id = 1");
      await sync(ctx, 'appended');
      same('appended versions', [['1', 'a'], ['1', 'b']], await warehouseRows(ctx, 'appended', ['id', 'v']).then((r) => r.sort()));
    },
  },
  {
    name: 'full_sync',
    async run(ctx) {
      await ctx.mysql.query('CREATE TABLE snap (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL, v VARCHAR(20))');
      await ctx.mysql.query("INSERT INTO snap VALUES (1, NOW(6), 'a'), (2, NOW(6), 'b'), (3, NOW(6), 'c')");
      ctx.table('snap', { strategy: 'full_sync' });
      await sync(ctx, 'snap');
      await ctx.mysql.query('DELETE FROM snap WHERE id = 2');
      await sync(ctx, 'snap');
      await converged(ctx, 'snap', ['id', 'v']);
    },
  },
  {
    name: 'evolution (add column, widen VARCHAR)',
    async run(ctx) {
      await ctx.mysql.query('CREATE TABLE evolving (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL, v VARCHAR(4))');
      await ctx.mysql.query("INSERT INTO evolving VALUES (1, '2025-01-01', 'abcd')");
      ctx.table('evolving', {});
      await sync(ctx, 'evolving');
      await ctx.mysql.query('ALTER TABLE evolving MODIFY v VARCHAR(40), ADD COLUMN extra INT');
      await ctx.mysql.query("INSERT INTO evolving VALUES (2, '2025-01-02', 'a much longer value than before', 7)");
      await sync(ctx, 'evolving');
      await converged(ctx, 'evolving', ['id', 'v', 'extra']);
    },
  },
  ...['load:before-commit', 'load:after-commit'].map((point) => ({
    name: `crash at ${point}, rerun converges`,
    async run(ctx) {
      const table = `crash_${point.replace(/\W/g, '_')}`;
      await ctx.mysql.query(`CREATE TABLE ${table} (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL, v INT)`);
      await ctx.mysql.query(`INSERT INTO ${table} SELECT seq, '2025-01-01', seq FROM seq_1_to_500`);
      ctx.table(table, { loadMode: 'append' }); // a double load shows as duplicate rows
      await sync(ctx, table, ['--backup-only']);
      const killed = await ctx.tidemark(['sync', '--redshift-only', '-t', `${ctx.database}.${table}`], { TIDEMARK_FAULT_POINT: point, ...FAST_LEASES });
      if (killed.signal !== 'SIGKILL') throw new Error(`the run was not killed at ${point} (exit ${killed.status}): ${killed.stderr.trim()}`);
      await sleep(5_500); // the dead run's lease expires
      await sync(ctx, table, ['--redshift-only'], FAST_LEASES);
      const { rows } = await ctx.warehouse.query(`SELECT count(*)::int AS n, count(DISTINCT id)::int AS ids FROM "${ctx.database}"."${table}"`);
      same(`${table} rows and distinct keys`, { n: 500, ids: 500 }, rows[0]);
    },
  })),
  {
    name: 'fence (a loader that lost its lease cannot commit)',
    async run(ctx) {
      const table = 'fenced';
      await ctx.mysql.query(`CREATE TABLE ${table} (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL, v INT)`);
      await ctx.mysql.query(`INSERT INTO ${table} SELECT seq, '2025-01-01', seq FROM seq_1_to_500`);
      ctx.table(table, { loadMode: 'append' }); // a double load shows as duplicate rows
      await sync(ctx, table, ['--backup-only']);
      const args = ['sync', '--redshift-only', '-t', `${ctx.database}.${table}`];
      // Loader A stops inside its load transaction, after the COPY and the merge, before its fenced commit, and is frozen.
      const a = ctx.start(args, { TIDEMARK_FAULT_POINT: 'load:before-commit', TIDEMARK_FAULT_ACTION: 'pause', ...FAST_LEASES });
      for (let waited = 0; !a.output().includes('tidemark-fault-point load:before-commit'); waited += 200) {
        if (waited > 300_000 || a.child.exitCode !== null) throw new Error(`loader A never reached its commit: ${a.output().trim()}`);
        await sleep(200);
      }
      a.child.kill('SIGSTOP'); // paused, A's process would still renew its lease; frozen, it renews nothing
      await sleep(6_500); // A's lease lapses
      // Loader B takes the lease and loads; on Redshift it may wait behind A's write lock until A ends.
      const b = ctx.start(args, FAST_LEASES);
      await Promise.race([b.ended, sleep(15_000)]);
      a.child.kill('SIGUSR2'); // A resumes (delivered once thawed) and reaches its fenced commit
      a.child.kill('SIGCONT');
      const [aEnd, bEnd] = await Promise.all([a.ended, b.ended]);
      if (aEnd.status === 0 || !/lease lost: another loader/.test(aEnd.stderr)) {
        throw new Error(`the stale loader A was not refused (exit ${aEnd.status}): ${aEnd.stderr.trim()}`);
      }
      if (bEnd.status !== 0) throw new Error(`loader B failed (exit ${bEnd.status}): ${bEnd.stderr.trim()}`);
      const { rows } = await ctx.warehouse.query(`SELECT count(*)::int AS n, count(DISTINCT id)::int AS ids FROM "${ctx.database}"."${table}"`);
      same(`${table} rows and distinct keys`, { n: 500, ids: 500 }, rows[0]);
    },
  },
];
