// Command-line options of tools/bench/watermark-service.mjs.
import { parseArgs } from 'node:util';

export const USAGE = `usage: node tools/bench/watermark-service.mjs [options]

Starts the built watermark service (dist/apps/watermark-service/main.js) over
a PostgreSQL store of --tables tables, then measures, with keep-alive HTTP
clients, GET /watermarks/:pipeline/:table and full lease cycles (acquire, then
the extract commit that releases the lease, the calls the extractor makes
through libs/watermark-client), sampling the service's RSS once a second.

  --duration SECONDS  measured time, split evenly between the GET and the
                      lease-cycle phases (default 40; the issue's run: 300)
  --tables N          tables in the store (default 1000)
  --concurrency N     requests in flight (default 32)
  --port N            the service's port (default 39100)
  --replicas N        run the service as N processes over the one store, on
                      ports --port to --port + N - 1, started at the same
                      moment; each client sends to one of them, spread evenly
                      (default 1). CPU, RSS and log lines are their sums
  --log-level LEVEL   the service's LOG_LEVEL (default: unset, the service's default)
  --log-sample RATE   the service's TIDEMARK_REQUEST_LOG_SAMPLE (default: unset, the service's 0.01)
  --floor             measure the floor instead of the service: a bare node:http
                      server over pg (tools/bench/service/floor-server.mjs) that
                      sends as many statements per call, and does nothing else
  --build             build the service first (npx nx build watermark-service)
  --cpu-prof DIR      write a V8 CPU profile of the service to DIR
  --schema NAME       the PostgreSQL schema of the store (default service_bench; dropped first)
  --keep              keep the store schema afterwards
  --json              print the report as JSON instead of text
  --help`;

const whole = (name, raw, min) => {
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < min) throw new Error(`--${name} must be a whole number from ${min}, got "${raw}"`);
  return n;
};

/** A schema name the script can write unquoted: it is dropped and created by that name. */
function checkedSchema(name) {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`--schema must be lower-case letters, digits and _ (a PostgreSQL name), got "${name}"`);
  return name;
}

export function serviceBenchOptions(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      duration: { type: 'string', default: '40' },
      tables: { type: 'string', default: '1000' },
      concurrency: { type: 'string', default: '32' },
      port: { type: 'string', default: '39100' },
      replicas: { type: 'string', default: '1' },
      'log-level': { type: 'string' },
      'log-sample': { type: 'string' },
      floor: { type: 'boolean', default: false },
      build: { type: 'boolean', default: false },
      'cpu-prof': { type: 'string' },
      schema: { type: 'string', default: 'service_bench' },
      keep: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  const concurrency = whole('concurrency', values.concurrency, 1);
  const tables = whole('tables', values.tables, 1);
  if (tables < concurrency) throw new Error(`--tables (${tables}) must be at least --concurrency (${concurrency}): each client leases tables of its own`);
  return {
    durationSeconds: whole('duration', values.duration, 2),
    tables,
    concurrency,
    port: whole('port', values.port, 1),
    replicas: whole('replicas', values.replicas, 1),
    logLevel: values['log-level'],
    logSample: values['log-sample'],
    floor: values.floor,
    build: values.build,
    cpuProfileDir: values['cpu-prof'],
    keep: values.keep,
    json: values.json,
    help: values.help,
    schema: checkedSchema(values.schema),
  };
}
