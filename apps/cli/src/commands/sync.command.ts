import { Command, Option } from 'commander';
import { SyncResult, syncTable } from '@tidemark/sync';
import { formatBytes, formatCount } from '../output/format';
import { positiveInt, withContext } from './with-context';

interface SyncFlags {
  pipeline: string;
  table: string[];
  backupOnly?: boolean;
  redshiftOnly?: boolean;
  limit?: number;
  maxChunks?: number;
  json?: boolean;
}

function describe(r: SyncResult): string[] {
  const lines: string[] = [];
  if (r.extract) {
    const e = r.extract;
    lines.push(
      `${r.table}: extracted ${formatCount(e.rows)} rows into ${e.files} file(s), ${formatBytes(e.bytes)}, in ${e.seconds.toFixed(1)} s`,
    );
  }
  if (r.load) {
    const l = r.load;
    const reconciled = l.manifestsReconciled ? ` (${l.manifestsReconciled} already in the warehouse ledger, only reported)` : '';
    lines.push(
      `${r.table}: loaded ${formatCount(l.rowsStaged)} rows from ${l.manifestsLoaded} manifest(s) into ${l.target} in ${l.seconds.toFixed(1)} s${reconciled}`,
    );
  }
  return lines;
}

export function registerSyncCommand(program: Command): void {
  program
    .command('sync')
    .description('extract new and changed rows, then load them into the warehouse')
    .option('-p, --pipeline <name>', 'pipeline name', 'default')
    .requiredOption('-t, --table <key...>', 'table as SCHEMA.TABLE or CONNECTION:SCHEMA.TABLE (repeatable)')
    .addOption(new Option('--backup-only', 'extract only (to Parquet files and manifests)').conflicts('redshiftOnly'))
    .option('--redshift-only', 'load registered manifests only; opens no MySQL connection')
    .option('--limit <rows>', 'extract at most this many rows this run (loading is never limited)', positiveInt)
    .option('--max-chunks <n>', 'extract at most this many keyset pages this run', positiveInt)
    .option('--json', 'print the results as JSON')
    .action(async (flags: SyncFlags, command: Command) => {
      const results = await withContext(command, async (ctx) => {
        const out: SyncResult[] = [];
        for (const table of flags.table) {
          out.push(
            await syncTable(ctx, flags.pipeline, table, {
              extract: !flags.redshiftOnly,
              load: !flags.backupOnly,
              limitRows: flags.limit,
              maxChunks: flags.maxChunks,
              onProgress: flags.json
                ? undefined
                : (p) => process.stderr.write(`${p.tableKey}: ${formatCount(p.rows)} rows in ${p.files} file(s) so far\n`),
            }),
          );
        }
        return out;
      });
      if (flags.json) process.stdout.write(JSON.stringify(results, null, 2) + '\n');
      else for (const r of results) for (const line of describe(r)) process.stdout.write(line + '\n');
    });
}
