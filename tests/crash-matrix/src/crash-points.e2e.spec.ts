import { FaultPoint } from '@tidemark/fault-injection';
import { CliOutcome, CliProcess } from './cli-process.fixture';
import { describeOutcome, formatMatrix, MatrixRow } from './crash-matrix.fixture';
import { CrashScenario, rerunIntoMatrix } from './crash-scenario.fixture';
import { CrashWorld } from './crash-world.fixture';
import { INITIAL_ROWS } from './source-table.fixture';
import { rowsInOpenCopy } from './server-faults.fixture';
import { halfCommitted, ledgerHoldsOldest, liveLeases, orphanFiles, TableState } from './table-state';

/**
 * The real binary killed with SIGKILL at each step of a sync, then re-run:
 * every row lands once, whatever step the kill hit.
 */
interface KillCase {
  point: FaultPoint;
  /** Names a second case at the same point and mode (its test and its table). */
  variant?: string;
  /** Rows the table gains before the killed run, beyond INITIAL_ROWS. */
  moreRows?: number;
  /** Which load mode the scenario's table uses; default append (a manifest loaded twice shows as duplicates). */
  loadMode?: 'append' | 'merge';
  /** `self`: the process SIGKILLs itself at the point; `outside`: it pauses there and the test kills it. */
  killedBy: 'self' | 'outside';
  how: string;
  /** Proves the kill hit that step: what it must have left. */
  leftBehind(s: TableState): void;
  /** For `outside` kills: checks the paused process is where the case says; says what it saw, for the matrix. */
  whilePaused?(s: CrashScenario, world: CrashWorld): Promise<string>;
  /** A run started the moment the process died; says how it ended, for the matrix. */
  meanwhile?(s: CrashScenario): Promise<string>;
  leaseTtlSeconds?: number;
  /** More to check once the re-run converged. */
  afterRerun?(left: TableState, after: TableState): void;
}

const extractToken = (s: TableState) => s.leases.find((l) => l.stage === 'extract')?.token;

const committedRows = (s: TableState) => s.manifests.reduce((n, m) => n + m.body.rowCount, 0);
const pending = (s: TableState) => s.manifests.filter((m) => m.status === 'pending').length;

/** The first load's manifests are in the ledger: the oldest ones, at least one; returns their rows. */
const firstLoadInLedger = (s: TableState) => {
  const held = ledgerHoldsOldest(s);
  expect(held.manifests).toBeGreaterThan(0);
  expect(held.oldestFirst).toBe(true);
  return held.rows;
};

/**
 * A kill inside the first load's transaction: rows registered (all, or the
 * extract was still going: the load follows it), nothing of the load in the warehouse.
 */
const nothingLoaded = (s: TableState) => {
  expect(committedRows(s)).toBeGreaterThan(0);
  expect(committedRows(s)).toBeLessThanOrEqual(INITIAL_ROWS);
  expect(pending(s)).toBe(s.manifests.length);
  expect(s.ledger.size).toBe(0);
  expect(s.target?.rows ?? 0).toBe(0);
};

/** Proves the pause is inside an open COPY that PostgreSQL already received rows through. */
const rowsReachedTheCopy = async (s: CrashScenario, world: CrashWorld) => {
  const rows = await rowsInOpenCopy(world.servers.pg, s.appName);
  expect(rows).toBeGreaterThan(0);
  return `; killed with ${rows} rows in the open COPY`;
};

/** Waits, the load paused after its commit, until the extract has committed a manifest that load did not take. */
const extractCommittedMore = async (s: CrashScenario) => {
  const giveUpAt = Date.now() + 60_000;
  for (;;) {
    const now = await s.state();
    if (now.manifests.length > now.ledger.size) return `; killed with ${now.manifests.length} manifests committed, ${now.ledger.size} loaded`;
    if (Date.now() > giveUpAt) throw new Error(`the extract committed nothing past the paused load's ${now.ledger.size} manifests in 60 s`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

const CASES: KillCase[] = [
  {
    point: 'extract:during-read',
    killedBy: 'self',
    how: 'SIGKILL at the first row of the second keyset page',
    leftBehind: (s) => {
      expect(committedRows(s)).toBeLessThan(INITIAL_ROWS);
      expect(s.ledger.size).toBe(0);
    },
  },
  {
    point: 'extract:after-upload',
    killedBy: 'self',
    how: 'SIGKILL after the first Parquet file is in S3, before its manifest',
    leftBehind: (s) => {
      expect(s.manifests).toHaveLength(0);
      expect(orphanFiles(s)).toBe(1);
    },
  },
  {
    point: 'extract:after-manifest',
    killedBy: 'self',
    how: 'SIGKILL after the first manifest is in S3, before the extract commit',
    leftBehind: (s) => {
      expect(s.manifests).toHaveLength(0);
      expect(orphanFiles(s)).toBe(1);
    },
  },
  {
    point: 'extract:after-commit',
    killedBy: 'self',
    how: 'SIGKILL right after the first extract commit',
    leftBehind: (s) => {
      expect(s.manifests).toHaveLength(1);
      expect(pending(s)).toBe(1);
      expect(orphanFiles(s)).toBe(0);
      expect(s.watermark?.extract.cursor).toEqual(s.manifests[0].body.maxCursor);
    },
  },
  {
    point: 'load:during-staging',
    killedBy: 'self',
    how: 'SIGKILL inside the load transaction, before the first COPY',
    leftBehind: nothingLoaded,
  },
  {
    point: 'load:during-copy',
    killedBy: 'outside',
    how: 'paused inside COPY FROM STDIN once rows reached PostgreSQL (pg_stat_progress_copy); SIGKILL from the test',
    whilePaused: rowsReachedTheCopy,
    leftBehind: nothingLoaded,
  },
  {
    point: 'load:during-copy',
    loadMode: 'merge',
    killedBy: 'outside',
    how: 'merge mode, rows updated at the source before the re-run: paused inside COPY FROM STDIN with rows sent; SIGKILL from the test',
    whilePaused: rowsReachedTheCopy,
    leftBehind: (s) => {
      expect(pending(s)).toBe(s.manifests.length);
      expect(s.ledger.size).toBe(0);
    },
  },
  {
    point: 'load:after-commit',
    loadMode: 'merge',
    killedBy: 'self',
    how: "merge mode, rows updated at the source before the re-run: SIGKILL after the first load's warehouse commit, before its report",
    leftBehind: (s) => {
      expect(pending(s)).toBe(s.manifests.length);
      expect(s.target?.rows).toBe(firstLoadInLedger(s));
    },
  },
  {
    point: 'load:after-commit',
    killedBy: 'self',
    how: "SIGKILL after the first load's warehouse commit, before its report",
    leftBehind: (s) => {
      expect(pending(s)).toBe(s.manifests.length);
      expect(s.target?.rows).toBe(firstLoadInLedger(s));
    },
  },
  {
    point: 'load:after-commit',
    variant: 'mid-overlap',
    moreRows: 40_000,
    killedBy: 'outside',
    how:
      "a table of 44,000 rows (some 70 manifests): paused after the first load's warehouse commit, " +
      'before its report, while the extract goes on; SIGKILL from the test once the extract has committed more (ADR 0036)',
    // A self-kill raced the extract: a first load of one manifest could commit before the extract's second.
    whilePaused: extractCommittedMore,
    leftBehind: (s) => {
      expect(committedRows(s)).toBeLessThan(INITIAL_ROWS + 40_000);
      expect(pending(s)).toBe(s.manifests.length);
      expect(s.target?.rows).toBe(firstLoadInLedger(s));
      expect(s.ledger.size).toBeLessThan(s.manifests.length);
    },
  },
  {
    point: 'load:during-report',
    killedBy: 'outside',
    how: "paused once the store took the first load's report, which released its lease in the same transaction (ADR 0047), before the run wrote its report; SIGKILL from the test",
    leftBehind: (s) => {
      // Reported: the first load's manifests; the extract may have committed more meanwhile, which wait.
      firstLoadInLedger(s);
      expect(s.manifests.filter((m) => m.status === 'loaded').map((m) => m.body.id).sort()).toEqual([...s.ledger.keys()].sort());
      expect(pending(s)).toBe(s.manifests.length - s.ledger.size);
      expect(liveLeases(s)).not.toContain('load');
    },
  },
  {
    point: 'lease:held',
    killedBy: 'outside',
    how: 'paused right after taking the extract lease; SIGKILL from the test',
    leftBehind: (s) => {
      expect(liveLeases(s)).toEqual([]);
      // The dead holder had token 1: the sync started at once took its lease over with the next one.
      expect(extractToken(s)).toBe(2);
    },
    // Long enough that the sync started at the kill surely runs inside the dead holder's lease.
    leaseTtlSeconds: 30,
    meanwhile: async (s) => {
      const took = await s.sync();
      expect(took.stderr).not.toMatch(/is leased by/);
      expect(took.code).toBe(0);
      return `; a sync started at once took the dead holder's lease over (same host, pid gone): ${describeOutcome(took)}`;
    },
    // The re-run took the free lease with the next fencing token.
    afterRerun: (left, after) => expect(extractToken(after)).toBe((extractToken(left) as number) + 1),
  },
];

describe('the crash matrix: the binary SIGKILLed at each step of a sync, then re-run', () => {
  let world: CrashWorld;
  const matrix: MatrixRow[] = [];

  beforeAll(async () => {
    world = await CrashWorld.open('tm_crash_kill');
  });

  afterEach(() => CliProcess.killLeftovers());

  afterAll(async () => {
    console.log(formatMatrix('Kill points', matrix, world?.aliases));
    await world?.close();
  });

  async function killed(s: CrashScenario, c: KillCase): Promise<{ outcome: CliOutcome; seen: string }> {
    if (c.killedBy === 'self') return { outcome: await s.startWithFault(c.point, 'kill').finished(), seen: '' };
    const run = s.startWithFault(c.point, 'pause');
    await run.paused(c.point);
    const seen = (await c.whilePaused?.(s, world)) ?? '';
    return { outcome: await run.kill(), seen };
  }

  const mode = (c: KillCase) => c.loadMode ?? 'append';
  const title = (c: KillCase) => `${mode(c)}${c.variant ? `, ${c.variant}` : ''}`;
  it.each(CASES.map((c) => ({ ...c, title: title(c) })))('$point ($title): killed there, the re-run converges', async (c) => {
    const name = `${c.point.replace(/[:-]/g, '_')}${c.loadMode ? `_${c.loadMode}` : ''}${c.variant ? `_${c.variant.replace(/-/g, '_')}` : ''}`;
    const s = await world.scenario(name, { leaseTtlSeconds: c.leaseTtlSeconds, loadMode: mode(c) });
    if (c.moreRows) await s.source.add(c.moreRows);
    const { outcome, seen } = await killed(s, c);
    // A run that ended before its fault point shows how it ended.
    expect(outcome.signal ?? `${describeOutcome(outcome)}\n${outcome.stdout}${outcome.stderr}`).toBe('SIGKILL');
    // Merge mode: the re-run must also carry updates of rows the killed run had read.
    if (mode(c) === 'merge') await s.source.update(500);
    const meanwhile = seen + ((await c.meanwhile?.(s)) ?? '');

    const left = await s.state();
    expect(halfCommitted(left)).toEqual([]);
    c.leftBehind(left);

    const rerun = await rerunIntoMatrix(s, left, matrix, {
      fault: c.loadMode || c.variant ? `${c.point} (${[c.loadMode, c.variant].filter(Boolean).join(', ')})` : c.point,
      how: c.how,
      run: describeOutcome(outcome) + meanwhile,
    });
    c.afterRerun?.(left, rerun.state);
  });

  it('lease:held by a holder frozen past its TTL: a new run takes over with a newer token, the old one is fenced off', async () => {
    const s = await world.scenario('lease_frozen_holder');
    const stale = s.startWithFault('lease:held', 'pause');
    await stale.paused('lease:held');
    stale.signal('SIGSTOP'); // no more lease renewals: as if the host froze

    const waited = await s.leasesExpired();
    const takeover = await s.sync();
    expect(takeover.code).toBe(0);
    await s.source.add(100); // something for the stale holder to commit
    stale.signal('SIGCONT');
    stale.resume();
    const fenced = await stale.finished();
    expect(fenced.code).toBe(1);
    expect(fenced.stderr).toMatch(/fencing token 1 for \S+ \(extract\) is stale: the current token is 2/);

    const left = await s.state();
    expect(halfCommitted(left)).toEqual([]);
    expect(orphanFiles(left)).toBeGreaterThan(0); // it uploaded, its commit was refused

    await rerunIntoMatrix(s, left, matrix, {
      fault: 'lease:held (holder frozen past its TTL)',
      how: `paused at lease:held, then SIGSTOP; after ${waited.toFixed(1)} s another sync took the lease; the source grew; SIGCONT and resume`,
      run: `the new holder: ${describeOutcome(takeover)}; the frozen one, resumed: ${describeOutcome(fenced)}`,
    });
  });
});
