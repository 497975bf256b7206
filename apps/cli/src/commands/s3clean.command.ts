import { Command, InvalidArgumentError, Option } from 'commander';
import {
  cleanPipeline,
  CleanOptions,
  cleanTable,
  CLEANUP_REASONS,
  CleanupSummary,
  KEEP_ALL,
  KeepRestorable,
  ObjectStatus,
  parseDuration,
  parseKeepRestorable,
  PipelineCleanup,
  TableCleanup,
  TableInventory,
  tableInventory,
  TableObject,
} from '@tidemark/object-cleanup';
import { badInput, isTidemarkError } from '@tidemark/errors';
import { TableJobs } from '@tidemark/sync';
import { formatBytes, formatCount } from '../output/format';
import { requestedTables } from './sync.command';
import { print, TABLE_HELP, TableFlags, tableCommand } from './table-options';
import { cleanupInputs } from './stage-inputs';
import { cliActor, withTidemark } from './with-tidemark';

interface Duration {
  text: string;
  ms: number;
}

interface CleanFlags {
  pipeline: string;
  olderThan?: Duration;
  yes?: boolean;
  pattern?: string;
  dryRun?: boolean;
  force?: boolean;
  keepRestorable: KeepRestorable;
  json?: boolean;
}

interface ListFlags {
  pipeline: string;
  table?: string[];
  showTimestamps?: boolean;
  json?: boolean;
}

/** A parse error of ours becomes commander's usage error (exit 2). */
function asArgument<T>(parse: (value: string) => T): (value: string) => T {
  return (value) => {
    try {
      return parse(value);
    } catch (error) {
      if (isTidemarkError(error)) throw new InvalidArgumentError(error.message);
      throw error;
    }
  };
}

const duration = asArgument((value): Duration => ({ text: value, ms: parseDuration(value) }));
const keepRestorable = asArgument(parseKeepRestorable);

const STATUSES: ObjectStatus[] = ['loaded', 'pending', 'superseded', 'orphaned'];

function columns(rows: string[][]): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) =>
    r
      .map((cell, i) => cell.padEnd(widths[i]))
      .join('  ')
      .trimEnd(),
  );
}

/**
 * The old `s3clean clean -t T` without --older-than deleted every loaded
 * file: here it means every age, confirmed with --yes, under the same
 * --keep-restorable (default all) as any clean (ADR 0030).
 */
function cleanOptionsOf(flags: CleanFlags): CleanOptions {
  if (!flags.olderThan && !flags.yes) {
    throw badInput(
      'cleaning without --older-than takes objects of every age: add --yes to confirm, or give --older-than DURATION',
    );
  }
  return {
    olderThanMs: flags.olderThan?.ms ?? 0,
    pattern: flags.pattern,
    dryRun: flags.dryRun,
    force: flags.force,
    keepRestorable: flags.keepRestorable,
    actor: cliActor(),
  };
}

const sumBytes = (objects: { bytes: number }[]) => objects.reduce((n, o) => n + o.bytes, 0);
const amount = (objects: { bytes: number }[]) =>
  `${formatCount(objects.length)} object(s), ${formatBytes(sumBytes(objects))}`;

function describeInventory(inv: TableInventory, showTimestamps: boolean): string {
  const title = `${inv.pipeline} / ${inv.table}: ${amount(inv.objects)} under ${inv.prefix}/`;
  if (inv.objects.length === 0) return title;
  const when = (o: TableObject) =>
    o.lastModified
      .toISOString()
      .replace('T', ' ')
      .slice(0, showTimestamps ? 23 : 10);
  const header = ['STATUS', 'SIZE', showTimestamps ? 'MODIFIED (UTC)' : 'MODIFIED', 'MANIFEST', 'KEY'];
  const rows = inv.objects.map((o) => [o.status, formatBytes(o.bytes), when(o), o.manifestId ?? '-', o.relativeKey]);
  // Skipped manifests (`tidemark manifest skip`) are rare: counted only when there are some.
  const skipped: ObjectStatus[] = inv.objects.some((o) => o.status === 'skipped') ? ['skipped'] : [];
  const totals = [...STATUSES, ...skipped].map((s) => `${s} ${amount(inv.objects.filter((o) => o.status === s))}`);
  return [title, ...columns([header, ...rows]), totals.join('; ')].join('\n');
}

function describeSummary(summary: CleanupSummary, dryRun: boolean): string[] {
  const label = (reason: string) => (dryRun && reason === 'deleted' ? 'would delete' : reason);
  return columns(
    CLEANUP_REASONS.map((r) => [
      label(r),
      `${formatCount(summary[r].objects)} object(s)`,
      formatBytes(summary[r].bytes),
    ]),
  );
}

function describeTableCleanup(c: TableCleanup, flags: CleanFlags): string[] {
  const age = flags.olderThan ? `older than ${flags.olderThan.text}` : 'every age (no --older-than)';
  const rules = [age, ...(flags.pattern ? [`pattern "${flags.pattern}"`] : [])];
  if (flags.force) rules.push('--force');
  rules.push(`keep restorable: ${c.keepRestorable}`);
  if (c.dryRun) rules.push('dry run');
  const gone = c.objects.filter((o) => o.reason === 'deleted');
  const registeredGone = gone.some((o) => o.status === 'loaded' || o.status === 'superseded');
  const warning =
    c.keepRestorable === 'none' && registeredGone
      ? [
          `  --keep-restorable none: ${c.dryRun ? 'would delete' : 'deleted'} files of registered manifests; a reload or restore that needs them ${c.dryRun ? 'would' : 'can'} no longer rebuild the table (\`tidemark status\` shows how far back it still can)`,
        ]
      : [];
  return [
    `${c.pipeline} / ${c.table} (${c.prefix}/): ${rules.join(', ')}`,
    ...warning,
    ...gone.map(
      (o) => `  ${c.dryRun ? 'would delete' : 'deleted'}  ${o.status}  ${formatBytes(o.bytes)}  ${o.relativeKey}`,
    ),
    ...describeSummary(c.summary, c.dryRun).map((line) => `  ${line}`),
  ];
}

function describePipelineCleanup(p: PipelineCleanup, flags: CleanFlags): string {
  if (p.tables.length === 0) return `Pipeline ${p.pipeline} has no synced tables: nothing to clean.`;
  const lines = p.tables.flatMap((t) => describeTableCleanup(t, flags));
  lines.push(
    `All ${p.tables.length} table(s) of pipeline ${p.pipeline}:`,
    ...describeSummary(p.summary, p.dryRun).map((l) => `  ${l}`),
  );
  return lines.join('\n');
}

function cleanOptions(command: Command): Command {
  return command
    .option(
      '--older-than <duration>',
      'only objects last modified longer ago than this: 30s, 15m, 12h, 7d, 2w (without it: every age, with --yes)',
      duration,
    )
    .option('--yes', 'confirm a clean without --older-than (the old form: every loaded file)')
    .option(
      '--pattern <glob>',
      'only keys (relative to the table folder) matching this glob; "*.parquet" matches any folder',
    )
    .option('--dry-run', 'print what would be deleted and delete nothing')
    .option('--force', 'also delete files of manifests that are not loaded yet (pending)')
    .addOption(
      new Option(
        '--keep-restorable <all|DURATION|none>',
        'keep the files reload and restore need: all = every restore point, 30d = the current state and the last 30 days, none = keep nothing for restore',
      )
        .argParser(keepRestorable)
        .default(KEEP_ALL, 'all'),
    );
}

export function registerS3cleanCommand(program: Command): void {
  const s3clean = program
    .command('s3clean')
    .description('list and delete Parquet files and manifests that are no longer needed in the object store');

  s3clean
    .command('list')
    .description('every object of a table: size, date, and whether it is loaded, pending, superseded or orphaned')
    .option('-p, --pipeline <name>', 'pipeline name', 'default')
    .option('-t, --table <key...>', `${TABLE_HELP} (repeatable; default: every table of the pipeline)`)
    .option('--show-timestamps', 'show the full time of each object (UTC), not only the date')
    .option('--json', 'print as JSON')
    .action(async (flags: ListFlags, command: Command) => {
      const inventories = await withTidemark(command, async (app) => {
        const pipeline = app.get(TableJobs).pipeline(flags.pipeline);
        const out: TableInventory[] = [];
        for (const table of requestedTables(pipeline, flags) ?? pipeline.tables.map((t) => t.key))
          out.push(await tableInventory(cleanupInputs(app), pipeline, table));
        return out;
      });
      // One -t prints one inventory, as before; a pipeline or several tables print a list.
      const single = flags.table?.length === 1;
      print(flags, single ? inventories[0] : inventories, () =>
        inventories.map((inv) => describeInventory(inv, Boolean(flags.showTimestamps))).join('\n\n'),
      );
    });

  cleanOptions(
    tableCommand(
      s3clean,
      'clean',
      "delete a table's loaded, superseded and orphaned objects older than a threshold that no restore needs",
    ),
  ).action(async (flags: TableFlags & CleanFlags, command: Command) => {
    const options = cleanOptionsOf(flags);
    const result = await withTidemark(command, (app) =>
      cleanTable(cleanupInputs(app), app.get(TableJobs).pipeline(flags.pipeline), flags.table, options),
    );
    print(flags, result, (c) => describeTableCleanup(c, flags).join('\n'));
  });

  cleanOptions(
    s3clean
      .command('clean-all')
      .description('`clean` for every synced table of a pipeline')
      .option('-p, --pipeline <name>', 'pipeline name', 'default')
      .option('--json', 'print as JSON'),
  ).action(async (flags: CleanFlags, command: Command) => {
    const options = cleanOptionsOf(flags);
    const result = await withTidemark(command, (app) =>
      cleanPipeline(cleanupInputs(app), app.get(TableJobs).pipeline(flags.pipeline), options),
    );
    print(flags, result, (p) => describePipelineCleanup(p, flags));
  });
}
