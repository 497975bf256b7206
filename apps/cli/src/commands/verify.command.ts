import { Command } from 'commander';
import { TableJobs } from '@tidemark/sync';
import {
  DEFAULT_LEAF_ROWS,
  describeVerification,
  settled,
  VerifyOptions,
  VerifyResult,
  verifyTable,
} from '@tidemark/verify';
import { formatCount } from '../output/format';
import { reportError } from '../output/report-error';
import { verifyInputs } from './stage-inputs';
import { requestedTables } from './sync.command';
import { TABLE_HELP } from './table-options';
import { positiveInt, withTidemark } from './with-tidemark';

interface VerifyFlags {
  pipeline: string;
  table?: string[];
  fix?: boolean;
  leafRows: number;
  json?: boolean;
}

/** Exit codes: 0 equal, 1 differences found (and not fixed), 2 an error (as `diff` and `cmp` do). */
const DIFFERENT = 1;
const FAILED = 2;

/** A progress line on stderr at most every two seconds: short runs print none. */
function progressPrinter(): VerifyOptions['onProgress'] {
  let last = Date.now();
  return (p) => {
    if (Date.now() - last < 2000) return;
    last = Date.now();
    process.stderr.write(
      `${p.table}: ${formatCount(p.rangesCompared)} ranges compared, ${formatCount(p.rangesLeft)} to go, ${formatCount(p.differences)} differing rows so far\n`,
    );
  };
}

export function registerVerifyCommand(program: Command): void {
  program
    .command('verify')
    .description(
      'compare source and warehouse by key-range checksums and name the missing, extra and different rows (exit 1 if any)',
    )
    .option('-p, --pipeline <name>', 'pipeline name', 'default')
    .option('-t, --table <key...>', `${TABLE_HELP} (repeatable; default: every table of the pipeline)`)
    .option(
      '--fix',
      "repair the differing rows in the warehouse from the source (under the table's load lease), then verify again",
    )
    .option(
      '--leaf-rows <n>',
      'compare a differing range row by row once it holds at most this many rows',
      positiveInt,
      DEFAULT_LEAF_ROWS,
    )
    .option('--json', 'print the results as JSON')
    .action(async (flags: VerifyFlags, command: Command) => {
      try {
        const results = await withTidemark(command, async (app) => {
          const inputs = verifyInputs(app);
          const jobs = app.get(TableJobs);
          const pipeline = jobs.pipeline(flags.pipeline);
          const out: VerifyResult[] = [];
          const tables = requestedTables(pipeline, flags) ?? pipeline.tables.map((t) => t.key);
          for (const table of tables) {
            const result = await verifyTable(inputs, jobs.job(pipeline, table), {
              fix: flags.fix,
              leafRows: flags.leafRows,
              onProgress: flags.json ? undefined : progressPrinter(),
            });
            if (!flags.json) process.stdout.write(describeVerification(result) + '\n');
            out.push(result);
          }
          return out;
        });
        if (flags.json) process.stdout.write(JSON.stringify(results, null, 2) + '\n');
        process.exitCode = results.every((r) => settled(r).equal) ? 0 : DIFFERENT;
      } catch (error) {
        reportError(error);
        process.exitCode = FAILED;
      }
    });
}
