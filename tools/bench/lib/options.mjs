// Command-line options of `npm run bench`, with the sizes a --quick run uses.
import { parseArgs } from 'node:util';
import { DEFAULT_PGLOADER } from './pgloader.mjs';

export const USAGE = `usage: npm run bench -- [--rows N[,N…]] [--quick] [--json] [options]

  --rows N[,N…]     rows of the main table (default 1000000); several sizes run the whole
                    benchmark once per size and check that peak RSS stays flat between them
  --quick           100,000 rows and 10 small tables (the CI variant)
  --json            print the report as JSON on stdout (progress goes to stderr)
  --wide-rows N     rows of the 40-column table (default: rows / 5)
  --small-tables N  small tables for the "nothing changed" run (default 100, --quick 10)
  --small-rows N    rows per small table (default 1000)
  --database NAME   MariaDB database to create (default tidemark_bench); PostgreSQL schemas
                    are named after it
  --pgloader CMD    the pgloader to measure as the peer (default: pgloader on PATH); when it
                    does not run, only the pgloader lines and their targets are skipped
  --skip-build      use the CLI already in dist/apps/cli instead of running \`nx build cli\`
  --cpu-prof DIR    write a V8 CPU profile of every Tidemark process to DIR
  --keep            keep the databases, schemas, bucket and work directory afterwards`;

const NAME = /^[a-z][a-z0-9_]{0,39}$/;

function count(name, text, min) {
  if (!/^\d+$/.test(text) || Number(text) < min) {
    throw new Error(`--${name} must be a whole number of at least ${min}, not "${text}"`);
  }
  return Number(text);
}

/** Parses argv into the benchmark's settings; a bad option throws an error naming it. */
export function benchOptions(argv) {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      rows: { type: 'string' },
      quick: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      'wide-rows': { type: 'string' },
      'small-tables': { type: 'string' },
      'small-rows': { type: 'string' },
      database: { type: 'string', default: 'tidemark_bench' },
      pgloader: { type: 'string', default: DEFAULT_PGLOADER },
      'skip-build': { type: 'boolean', default: false },
      'cpu-prof': { type: 'string' },
      keep: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (!NAME.test(values.database)) {
    throw new Error(`--database must be lower-case letters, digits and _ (at most 40, starting with a letter), not "${values.database}"`);
  }
  const sizes = (values.rows ?? (values.quick ? '100000' : '1000000')).split(',').map((n) => count('rows', n, 100));
  const smallTables = count('small-tables', values['small-tables'] ?? (values.quick ? '10' : '100'), 1);
  if (smallTables > 999) throw new Error('--small-tables must be at most 999');
  return {
    help: values.help,
    sizes,
    quick: values.quick,
    json: values.json,
    wideRows: values['wide-rows'] === undefined ? undefined : count('wide-rows', values['wide-rows'], 10),
    smallTables,
    smallRows: count('small-rows', values['small-rows'] ?? '1000', 1),
    database: values.database,
    pgloader: values.pgloader,
    build: !values['skip-build'],
    cpuProfileDir: values['cpu-prof'],
    keep: values.keep,
  };
}
