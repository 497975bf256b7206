// The raw baselines: what a data engineer would run without Tidemark.
//   raw extract: mariadb --batch --quick -N -e 'SELECT …' > file
//   raw pipe:    mariadb --batch --quick -N -e 'SELECT …' | psql -c '\copy … from pstdin'
import { closeSync, createReadStream, openSync, statSync } from 'node:fs';
import { columnNames } from './bench-tables.mjs';
import { runMeasured } from './process-tree.mjs';
import { MYSQL, POSTGRES_URL } from './servers.mjs';

const MARIADB_FLAGS = ['--batch', '--quick', '-N', '--default-character-set=utf8mb4', "--init-command=SET time_zone='+00:00'"];
const connectionFlags = () => [`--host=${MYSQL.host}`, `--port=${MYSQL.port}`, `--user=${MYSQL.user}`];
const clientEnv = () => ({ MYSQL_PWD: MYSQL.password, PGTZ: 'UTC' });
const selectAll = (database, table, spec) => `SELECT ${columnNames(spec)} FROM \`${database}\`.\`${table}\``;

function failed(what, run) {
  return new Error(`${what} failed with exit code ${run.code}: ${run.stderr.trim()}`);
}

async function countLines(file) {
  let lines = 0;
  for await (const chunk of createReadStream(file)) {
    for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) lines++;
  }
  return lines;
}

/** Dumps the table to `file` as tab-separated text; returns the measurement, the file's bytes and its line count. */
export async function rawExtract(database, table, spec, file) {
  const fd = openSync(file, 'w');
  let run;
  try {
    run = await runMeasured({
      file: 'mariadb',
      args: [...MARIADB_FLAGS, ...connectionFlags(), '-e', selectAll(database, table, spec)],
      stdout: fd,
      env: clientEnv(),
    });
  } finally {
    closeSync(fd);
  }
  if (run.code !== 0) throw failed('raw extract (mariadb)', run);
  return { ...run, textBytes: statSync(file).size, lines: await countLines(file) };
}

/** Pipes the table from mariadb into psql's \copy, into `target` (an existing, empty table). */
export async function rawPipe(database, table, spec, targetSchema) {
  const copy = `\\copy "${targetSchema}"."${table}" (${columnNames(spec)}) FROM pstdin WITH (FORMAT text, NULL 'NULL')`;
  const script = 'set -o pipefail; mariadb "${@:4}" -e "$1" | psql "$2" -X -q -v ON_ERROR_STOP=1 -c "$3"';
  const run = await runMeasured({
    file: 'bash',
    args: ['-c', script, 'raw-pipe', selectAll(database, table, spec), POSTGRES_URL, copy, ...MARIADB_FLAGS, ...connectionFlags()],
    env: clientEnv(),
  });
  if (run.code !== 0) throw failed('raw pipe (mariadb | psql)', run);
  return run;
}
