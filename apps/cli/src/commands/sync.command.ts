import { Command, InvalidArgumentError, Option } from 'commander';
import { badInput } from '@tidemark/errors';
import { newRunId } from '@tidemark/extraction';
import { INestApplicationContext } from '@nestjs/common';
import { PipelineRunner, TableJob, TableJobs, TableOutcome, TablePreview, TableSync, TIDEMARK_CONFIG } from '@tidemark/sync';
import { PipelineConfig, TidemarkConfig } from '@tidemark/config';
import { verifyTable } from '@tidemark/verify';
import { describePreview } from '../output/preview-view';
import { progressDisplay } from '../output/progress-display';
import { buildRunReport, reportedError, RunReport, VerificationReport, writeRunReport } from '../output/run-report';
import { describeRun, errorLines, warningLines } from '../output/run-summary';
import { verifyInputs } from './stage-inputs';
import { positiveInt, withTidemark } from './with-tidemark';

/** The flags of every command that runs a pipeline's tables (`sync`, `backup`, `resync`). */
export interface TableSelectionFlags {
  pipeline: string;
  table?: string[];
  parallel?: number;
  json?: boolean;
  debug?: boolean;
}

/** …and of the commands that may extract in steps (`sync`, `backup`). */
export interface TableRunFlags extends TableSelectionFlags {
  limit?: number;
  maxChunks?: number;
}

interface SyncFlags extends TableRunFlags {
  backupOnly?: boolean;
  redshiftOnly?: boolean;
  dryRun?: boolean;
  verifyData?: boolean;
}

const MAX_PARALLEL = 64;

function parallelCount(value: string): number {
  const n = positiveInt(value);
  if (n > MAX_PARALLEL) throw new InvalidArgumentError(`"${value}" is more than ${MAX_PARALLEL} tables at once`);
  return n;
}

/** Adds the options every command that runs tables has: which tables, how many at once, and the output. */
export function addTableSelectionOptions(command: Command): Command {
  return addRunOutputOptions(addPipelineTableOptions(command));
}

/** Adds the options `sync` and `backup` share; an option only one of them has goes on that command. */
export function addTableRunOptions(command: Command): Command {
  return addRunOutputOptions(
    addPipelineTableOptions(command)
      .hook('preAction', (_command, action) => refuseOldLimitProduct(action.opts<TableRunFlags>(), action))
      .option(
        '--limit <rows>',
        'extract at most this many rows per table this run (loading is never limited)',
        positiveInt,
      )
      .option('--max-chunks <n>', 'extract at most this many keyset pages per table this run', positiveInt),
  );
}

/**
 * The old tool's `--limit` was the rows per chunk, so `--limit 100
 * --max-chunks 5` read 500 rows; here --limit caps the whole run. The pair
 * is refused with the total spelled out rather than read a fifth as much.
 */
function refuseOldLimitProduct(flags: TableRunFlags, command: Command): void {
  if (flags.limit === undefined || flags.maxChunks === undefined) return;
  command.error(
    `error: --limit is the rows of the whole run in Tidemark, not the rows per chunk as in the old tool: ` +
      `for the old --limit ${flags.limit} --max-chunks ${flags.maxChunks} give --limit ${flags.limit * flags.maxChunks}, ` +
      `or --max-chunks ${flags.maxChunks} alone for ${flags.maxChunks} pages of batchSize rows`,
  );
}

function addPipelineTableOptions(command: Command): Command {
  return command
    .option('-p, --pipeline <name>', 'pipeline name', 'default')
    .option(
      '-t, --table <key...>',
      'table as SCHEMA.TABLE or CONNECTION:SCHEMA.TABLE (repeatable; default: every table of the pipeline)',
    );
}

function addRunOutputOptions(command: Command): Command {
  return command
    .option(
      '--parallel <n>',
      `tables worked at once, 1 to ${MAX_PARALLEL} (default: parallelTables from the config)`,
      parallelCount,
    )
    .option('--json', 'print the run report as JSON on stdout')
    .option('--debug', 'print every step of the run and the stack of every error on stderr');
}

/** The tables named with -t, or undefined for all of the pipeline's; a pipeline that lists none is an error. */
export function requestedTables(pipeline: PipelineConfig, flags: TableSelectionFlags): string[] | undefined {
  if (flags.table) return flags.table;
  if (pipeline.tables.length > 0) return undefined;
  throw badInput(
    `pipeline "${flags.pipeline}" lists no tables: name them with -t SCHEMA.TABLE, or list them under tables: in config/pipelines/${flags.pipeline}.yml`,
  );
}

/** The selected tables, each once (by its resolved key), resolved and so checked before anything runs. */
export function selectedJobs(app: INestApplicationContext, flags: TableSelectionFlags): TableJob[] {
  const jobs = app.get(TableJobs);
  const pipeline = jobs.pipeline(flags.pipeline);
  const keys = requestedTables(pipeline, flags) ?? pipeline.tables.map((t) => t.key);
  const byKey = new Map(keys.map((key) => jobs.job(pipeline, key)).map((job) => [job.target.key, job]));
  return [...byKey.values()];
}

function saveReport(report: RunReport): void {
  try {
    writeRunReport(report);
  } catch (error) {
    process.stderr.write(`warning: could not write the run report ${report.reportFile}: ${(error as Error).message}\n`);
  }
}

type Verification = (
  app: INestApplicationContext,
  flags: TableRunFlags,
  outcomes: TableOutcome[],
) => Promise<VerificationReport[]>;

/** `runTables` in an app context of its own. */
export function runTablesCommand(
  command: Command,
  name: string,
  flags: TableRunFlags,
  stages: { extract: boolean; load: boolean },
  verify?: Verification,
): Promise<void> {
  return withTidemark(command, (app) => runTables(app, name, flags, stages, verify));
}

/**
 * Runs the pipeline's tables (extract, load or both), shows progress on
 * stderr, writes the run report to the log directory, prints the summary
 * (or with --json the report, even for a run refused before its tables) on
 * stdout, one error line per failed table on stderr, and sets the exit code:
 * 0 only when every table succeeded.
 */
export async function runTables(
  app: INestApplicationContext,
  name: string,
  flags: TableRunFlags,
  stages: { extract: boolean; load: boolean },
  verify?: Verification,
): Promise<void> {
  const startedAt = new Date();
  const runId = newRunId(startedAt);
  const config = app.get<TidemarkConfig>(TIDEMARK_CONFIG);
  const parallel = flags.parallel ?? config.parallelTables;
  const display = progressDisplay(process.stderr, flags);
  const failures = new Map<string, unknown>();
  let outcomes: TableOutcome[] = [];
  let runError: unknown;
  try {
    outcomes = await app.get(PipelineRunner).run(flags.pipeline, {
      ...stages,
      tables: requestedTables(app.get(TableJobs).pipeline(flags.pipeline), flags),
      parallel,
      limitRows: flags.limit,
      maxChunks: flags.maxChunks,
      estimateRows: display.showsEta,
      onEvent: (event) => {
        if (event.type === 'table-finished' && event.error !== undefined)
          failures.set(event.outcome.table, event.error);
        display.onEvent(event);
      },
    });
  } catch (error) {
    runError = error;
  } finally {
    display.close();
  }
  const verification = verify && runError === undefined ? await verify(app, flags, outcomes) : undefined;
  const report = buildRunReport({
    runId,
    command: name,
    pipeline: flags.pipeline,
    options: { ...flags, table: flags.table ?? null, parallel, ...stages },
    startedAt,
    finishedAt: new Date(),
    outcomes,
    failures,
    runError,
    verification,
    logDirectory: config.logDirectory,
  });
  saveReport(report);
  if (flags.json) process.stdout.write(JSON.stringify(report, null, 2) + '\n');
  if (runError !== undefined) throw runError;
  if (!flags.json) process.stdout.write(describeRun(report) + '\n');
  for (const line of [...warningLines(report), ...errorLines(report)]) process.stderr.write(line + '\n');
  process.exitCode = report.exitCode;
}

/** `sync --dry-run`: what each table's run would read and load, changing nothing. */
async function dryRunCommand(
  command: Command,
  flags: TableRunFlags,
  stages: { extract: boolean; load: boolean },
): Promise<void> {
  const previews = await withTidemark(command, async (app) => {
    const jobs = app.get(TableJobs);
    const pipeline = jobs.pipeline(flags.pipeline);
    const tables = requestedTables(pipeline, flags) ?? pipeline.tables.map((t) => t.key);
    const out: TablePreview[] = [];
    for (const table of tables) {
      const job = jobs.job(pipeline, table);
      out.push(
        await app.get(TableSync).preview(job, { ...stages, limitRows: flags.limit, maxChunks: flags.maxChunks }),
      );
    }
    return out;
  });
  process.stdout.write(
    (flags.json ? JSON.stringify(previews, null, 2) : previews.map(describePreview).join('\n\n')) + '\n',
  );
}

/**
 * `sync --verify-data`: compares every table that synced with its source,
 * before the run report is written, so the report and the exit code say
 * what the comparison found. One table's failure to compare does not stop
 * the others'.
 */
async function verifySynced(
  app: INestApplicationContext,
  flags: TableRunFlags,
  outcomes: TableOutcome[],
): Promise<VerificationReport[]> {
  const inputs = verifyInputs(app);
  const jobs = app.get(TableJobs);
  const pipeline = jobs.pipeline(flags.pipeline);
  const out: VerificationReport[] = [];
  for (const outcome of outcomes.filter((o) => o.status === 'success')) {
    try {
      const result = await verifyTable(inputs, jobs.job(pipeline, outcome.table));
      out.push({ table: outcome.table, result, error: null });
    } catch (error) {
      out.push({ table: outcome.table, result: null, error: reportedError(error) });
    }
  }
  return out;
}

export function registerSyncCommand(program: Command): void {
  const sync = program.command('sync').description('extract new and changed rows, then load them into the warehouse');
  addTableRunOptions(sync)
    .addOption(new Option('--backup-only', 'extract only (to Parquet files and manifests)').conflicts('redshiftOnly'))
    .addOption(
      new Option('--redshift-only', 'load registered manifests only; opens no MySQL connection').conflicts([
        'limit',
        'maxChunks',
      ]),
    )
    .addOption(
      new Option(
        '--dry-run',
        'print the query bounds, the manifests that would load and the DDL; change nothing',
      ).conflicts('verifyData'),
    )
    .option('--verify-data', 'after the sync, compare each synced table with its source (as `tidemark verify`)')
    .argument('[pipeline]', 'the old form `sync pipeline -p P -t T`: the word pipeline, which changes nothing')
    .action((oldForm: string | undefined, flags: SyncFlags, command: Command) => {
      if (oldForm !== undefined && oldForm !== 'pipeline') {
        command.error(
          `error: \`sync ${oldForm}\` is not a Tidemark command: use tidemark sync -p PIPELINE -t TABLE (the old \`sync pipeline\` form is accepted too)`,
        );
      }
      const stages = { extract: !flags.redshiftOnly, load: !flags.backupOnly };
      if (flags.dryRun) return dryRunCommand(command, flags, stages);
      return runTablesCommand(command, 'sync', flags, stages, flags.verifyData ? verifySynced : undefined);
    });
}
