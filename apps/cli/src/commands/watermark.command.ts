import { writeFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { badInput, notFound } from '@tidemark/errors';
import { loadModeIn, tableConfigIn, TidemarkConfig } from '@tidemark/config';
import { TIDEMARK_CONFIG, WatermarkConnection } from '@tidemark/sync';
import {
  describeNextRun,
  describeRestorablePoint,
  parseBinlogPositionInput,
  parseCursorInput,
  parseKeyInput,
  parsePipelineName,
  parseTableId,
  readRestorablePoint,
  ResetStage,
  StageStatus,
  TableId,
} from '@tidemark/watermark-model';
import { describeImportedFiles } from '../output/watermark-import-view';
import { describeHistory, describeList, describeManifests, describeWatermark } from '../output/watermark-view';
import {
  configuredPipeline,
  optionalTableCommand,
  print,
  TABLE_HELP,
  TableFlags,
  tableCommand,
  oneTable,
  tableIdOf,
} from './table-options';
import { registerImport } from './watermark-import.command';
import { cliActor, positiveInt, withTidemark, withWatermarks } from './with-tidemark';

function resetStageOf(flags: { mysqlOnly?: boolean; redshiftOnly?: boolean }): ResetStage {
  if (flags.mysqlOnly) return 'extract';
  if (flags.redshiftOnly) return 'load';
  return 'all';
}

interface ResetFlags {
  pipeline: string;
  table?: string[];
  mysqlOnly?: boolean;
  redshiftOnly?: boolean;
  yes?: boolean;
  force?: boolean;
  json?: boolean;
}

/** The tables a reset names: each -t, or with `-p P` alone every configured table of P (as `sync -p P`). */
function tablesToReset(flags: ResetFlags, command: Command): TableId[] {
  if (flags.table) return flags.table.map((table) => tableIdOf({ pipeline: flags.pipeline, table }, command));
  const pipeline = configuredPipeline(command, parsePipelineName(flags.pipeline));
  if (pipeline.tables.length === 0) {
    throw badInput(
      `pipeline "${flags.pipeline}" lists no tables: name them with -t SCHEMA.TABLE, or list them under tables: in config/pipelines/${flags.pipeline}.yml`,
    );
  }
  return pipeline.tables.map((t) => parseTableId(pipeline.name, t.key));
}

function registerReset(watermark: Command, name: string, description: string): void {
  watermark
    .command(name)
    .description(description)
    .option('-p, --pipeline <name>', 'pipeline name', 'default')
    .option('-t, --table <key...>', `${TABLE_HELP} (repeatable; with -p alone: every table of the pipeline)`)
    .addOption(new Option('--mysql-only', 'reset the extract stage only').conflicts('redshiftOnly'))
    .option('--redshift-only', 'reset the load stage only')
    .option('--yes', 'confirm: a reset is final')
    .option('--force', 'the old name of --yes')
    .option('--json', 'print as JSON')
    .action(async (flags: ResetFlags, command: Command) => {
      const confirmed = Boolean(flags.yes || flags.force);
      if (!flags.table && command.getOptionValueSource('pipeline') !== 'cli') {
        if (flags.mysqlOnly || flags.redshiftOnly) {
          throw badInput(
            `--${flags.mysqlOnly ? 'mysql' : 'redshift'}-only resets one stage of a table: name it with -t TABLE (or every table of a pipeline with -p PIPELINE)`,
          );
        }
        return resetDefault(confirmed, command);
      }
      const ids = tablesToReset(flags, command);
      const stage = resetStageOf(flags);
      if (!confirmed) {
        const what = ids.length === 1 ? `${ids[0].pipeline} / ${ids[0].table}` : `${ids.length} table(s) of pipeline ${ids[0].pipeline} (${ids.map((id) => id.table).join(', ')})`;
        throw badInput(
          `resetting ${stage === 'all' ? 'both stages' : `the ${stage} stage`} of ${what} is final: add --yes to confirm (the old --force works too)`,
        );
      }
      const reset = await withWatermarks(command, async (api) => {
        const out = [];
        for (const id of ids) out.push(await api.reset(id, stage, cliActor()));
        return out;
      });
      print(flags, reset.length === 1 ? reset[0] : reset, () => reset.map((w) => describeWatermark(w)).join('\n\n'));
    });
}

interface SetFlags {
  pipeline: string;
  timestamp?: string;
  id?: string[];
  preset?: string;
  position?: string;
  gtid?: string;
  json?: boolean;
}

/** A binlog table streams from the given commit position on its next run (ADR 0041). */
async function setBinlogPosition(id: TableId, flags: SetFlags, command: Command): Promise<void> {
  if (flags.timestamp !== undefined || flags.id !== undefined) {
    throw badInput('--position sets a binlog table: give it without --timestamp or --id');
  }
  const binlogPosition = parseBinlogPositionInput(flags.position ?? '', flags.gtid);
  const w = await withWatermarks(command, (api) => api.setCursor(id, { binlogPosition }, cliActor()));
  print(flags, w, describeWatermark);
}

/** The old `watermark reset` without -t or -p: clears the system default watermark. */
async function resetDefault(confirmed: boolean, command: Command): Promise<void> {
  if (!confirmed) {
    throw badInput(
      'resetting the default watermark (no -t or -p given) makes new tables start at their beginning: add --yes to confirm (the old --force works too), or name a table with -t',
    );
  }
  await clearDefault(command);
}

export function registerWatermarkCommand(program: Command): void {
  const watermark = program.command('watermark').description('show and manage per-table watermarks');

  optionalTableCommand(
    watermark,
    'get',
    "show a table's watermark: both stages and where the next run starts (without -t: the default watermark)",
  )
    .option('--show-files', 'also list every manifest and its files')
    .action(async (flags: Partial<TableFlags> & { pipeline: string; showFiles?: boolean }, command: Command) => {
      if (flags.table === undefined) {
        refusePipelineWithoutTable('get', flags.pipeline, command);
        return getDefault(flags, command);
      }
      const id = tableIdOf({ pipeline: flags.pipeline, table: flags.table }, command);
      const { w, manifests, restorable, nextRun } = await withTidemark(command, async (app) => {
        const api = await app.get(WatermarkConnection).api();
        const w = await api.get(id);
        if (!w) return { w };
        const config = app.get<TidemarkConfig>(TIDEMARK_CONFIG);
        const appendMode = loadModeIn(config, id.pipeline, id.table) === 'append';
        const { strategy } = tableConfigIn(config, id.pipeline, id.table);
        return {
          w,
          manifests: flags.showFiles ? await api.manifests(id) : undefined,
          restorable: await readRestorablePoint(api, id, appendMode),
          nextRun: describeNextRun(w.extract.cursor, strategy, await api.getDefaultWatermark()),
        };
      });
      if (!w) throw notFound(`no watermark for ${id.pipeline} / ${id.table}: it has never been synced`);
      if (flags.json) print(flags, { ...w, restorable, ...(manifests ? { manifests } : {}) }, () => '');
      else
        print(flags, w, (v) =>
          [
            describeWatermark(v, nextRun),
            ...(restorable ? [`Restorable from: ${describeRestorablePoint(restorable)}`] : []),
            ...(manifests ? [describeManifests(manifests), ...describeImportedFiles(v)] : []),
          ].join('\n'),
        );
    });

  watermark
    .command('list')
    .description('all watermarks, optionally of one pipeline or status')
    .option('-p, --pipeline <name>', 'only this pipeline')
    .addOption(
      new Option('--status <status>', 'only tables with a stage in this status').choices([
        'pending',
        'in_progress',
        'success',
        'failed',
      ]),
    )
    .option('--json', 'print as JSON')
    .action(async (flags: { pipeline?: string; status?: StageStatus; json?: boolean }, command: Command) => {
      const pipeline = flags.pipeline === undefined ? undefined : parsePipelineName(flags.pipeline);
      const list = await withWatermarks(command, (api) => api.list({ pipeline, status: flags.status }));
      print(flags, list, describeList);
    });

  optionalTableCommand(
    watermark,
    'set',
    'set where the next run starts (the watermark is marked manual_cli; without -t: the default watermark)',
  )
    .option('--timestamp <ts>', 'cursor timestamp: YYYY-MM-DD[ HH:MM:SS[.ffffff]][Z|±HH:MM], UTC without offset')
    .option('--id <value...>', 'primary key value(s) of the last row already synced')
    .option('--preset <p>', 'without -t only: the default watermark relative to each run, as `watermark default set`')
    .option('--position <file:pos>', 'binlog tables: the commit position to stream from, e.g. mysql-bin.000042:1234')
    .option('--gtid <gtid>', 'with --position: the GTID position at that point, e.g. 0-1-42')
    .action(async (flags: Partial<TableFlags> & SetFlags, command: Command) => {
      if (flags.table === undefined) {
        refusePipelineWithoutTable('set', flags.pipeline, command);
        if (flags.id !== undefined) throw badInput('--id needs the table it belongs to: add -t SCHEMA.TABLE');
        return setDefault(flags, command);
      }
      if (flags.preset !== undefined) {
        throw badInput('--preset sets the default watermark, for tables that have none: drop -t (or use `tidemark watermark default set --preset`)');
      }
      const id = tableIdOf({ pipeline: flags.pipeline, table: flags.table }, command);
      if (flags.position !== undefined) return setBinlogPosition(id, flags, command);
      if (flags.gtid !== undefined) throw badInput('--gtid goes with --position FILE:POS');
      if (flags.timestamp === undefined && flags.id === undefined) {
        throw badInput('give --timestamp, --id, or both (binlog tables: --position FILE:POS)');
      }
      const cursor = {
        timestamp: flags.timestamp === undefined ? undefined : parseCursorInput(flags.timestamp),
        primaryKey: flags.id?.map(parseKeyInput),
      };
      const w = await withWatermarks(command, (api) => api.setCursor(id, cursor, cliActor()));
      print(flags, w, describeWatermark);
    });

  registerReset(watermark, 'reset', 'start a table over: both stages, or one with --mysql-only / --redshift-only');
  registerReset(watermark, 'force-reset', 'the old name of reset; the same final effect');

  tableCommand(watermark, 'history', 'every change of a watermark, oldest first').action(
    async (flags: TableFlags, command: Command) => {
      const entries = await withWatermarks(command, (api) => api.history(tableIdOf(flags, command)));
      print(flags, entries, describeHistory);
    },
  );

  tableCommand(watermark, 'restore', 'bring back the state after history entry N, as a new change')
    .requiredOption('--version <n>', 'history entry number (see `watermark history`)', positiveInt)
    .action(async (flags: TableFlags & { version: number }, command: Command) => {
      const w = await withWatermarks(command, (api) => api.restore(tableIdOf(flags, command), flags.version, cliActor()));
      print(flags, w, describeWatermark);
    });

  watermark
    .command('export')
    .description('write every watermark as JSON (stdout, or --output FILE)')
    .option('-o, --output <file>', 'write to this file')
    .action(async (flags: { output?: string }, command: Command) => {
      const doc = await withWatermarks(command, (api) => api.exportAll());
      const text = JSON.stringify(doc, null, 2) + '\n';
      if (flags.output) {
        writeFileSync(flags.output, text);
        process.stdout.write(`exported ${doc.watermarks.length} watermark(s) to ${flags.output}\n`);
      } else process.stdout.write(text);
    });

  registerImport(watermark);
  registerDefaultCommand(watermark);
}

/** `watermark get|set -p P` without -t is neither a table nor the default watermark (which has no pipeline). */
function refusePipelineWithoutTable(name: string, pipeline: string, command: Command): void {
  if (command.getOptionValueSource('pipeline') !== 'cli') return;
  throw badInput(
    `watermark ${name} -p ${pipeline} needs -t TABLE (without -t and -p it is the default watermark); every table of the pipeline: tidemark watermark list -p ${pipeline}`,
  );
}

async function getDefault(flags: { json?: boolean }, command: Command): Promise<void> {
  const value = await withWatermarks(command, (api) => api.getDefaultWatermark());
  print(flags, { defaultWatermark: value }, ({ defaultWatermark: d }) =>
    d === null
      ? 'No default watermark: new tables start at their beginning.'
      : 'preset' in d
        ? `Default watermark: ${d.preset} before each run`
        : `Default watermark: ${d.timestamp}`,
  );
}

async function setDefault(flags: { preset?: string; timestamp?: string }, command: Command): Promise<void> {
  if (flags.preset !== undefined && flags.timestamp !== undefined) throw badInput('give --preset or --timestamp, not both');
  if (flags.preset === undefined && flags.timestamp === undefined) throw badInput('give --preset or --timestamp');
  const value = flags.preset !== undefined ? { preset: flags.preset } : { timestamp: flags.timestamp as string };
  const saved = await withWatermarks(command, (api) => api.setDefaultWatermark(value, cliActor()));
  process.stdout.write(`default watermark set: ${JSON.stringify(saved)}\n`);
}

async function clearDefault(command: Command): Promise<void> {
  await withWatermarks(command, (api) => api.setDefaultWatermark(null, cliActor()));
  process.stdout.write('default watermark cleared: new tables start at their beginning\n');
}

function registerDefaultCommand(watermark: Command): void {
  const defaults = watermark.command('default').description('the system default watermark, for tables that have none');
  defaults.command('get').option('--json', 'print as JSON').action(getDefault);
  defaults
    .command('set')
    .addOption(new Option('--preset <p>', 'relative to each run: 12h, 1d, 1week, 1month').conflicts('timestamp'))
    .option('--timestamp <ts>', 'an absolute start')
    .action(setDefault);
  defaults.command('clear').action((_flags: object, command: Command) => clearDefault(command));
}
