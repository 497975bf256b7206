import { Command, Option } from 'commander';
import { warehouseCounts } from '@tidemark/loading';
import { TableJobs, WarehouseConnection, WatermarkConnection } from '@tidemark/sync';
import { CountCheck } from '@tidemark/watermark-model';
import { formatCount } from '../output/format';
import { describeWatermark } from '../output/watermark-view';
import { print, TableFlags, tableCommand, tableIdOf } from './table-options';
import { cliActor, wholeNumber, withTidemark, withWatermarks } from './with-tidemark';

interface CountReport {
  checks: Record<string, CountCheck & { warehouse?: number }>;
  targetRows: number | null;
  ok: boolean;
}

function describeReport(r: CountReport): string {
  const lines = Object.entries(r.checks).map(([name, c]) => {
    const warehouse = c.warehouse === undefined ? '' : `, warehouse ledger ${formatCount(c.warehouse)}`;
    const ok = c.recorded === c.fromManifests && (c.warehouse === undefined || c.warehouse === c.recorded);
    return `  ${ok ? 'ok      ' : 'MISMATCH'}  ${name.padEnd(14)} recorded ${formatCount(c.recorded)}, manifests ${formatCount(c.fromManifests)}${warehouse}`;
  });
  const target =
    r.targetRows === null
      ? 'the target table does not exist yet'
      : `the target table holds ${formatCount(r.targetRows)} rows (one per key)`;
  return [
    ...lines,
    `  ${target}`,
    r.ok ? 'Counts agree.' : 'Counts disagree: fix them with `tidemark watermark-count set-count`.',
  ].join('\n');
}

interface SetCountFlags extends TableFlags {
  stage?: 'extract' | 'load';
  mode: 'set' | 'add' | keyof typeof OLD_MODES;
  rows?: number;
  count?: number;
  files?: number;
}

/** The old tool's `--mode` names. */
const OLD_MODES = { absolute: 'set', additive: 'add' } as const;

/**
 * The old tool kept one row count, the extracted rows: its `--count N` sets
 * the extract stage's rows unless --stage says otherwise (said on stderr).
 */
function countUpdateOf(flags: SetCountFlags, command: Command) {
  const mode = flags.mode === 'absolute' || flags.mode === 'additive' ? OLD_MODES[flags.mode] : flags.mode;
  if (flags.stage === undefined && flags.count === undefined) command.error("error: required option '--stage <stage>' not specified");
  const stage = flags.stage ?? 'extract';
  if (flags.stage === undefined) {
    process.stderr.write(
      'note: the old form --count sets the extract stage rows; for the load stage give --stage load --rows N\n',
    );
  }
  return { stage, mode, rows: flags.rows ?? flags.count, files: flags.files };
}

export function registerWatermarkCountCommand(program: Command): void {
  const count = program.command('watermark-count').description("check and correct a watermark's row and file counts");

  tableCommand(count, 'set-count', 'set (or, with --mode add, change) the counts of one stage')
    .addOption(new Option('--stage <stage>', 'which stage (the old form --count alone: extract)').choices(['extract', 'load']))
    .addOption(
      new Option('--mode <mode>', 'set the value or add to it (the old absolute/additive too)')
        .choices(['set', 'add', ...Object.keys(OLD_MODES)])
        .default('set'),
    )
    .option('--rows <n>', 'rows extracted or loaded', wholeNumber)
    .addOption(new Option('--count <n>', 'the old name of --rows').argParser(wholeNumber).conflicts('rows'))
    .option('--files <n>', 'files created (extract) or manifests loaded (load)', wholeNumber)
    .action(async (flags: SetCountFlags, command: Command) => {
      const update = countUpdateOf(flags, command);
      const w = await withWatermarks(command, (api) => api.updateCounts(tableIdOf(flags, command), update, cliActor()));
      print(flags, w, describeWatermark);
    });

  tableCommand(
    count,
    'validate-counts',
    "compare the watermark's counts with its manifests and the warehouse ledger",
  ).action(async (flags: TableFlags, command: Command) => {
    const id = tableIdOf(flags, command);
    const report = await withTidemark(command, async (app): Promise<CountReport> => {
      const fromStore = await (await app.get(WatermarkConnection).api()).validateCounts(id);
      const { target } = app.get(TableJobs).job(id.pipeline, id.table);
      const connection = app.get(WarehouseConnection);
      const warehouse = await warehouseCounts(
        await connection.warehouse(),
        connection.dialect,
        { schema: target.targetSchema, table: target.targetTable },
        id.pipeline,
        id.table,
        fromStore.countsSince.load,
      );
      const { countsSince: _since, ...storeChecks } = fromStore;
      const checks = {
        ...storeChecks,
        loadRows: { ...fromStore.loadRows, warehouse: warehouse.ledgerRows },
        loadManifests: { ...fromStore.loadManifests, warehouse: warehouse.ledgerManifests },
      };
      const ok = Object.values(checks).every(
        (c: CountCheck & { warehouse?: number }) =>
          c.recorded === c.fromManifests && (c.warehouse === undefined || c.warehouse === c.recorded),
      );
      return { checks, targetRows: warehouse.targetRows, ok };
    });
    print(flags, report, describeReport);
    if (!report.ok) process.exitCode = 1;
  });
}
