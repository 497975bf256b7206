import { writeFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { badInput, notFound } from '@tidemark/errors';
import { loadModeIn, tableConfigIn, TidemarkConfig } from '@tidemark/config';
import { TIDEMARK_CONFIG, WatermarkConnection } from '@tidemark/sync';
import {
  describeNextRun,
  describeRestorablePoint,
  parseCursorInput,
  parseKeyInput,
  parsePipelineName,
  readRestorablePoint,
  ResetStage,
  StageStatus,
} from '@tidemark/watermark-model';
import { describeImportedFiles } from '../output/watermark-import-view';
import { describeHistory, describeList, describeManifests, describeWatermark } from '../output/watermark-view';
import { print, TableFlags, tableCommand, tableIdOf } from './table-options';
import { registerImport } from './watermark-import.command';
import { cliActor, positiveInt, withTidemark, withWatermarks } from './with-tidemark';

function resetStageOf(flags: { mysqlOnly?: boolean; redshiftOnly?: boolean }): ResetStage {
  if (flags.mysqlOnly) return 'extract';
  if (flags.redshiftOnly) return 'load';
  return 'all';
}

function registerReset(watermark: Command, name: string, description: string): void {
  tableCommand(watermark, name, description)
    .addOption(new Option('--mysql-only', 'reset the extract stage only').conflicts('redshiftOnly'))
    .option('--redshift-only', 'reset the load stage only')
    .option('--yes', 'confirm: a reset is final')
    .action(
      async (flags: TableFlags & { mysqlOnly?: boolean; redshiftOnly?: boolean; yes?: boolean }, command: Command) => {
        const id = tableIdOf(flags);
        const stage = resetStageOf(flags);
        if (!flags.yes) {
          throw badInput(
            `resetting ${stage === 'all' ? 'both stages' : `the ${stage} stage`} of ${id.pipeline} / ${id.table} is final: add --yes to confirm`,
          );
        }
        const w = await withWatermarks(command, (api) => api.reset(id, stage, cliActor()));
        print(flags, w, describeWatermark);
      },
    );
}

export function registerWatermarkCommand(program: Command): void {
  const watermark = program.command('watermark').description('show and manage per-table watermarks');

  tableCommand(watermark, 'get', "show a table's watermark: both stages and where the next run starts")
    .option('--show-files', 'also list every manifest and its files')
    .action(async (flags: TableFlags & { showFiles?: boolean }, command: Command) => {
      const id = tableIdOf(flags);
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

  tableCommand(watermark, 'set', 'set where the next run starts (the watermark is marked manual_cli)')
    .option('--timestamp <ts>', 'cursor timestamp: YYYY-MM-DD[ HH:MM:SS[.ffffff]][Z|±HH:MM], UTC without offset')
    .option('--id <value...>', 'primary key value(s) of the last row already synced')
    .action(async (flags: TableFlags & { timestamp?: string; id?: string[] }, command: Command) => {
      const id = tableIdOf(flags);
      if (flags.timestamp === undefined && flags.id === undefined) throw badInput('give --timestamp, --id, or both');
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
      const entries = await withWatermarks(command, (api) => api.history(tableIdOf(flags)));
      print(flags, entries, describeHistory);
    },
  );

  tableCommand(watermark, 'restore', 'bring back the state after history entry N, as a new change')
    .requiredOption('--version <n>', 'history entry number (see `watermark history`)', positiveInt)
    .action(async (flags: TableFlags & { version: number }, command: Command) => {
      const w = await withWatermarks(command, (api) => api.restore(tableIdOf(flags), flags.version, cliActor()));
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

function registerDefaultCommand(watermark: Command): void {
  const defaults = watermark.command('default').description('the system default watermark, for tables that have none');
  defaults
    .command('get')
    .option('--json', 'print as JSON')
    .action(async (flags: { json?: boolean }, command: Command) => {
      const value = await withWatermarks(command, (api) => api.getDefaultWatermark());
      print(flags, { defaultWatermark: value }, ({ defaultWatermark: d }) =>
        d === null
          ? 'No default watermark: new tables start at their beginning.'
          : 'preset' in d
            ? `Default watermark: ${d.preset} before each run`
            : `Default watermark: ${d.timestamp}`,
      );
    });
  defaults
    .command('set')
    .addOption(new Option('--preset <p>', 'relative to each run: 12h, 1d, 1week, 1month').conflicts('timestamp'))
    .option('--timestamp <ts>', 'an absolute start')
    .action(async (flags: { preset?: string; timestamp?: string }, command: Command) => {
      if (flags.preset === undefined && flags.timestamp === undefined) throw badInput('give --preset or --timestamp');
      const value = flags.preset !== undefined ? { preset: flags.preset } : { timestamp: flags.timestamp as string };
      const saved = await withWatermarks(command, (api) => api.setDefaultWatermark(value, cliActor()));
      process.stdout.write(`default watermark set: ${JSON.stringify(saved)}\n`);
    });
  defaults.command('clear').action(async (_flags: object, command: Command) => {
    await withWatermarks(command, (api) => api.setDefaultWatermark(null, cliActor()));
    process.stdout.write('default watermark cleared: new tables start at their beginning\n');
  });
}
