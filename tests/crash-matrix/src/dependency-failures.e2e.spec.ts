import { s3Settings } from '@tidemark/testing';
import { S3_REQUEST_TIMEOUT_SECONDS } from './crash-config.fixture';
import { CliOutcome, CliProcess } from './cli-process.fixture';
import { describeOutcome, formatMatrix, MatrixRow } from './crash-matrix.fixture';
import { CrashScenario, rerunIntoMatrix } from './crash-scenario.fixture';
import { CrashWorld } from './crash-world.fixture';
import { S3FaultProxy } from './s3-fault-proxy';
import {
  allowConnections,
  killSourceSessions,
  refuseConnections,
  rowsInOpenCopy,
  terminateLoadTransaction,
} from './server-faults.fixture';
import { halfCommitted, ledgerHoldsOldest, orphanFiles, TableState } from './table-state';

/**
 * A server the sync depends on fails in the middle of a real run: the run
 * retries, or fails with exit != 0 leaving nothing half committed; then a
 * clean re-run converges.
 */
interface Ctx {
  s: CrashScenario;
  world: CrashWorld;
  proxy: S3FaultProxy;
}

interface DependencyCase {
  fault: string;
  table: string;
  /** S3 requests go through the fault proxy; the watermark store is a PostgreSQL database. */
  through?: 'proxy' | 'postgres-store';
  how: string;
  /** Runs a sync into the fault; `note` says what the fault saw, for the matrix. */
  act(ctx: Ctx): Promise<{ outcome: CliOutcome; note?: string }>;
  /** The run retried (exit 0) or failed cleanly: what it must show. */
  expectRun(o: CliOutcome): void;
  leftBehind?(s: TableState): void;
}

/** How long a run with an unanswered S3 request is watched before the test gives up on it. */

const failedWith = (message: RegExp) => (o: CliOutcome) => {
  expect(o.signal).toBeNull();
  expect(o.code).not.toBe(0);
  expect(o.stderr).toMatch(message);
};
const succeeded = (o: CliOutcome) => expect(o.code).toBe(0);
const pending = (s: TableState) => s.manifests.filter((m) => m.status === 'pending').length;

/** Pauses a sync at `point`, breaks a server with `fault`, resumes it into the broken server, then repairs. */
async function breakWhilePaused(
  s: CrashScenario,
  point: Parameters<CrashScenario['startWithFault']>[0],
  fault: () => Promise<unknown>,
  repair: () => Promise<void> = async () => undefined,
): Promise<CliOutcome> {
  const run = s.startWithFault(point, 'pause');
  await run.paused(point);
  await fault();
  try {
    // A process that dies of the fault on its own (the error reaches it while paused) is not resumed.
    if (!(await run.endsWithin(1_000))) run.resume();
    return await run.finished();
  } finally {
    await repair();
  }
}

async function storeDownAt(point: 'extract:after-manifest' | 'load:after-commit', { s, world }: Ctx) {
  const database = s.storeDatabase as string;
  const outcome = await breakWhilePaused(
    s,
    point,
    () => refuseConnections(world.servers.pg, database),
    () => allowConnections(world.servers.pg, database),
  );
  return { outcome };
}

const CASES: DependencyCase[] = [
  {
    fault: 'watermark store down during the extract commit',
    table: 'store_down_extract',
    through: 'postgres-store',
    how: 'PostgreSQL store; paused at extract:after-manifest, the store database then refuses connections and its sessions are ended; resumed',
    act: (ctx) => storeDownAt('extract:after-manifest', ctx),
    expectRun: failedWith(/database "\S+" is not currently accepting connections/),
    leftBehind: (s) => {
      expect(s.manifests).toHaveLength(0);
      expect(orphanFiles(s)).toBe(1);
    },
  },
  {
    fault: 'watermark store down during the load report',
    table: 'store_down_report',
    through: 'postgres-store',
    how: 'PostgreSQL store; paused at load:after-commit (warehouse committed), the store database then refuses connections; resumed',
    act: (ctx) => storeDownAt('load:after-commit', ctx),
    expectRun: failedWith(/database "\S+" is not currently accepting connections/),
    leftBehind: (s) => {
      expect(pending(s)).toBe(s.manifests.length);
      // The first load's: the extract may have committed more while that load ran (ADR 0036).
      expect(ledgerHoldsOldest(s)).toMatchObject({ oldestFirst: true });
      expect(s.ledger.size).toBeGreaterThan(0);
    },
  },
  {
    fault: 'S3 answers 500 to Parquet uploads, twice',
    table: 's3_500_twice',
    through: 'proxy',
    how: 'the proxy answers the first two PUTs of a .parquet key with 500 InternalError',
    act: async ({ s, proxy }) => {
      proxy.inject({ method: 'PUT', key: /\.parquet$/, fault: { kind: 'status', status: 500 }, times: 2 });
      const outcome = await s.sync();
      expect(proxy.seen('status 500')).toHaveLength(2);
      return { outcome, note: 'the AWS SDK retried both 500s; the third attempt stored the file' };
    },
    expectRun: succeeded,
  },
  {
    fault: 'S3 answers 500 to every manifest upload',
    table: 's3_500_always',
    through: 'proxy',
    how: 'the proxy answers every PUT of a .manifest.json key with 500 InternalError',
    act: async ({ s, proxy }) => {
      proxy.inject({
        method: 'PUT',
        key: /\.manifest\.json$/,
        fault: { kind: 'status', status: 500 },
        times: Infinity,
      });
      const outcome = await s.sync();
      const attempts = proxy.seen('status 500');
      expect(attempts.length).toBeGreaterThan(1);
      const span = (attempts[attempts.length - 1].at - attempts[0].at) / 1000;
      return {
        outcome,
        note: `${attempts.length} attempts of one PUT over ${span.toFixed(1)} s (SDK retries with backoff), then the run failed`,
      };
    },
    expectRun: failedWith(/error: .*S3 upload of s3:\/\/\S+\.manifest\.json failed: InternalError/),
    leftBehind: (s) => {
      expect(s.manifests).toHaveLength(0);
      expect(orphanFiles(s)).toBe(1);
    },
  },
  {
    fault: 'S3 stalls a Parquet download, then drops the connection',
    table: 's3_stall_drop',
    through: 'proxy',
    how: 'the proxy holds the first GET of a .parquet key unanswered for 3 s, then closes the connection',
    act: async ({ s, proxy }) => {
      proxy.inject({ method: 'GET', key: /\.parquet$/, fault: { kind: 'stall', dropAfterMs: 3_000 }, times: 1 });
      const outcome = await s.sync();
      expect(proxy.seen('stall')).toHaveLength(1);
      return { outcome, note: 'the AWS SDK retried the dropped GET' };
    },
    expectRun: succeeded,
  },
  {
    fault: 'S3 never answers a Parquet upload',
    table: 's3_stall_forever',
    through: 'proxy',
    how: `the proxy holds the first PUT of a .parquet key unanswered; the S3 request timeout is ${S3_REQUEST_TIMEOUT_SECONDS} s`,
    act: async ({ s, proxy }) => {
      proxy.inject({ method: 'PUT', key: /\.parquet$/, fault: { kind: 'stall' }, times: 1 });
      const outcome = await s.sync();
      expect(proxy.seen('stall')).toHaveLength(1);
      return { outcome, note: `the request timed out after ${S3_REQUEST_TIMEOUT_SECONDS} s and the SDK retried it` };
    },
    expectRun: succeeded,
  },
  {
    fault: 'MySQL connection dropped mid-read',
    table: 'mysql_killed',
    how: 'paused at extract:during-read (first row of the second page); KILL CONNECTION from another MariaDB session; resumed',
    act: async ({ s, world }) => {
      let killed = 0;
      const outcome = await breakWhilePaused(s, 'extract:during-read', async () => {
        killed = await killSourceSessions(world.servers.db);
      });
      expect(killed).toBe(1);
      return { outcome };
    },
    expectRun: failedWith(/Connection lost: The server closed the connection/),
    leftBehind: (s) => expect(s.ledger.size).toBe(0),
  },
  {
    fault: 'PostgreSQL (warehouse) restarted mid-load',
    table: 'warehouse_terminated',
    how: "paused at load:during-copy (rows sent, the COPY still open); the run's backend ended with pg_terminate_backend; resumed",
    act: async ({ s, world }) => {
      let ended = 0;
      let copied = 0;
      const outcome = await breakWhilePaused(s, 'load:during-copy', async () => {
        copied = await rowsInOpenCopy(world.servers.pg, s.appName);
        ended = await terminateLoadTransaction(world.servers.pg, s.appName);
      });
      expect(copied).toBeGreaterThan(0);
      expect(ended).toBe(1);
      return { outcome, note: `the backend was ended with ${copied} rows received by its open COPY` };
    },
    expectRun: failedWith(/nothing was committed: (Connection terminated unexpectedly|terminating connection due to administrator command)/),
    leftBehind: (s) => {
      expect(pending(s)).toBe(s.manifests.length);
      expect(s.ledger.size).toBe(0);
      expect(s.target?.rows ?? 0).toBe(0);
    },
  },
];

describe('the crash matrix: a server fails during a sync, then a clean re-run converges', () => {
  let world: CrashWorld;
  let proxy: S3FaultProxy;
  const matrix: MatrixRow[] = [];

  beforeAll(async () => {
    world = await CrashWorld.open('tm_crash_deps');
    proxy = await S3FaultProxy.start(s3Settings().endpoint);
  });

  afterEach(() => CliProcess.killLeftovers());

  afterAll(async () => {
    console.log(formatMatrix('Failing dependencies', matrix, world?.aliases));
    await proxy?.close();
    await world?.close();
  });

  it.each(CASES)('$fault: the run retries or fails cleanly, the re-run converges', async (c) => {
    proxy.reset();
    const s = await world.scenario(c.table, {
      s3Endpoint: c.through === 'proxy' ? proxy.url : undefined,
      postgresStore: c.through === 'postgres-store',
    });
    const { outcome, note } = await c.act({ s, world, proxy });
    proxy.reset();
    c.expectRun(outcome);

    const left = await s.state();
    expect(halfCommitted(left)).toEqual([]);
    c.leftBehind?.(left);

    const run = note ? `${describeOutcome(outcome)}: ${note}` : describeOutcome(outcome);
    await rerunIntoMatrix(s, left, matrix, { fault: c.fault, how: c.how, run });
  });
});
