import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FaultPoint } from '@tidemark/fault-injection';
import { FreezingTcpProxy, MYSQL, POSTGRES_URL } from '@tidemark/testing';
import { CliOutcome, CliProcess } from './cli-process.fixture';
import { describeOutcome, formatMatrix, MatrixRow } from './crash-matrix.fixture';
import { CrashScenario, rerunIntoMatrix } from './crash-scenario.fixture';
import { CrashWorld } from './crash-world.fixture';
import { halfCommitted, liveLeases } from './table-state';

/**
 * A server stops answering without closing the connection (a frozen TCP
 * proxy in front of the real MariaDB or PostgreSQL) in the middle of a run
 * of the real binary: the run must fail within its configured timeouts,
 * naming the server, release its lease, and a re-run after the thaw converges.
 */

/** Short timeouts, so a stall is noticed within the test. */
const CONNECT_SECONDS = 2;
const IDLE_SECONDS = 3;
const STORE_STATEMENT_SECONDS = 3;
/** A stalled run that has not ended by then is hanging: killed, and the test fails. */
const HANG_DEADLINE_MS = 45_000;

type Frozen = 'mysql' | 'warehouse' | 'store';

interface StallCase {
  fault: string;
  table: string;
  frozen: Frozen;
  point: FaultPoint;
  how: string;
  /** What the failed run's error must say: the server, by kind, name and address. */
  message: (port: number) => RegExp;
  /** Whether the failed run can release its lease: not when the frozen server is the store that holds it. */
  releasesLease: boolean;
}

const CASES: StallCase[] = [
  {
    fault: 'MySQL stops answering mid-extract',
    table: 'mysql_frozen',
    frozen: 'mysql',
    point: 'extract:during-read',
    how: `paused at extract:during-read; the proxy in front of MariaDB freezes (sockets open, no byte forwarded); resumed. readIdleTimeoutSeconds: ${IDLE_SECONDS}`,
    message: (port) => new RegExp(`MySQL connection "default" at 127\\.0\\.0\\.1:${port} stopped answering`),
    releasesLease: true,
  },
  {
    fault: 'the warehouse stops answering mid-load',
    table: 'warehouse_frozen',
    frozen: 'warehouse',
    point: 'load:during-staging',
    how: `paused at load:during-staging (load transaction open); the proxy in front of PostgreSQL freezes; resumed. readIdleTimeoutSeconds: ${IDLE_SECONDS}, connectTimeoutSeconds: ${CONNECT_SECONDS}`,
    message: (port) => new RegExp(`warehouse at 127\\.0\\.0\\.1:${port}/\\S+ stopped answering`),
    releasesLease: true,
  },
  {
    fault: 'the PostgreSQL watermark store stops answering mid-extract',
    table: 'store_frozen',
    frozen: 'store',
    point: 'extract:after-manifest',
    how: `paused at extract:after-manifest (files and manifest on S3, not committed); the proxy in front of the store's PostgreSQL freezes; resumed. statementTimeoutSeconds: ${STORE_STATEMENT_SECONDS}`,
    message: (port) => new RegExp(`watermark store \\(PostgreSQL 127\\.0\\.0\\.1:${port}/\\S+\\)`),
    // The lease lives in the frozen store: it expires after its TTL, and the re-run waits for that.
    releasesLease: false,
  },
];

/** `url` with its port replaced by the proxy's. */
function throughProxy(url: string, port: number): string {
  const u = new URL(url);
  u.port = String(port);
  return u.toString();
}

/** Points the scenario's config at the proxy for the frozen server, and sets short timeouts everywhere. */
function proxiedConfig(s: CrashScenario, frozen: Frozen, proxyPort: number): void {
  const connection = join(s.config, 'connections', 'default.yml');
  const mysqlPort = frozen === 'mysql' ? proxyPort : MYSQL.port;
  writeFileSync(
    connection,
    readFileSync(connection, 'utf8').replace(`port: ${MYSQL.port}\n`, `port: ${mysqlPort}\n`) +
      `connectTimeoutSeconds: ${CONNECT_SECONDS}\nreadIdleTimeoutSeconds: ${IDLE_SECONDS}\n`,
  );
  const main = join(s.config, 'tidemark.yml');
  const warehouseUrl = frozen === 'warehouse' ? throughProxy(POSTGRES_URL, proxyPort) : POSTGRES_URL;
  const text = readFileSync(main, 'utf8')
    .replace(
      `warehouse: { type: postgres, url: "${POSTGRES_URL}" }`,
      `warehouse: { type: postgres, url: "${warehouseUrl}", connectTimeoutSeconds: ${CONNECT_SECONDS}, readIdleTimeoutSeconds: ${IDLE_SECONDS} }`,
    )
    .replace(/^watermarkStore: \{ type: postgres, url: "([^"]+)" \}$/m, (_, url: string) => {
      const storeUrl = frozen === 'store' ? throughProxy(url, proxyPort) : url;
      return `watermarkStore: { type: postgres, url: "${storeUrl}", connectTimeoutSeconds: ${CONNECT_SECONDS}, statementTimeoutSeconds: ${STORE_STATEMENT_SECONDS} }`;
    });
  writeFileSync(main, text);
}

function targetOf(frozen: Frozen): { host: string; port: number } {
  if (frozen === 'mysql') return { host: MYSQL.host, port: MYSQL.port };
  const pg = new URL(POSTGRES_URL);
  return { host: pg.hostname, port: Number(pg.port || 5432) };
}

describe('stalled network: a server stops answering mid-run; the run fails in time, names it, frees the table', () => {
  let world: CrashWorld;
  const matrix: MatrixRow[] = [];

  beforeAll(async () => {
    world = await CrashWorld.open('tm_stall');
  });

  afterEach(() => CliProcess.killLeftovers());

  afterAll(async () => {
    console.log(formatMatrix('Stalled networks', matrix, world?.aliases));
    await world?.close();
  });

  it.each(CASES)('$fault: fails within the timeouts naming the server, frees the table, re-run converges', async (c) => {
    const proxy = await FreezingTcpProxy.start(targetOf(c.frozen));
    try {
      const s = await world.scenario(c.table, { postgresStore: c.frozen === 'store' });
      proxiedConfig(s, c.frozen, proxy.port);

      const run = s.startWithFault(c.point, 'pause');
      await run.paused(c.point);
      proxy.freeze();
      const frozenAt = Date.now();
      run.resume();
      const outcome: CliOutcome = await run.finished(HANG_DEADLINE_MS);
      const seconds = (Date.now() - frozenAt) / 1000;
      proxy.thaw();

      expect(outcome.signal).toBeNull();
      expect(outcome.code).not.toBe(0);
      expect(outcome.stderr).toMatch(c.message(proxy.port));
      const left = await s.state();
      // Released by the failed run itself, not expired: the next run is not refused.
      if (c.releasesLease) expect(liveLeases(left)).toEqual([]);
      expect(halfCommitted(left)).toEqual([]);

      await rerunIntoMatrix(s, left, matrix, {
        fault: c.fault,
        how: c.how,
        run: `${describeOutcome(outcome)} (${seconds.toFixed(1)} s after the freeze)`,
      });
    } finally {
      await proxy.close();
    }
  });
});
