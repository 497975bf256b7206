import { FaultPoint } from '@tidemark/fault-injection';
import { MYSQL } from '@tidemark/testing';
import { CliOutcome, CliProcess, runCli } from './cli-process.fixture';
import { describeOutcome, MatrixRow, plural } from './crash-matrix.fixture';
import { SourceTable } from './source-table.fixture';
import { describeLeftBehind, liveLeases, notConverged, TableState } from './table-state';
import { readTableState, StateSources } from './table-state.fixture';

/**
 * Short leases, so a dead run's lease expires within the test (the binary
 * accepts 3 to 3600); long enough that a busy machine never delays a live
 * run's renewal (every third of it) past the expiry.
 */
export const LEASE_TTL_SECONDS = 5;
/** Rows the source gains between the faulted run and the re-run, as a live source does. */
const RERUN_ROWS = 100;

export interface ScenarioRuns {
  /** PGAPPNAME of the scenario's runs: finds its warehouse backend in pg_stat_activity. */
  appName: string;
  leaseTtlSeconds: number;
}

export interface Rerun {
  outcome: CliOutcome;
  /** Every convergence problem found, validate-counts' complaints included; empty when the re-run converged. */
  problems: string[];
  /** For the matrix. */
  description: string;
  verdict: string;
  state: TableState;
}

/** One table, its own config and watermark store, and the runs of the real binary against them. */
export class CrashScenario {
  constructor(
    readonly source: SourceTable,
    readonly config: string,
    private readonly sources: StateSources,
    private readonly runs: ScenarioRuns,
  ) {}

  get appName(): string {
    return this.runs.appName;
  }

  get storeDatabase(): string | undefined {
    const { store } = this.sources;
    return store.type === 'postgres' ? new URL(store.url).pathname.slice(1) : undefined;
  }

  private env(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
    return {
      TEST_MYSQL_PASSWORD: MYSQL.password,
      TIDEMARK_LEASE_TTL_SECONDS: String(this.runs.leaseTtlSeconds),
      PGAPPNAME: this.runs.appName,
      ...extra,
    };
  }

  /** `tidemark sync -t <table>` running in the background. */
  start(env: NodeJS.ProcessEnv = {}): CliProcess {
    return CliProcess.start(this.config, ['sync', '-t', this.source.key], this.env(env));
  }

  /** A sync that SIGKILLs itself at `point`, or (pause) stops there until the test acts. */
  startWithFault(point: FaultPoint, action: 'kill' | 'pause'): CliProcess {
    return this.start({
      TIDEMARK_FAULT_POINT: point,
      ...(action === 'pause' ? { TIDEMARK_FAULT_ACTION: 'pause' } : {}),
    });
  }

  sync(): Promise<CliOutcome> {
    return this.start().finished();
  }

  cli(args: string[]): Promise<CliOutcome> {
    return runCli(this.config, args, this.env({}));
  }

  state(): Promise<TableState> {
    return readTableState(this.sources);
  }

  /** Waits until no lease of the table is live (a dead run's lease expires); returns the seconds waited. */
  async leasesExpired(timeoutMs = (this.runs.leaseTtlSeconds + 10) * 1000): Promise<number> {
    const started = Date.now();
    while (liveLeases(await this.state()).length > 0) {
      if (Date.now() - started > timeoutMs) throw new Error(`a lease of ${this.source.key} outlived ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 200));
    }
    return (Date.now() - started) / 1000;
  }

  /**
   * What an operator does after a failure: wait until the dead run's lease
   * expires, then sync again (the source has grown meanwhile). Then checks
   * convergence: target = source row by row, the watermark counts, the
   * ledger, and `watermark-count validate-counts`.
   */
  async rerun(before: TableState): Promise<Rerun> {
    const waited = await this.leasesExpired();
    await this.source.add(RERUN_ROWS);
    const outcome = await this.sync();
    const state = await this.state();
    const source = await this.source.digest();
    const target = await this.source.targetDigest(this.sources.pg);
    const counts = await this.cli(['watermark-count', 'validate-counts', '-t', this.source.key]);
    const problems = notConverged(state, source, target);
    if (counts.code !== 0) problems.push(`validate-counts exited ${counts.code}: ${counts.stdout}${counts.stderr}`);
    return {
      outcome,
      problems,
      description: describeRerun(outcome, waited, before, state),
      verdict:
        problems.length === 0
          ? `yes: ${plural(target.count, 'row')} = source; counts valid; ${plural(state.ledger.size, 'manifest')} each loaded once`
          : `NO: ${problems.join('; ')}`,
      state,
    };
  }
}

function describeRerun(outcome: CliOutcome, waited: number, before: TableState, after: TableState): string {
  const wait = waited >= 0.5 ? ` after ${waited.toFixed(1)} s waiting out the lease` : '';
  const extracted = (after.watermark?.extract.rowsExtracted ?? 0) - (before.watermark?.extract.rowsExtracted ?? 0);
  const loaded = after.manifests.filter((m) => m.status === 'loaded').length;
  const loadedBefore = before.manifests.filter((m) => m.status === 'loaded').length;
  const reconciled = [...before.ledger.keys()].filter(
    (id) => !before.manifests.some((m) => m.body.id === id && m.status === 'loaded'),
  );
  const parts = [
    `${plural(extracted, 'row')} extracted`,
    `${plural(loaded - loadedBefore - reconciled.length, 'manifest')} loaded`,
  ];
  if (reconciled.length > 0) parts.push(`${plural(reconciled.length, 'manifest')} only reported (found in the ledger)`);
  return `${describeOutcome(outcome)}${wait}: ${parts.join(', ')}`;
}

/** Re-runs the scenario and adds its matrix row (converged or not), then fails the test unless it converged. */
export async function rerunIntoMatrix(
  s: CrashScenario,
  left: TableState,
  matrix: MatrixRow[],
  row: Pick<MatrixRow, 'fault' | 'how' | 'run'>,
): Promise<Rerun> {
  const rerun = await s.rerun(left);
  matrix.push({ ...row, leftBehind: describeLeftBehind(left), rerun: rerun.description, converged: rerun.verdict });
  expect(rerun.outcome.code).toBe(0);
  expect(rerun.problems).toEqual([]);
  return rerun;
}
