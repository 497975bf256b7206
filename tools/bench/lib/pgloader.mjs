// The peer: pgloader, the tool a user would pick to copy a MySQL table into
// PostgreSQL, run with its own defaults on the same table into an empty
// schema of its own, measured like the raw baselines. See BENCHMARKS.md.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { runMeasured } from './process-tree.mjs';
import { MYSQL, POSTGRES_URL } from './servers.mjs';

export const DEFAULT_PGLOADER = 'pgloader';

/**
 * Whether `command` runs: { available: true, command, version } or
 * { available: false, command, reason }. A missing pgloader only skips the
 * pgloader measurements and their targets.
 */
export function findPgloader(command = DEFAULT_PGLOADER) {
  const run = spawnSync(command, ['--version'], { encoding: 'utf8', timeout: 60_000 });
  if (run.error?.code === 'ENOENT') {
    return { available: false, command, reason: `${command} not found (Debian package pgloader; .ci/run installs it)` };
  }
  if (run.error || run.status !== 0) {
    const why = run.error?.message ?? `exit code ${run.status}: ${`${run.stderr}${run.stdout}`.trim().split('\n')[0]}`;
    return { available: false, command, reason: `${command} --version failed (${why})` };
  }
  const version = /version "([^"]+)"/.exec(run.stdout)?.[1] ?? run.stdout.trim().split('\n')[0];
  return { available: true, command, version };
}

// pgloader's connection strings have no escaping; the bench's own names are checked, the servers' come from the environment.
const PLAIN = /^[A-Za-z0-9_.-]+$/;

function plain(what, value) {
  if (!PLAIN.test(value)) throw new Error(`pgloader: ${what} "${value}" has characters a pgloader connection string cannot carry (letters, digits, _ . - only)`);
  return value;
}

/** The servers as pgloader connection strings without passwords (those go in MYSQL_PWD and PGPASSWORD), and its environment. */
function connections(database) {
  const pg = new URL(POSTGRES_URL);
  const pgDatabase = decodeURIComponent(pg.pathname.slice(1));
  return {
    from: `mysql://${plain('MariaDB user', MYSQL.user)}@${plain('MariaDB host', MYSQL.host)}:${MYSQL.port}/${plain('database', database)}`,
    into: `postgresql://${plain('PostgreSQL user', decodeURIComponent(pg.username))}@${plain('PostgreSQL host', pg.hostname)}:${pg.port || 5432}/${plain('PostgreSQL database', pgDatabase)}`,
    // pgloader sends an empty MYSQL_PWD as a password; undefined leaves the variable out.
    env: { MYSQL_PWD: MYSQL.password || undefined, PGPASSWORD: decodeURIComponent(pg.password) || undefined },
  };
}

/**
 * pgloader's own knob for its memory: how many rows it reads ahead of the
 * COPY (100,000 by default). With the default, pgloader 3.6.7 exhausts its
 * 1 GiB heap on the 2M-row wide table (BENCHMARKS.md), as users report of
 * wide tables; this is the fix they are given.
 */
export const LOW_MEMORY_SETTING = 'prefetch rows = 10000';
const HEAP_EXHAUSTED = 'Heap exhausted';

/**
 * The .load command: pgloader's defaults for a MySQL database, narrowed to
 * one table, its schema (pgloader names it after the MySQL database) renamed
 * to `targetSchema`. The one setting beyond the defaults is the session's
 * search_path: with the target schema already in it, pgloader does not run
 * `ALTER DATABASE … SET search_path` on the (shared) PostgreSQL database.
 * `setting`, when given, is a WITH option (LOW_MEMORY_SETTING).
 */
export function loadCommand({ from, into }, database, table, targetSchema, setting) {
  return [
    'LOAD DATABASE',
    `  FROM ${from}`,
    `  INTO ${into}`,
    ...(setting ? [`  WITH ${setting}`] : []),
    `  SET PostgreSQL PARAMETERS search_path TO '${plain('schema', targetSchema)}'`,
    `  INCLUDING ONLY TABLE NAMES MATCHING '${plain('table', table)}'`,
    `  ALTER SCHEMA '${database}' RENAME TO '${targetSchema}';`,
    '',
  ].join('\n');
}

/** One pgloader run of `file`: the measured run, its failure as text (null when it succeeded), and whether its heap ran out. */
async function attempt(peer, file, env) {
  const run = await runMeasured({ file: peer.command, args: ['--root-dir', join(dirname(file), 'pgloader'), file], env });
  const output = `${run.stdout}\n${run.stderr}`;
  // pgloader exits 0 after some failures (it cannot reach MariaDB, say), logging them as ERROR or FATAL.
  const errors = output.split('\n').filter((line) => / (ERROR|FATAL) /.test(line));
  const failed = run.code !== 0 || errors.length > 0;
  return {
    run,
    failure: failed ? `pgloader ${file} failed (exit code ${run.code}): ${(errors.join('\n') || run.stderr).trim()}` : null,
    heapExhausted: failed && output.includes(HEAP_EXHAUSTED),
  };
}

/**
 * Copies `database.table` into `targetSchema` with pgloader, the command file
 * and pgloader's logs under `work`. A run that exhausts pgloader's heap is
 * run again with LOW_MEMORY_SETTING, as its users are told to; the result
 * then carries a note saying so, and the failed run is not counted.
 */
export async function pgloaderCopy(peer, { database, table, targetSchema, work }) {
  const servers = connections(database);
  const fileWith = (setting) => {
    const file = join(work, `pgloader-${table}${setting ? '-low-memory' : ''}.load`);
    writeFileSync(file, loadCommand(servers, database, table, targetSchema, setting));
    return file;
  };
  const first = await attempt(peer, fileWith(), servers.env);
  if (first.failure === null) return first.run;
  if (!first.heapExhausted) throw new Error(first.failure);
  const second = await attempt(peer, fileWith(LOW_MEMORY_SETTING), servers.env);
  if (second.failure !== null) throw new Error(second.failure);
  const failedAfter = Math.round(first.run.seconds);
  return { ...second.run, note: `WITH ${LOW_MEMORY_SETTING}: with its defaults pgloader exhausted its heap after ${failedAfter} s (not counted)` };
}

/** The PostgreSQL database's own settings (ALTER DATABASE … SET), to check pgloader left them alone. */
export async function databaseSettings(pg) {
  const result = await pg.query(
    'SELECT setconfig FROM pg_db_role_setting WHERE setrole = 0 AND setdatabase = (SELECT oid FROM pg_database WHERE datname = current_database())',
  );
  return result.rows[0]?.setconfig ?? [];
}
