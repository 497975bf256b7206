import { INestApplicationContext } from '@nestjs/common';
import { Command } from 'commander';
import { badInput, isTidemarkError } from '@tidemark/errors';
import { WatermarkConnection } from '@tidemark/sync';
import {
  checkKeyValues,
  Cursor,
  ImportOptions,
  readWatermarkDocument,
  refuseRewind,
  Watermark,
  WatermarkApi,
} from '@tidemark/watermark-model';
import { describeImport, FileImport } from '../output/watermark-import-view';
import { oneTable, print } from './table-options';
import { sourceKeyOf } from './source-key';
import { readImportFile, tableFromFileName } from './watermark-import-files';
import { cliActor, withTidemark } from './with-tidemark';

interface ImportFlags {
  file: string[];
  pipeline?: string;
  table?: string;
  allowRewind?: boolean;
  continue?: boolean;
  json?: boolean;
}

interface CheckedFile {
  path: string;
  document?: unknown;
  options: ImportOptions;
  error?: string;
}

/**
 * Reads one file and checks each of its entries as the store will, plus what
 * only this side can check: the key against the table's key in MySQL.
 * `planned` holds the cursors the files checked before this one will set,
 * so an older file after a newer one for the same table is caught here too.
 */
async function checkFile(
  app: INestApplicationContext,
  api: WatermarkApi,
  path: string,
  flags: ImportFlags,
  planned: Map<string, Cursor>,
): Promise<CheckedFile> {
  const options: ImportOptions = {
    pipeline: flags.pipeline,
    table: flags.table,
    fallbackTable: tableFromFileName(path),
    allowRewind: flags.allowRewind,
  };
  try {
    const document = readImportFile(path);
    const entries = readWatermarkDocument(document, options);
    for (const entry of entries) {
      const name = `${entry.pipeline} / ${entry.table}`;
      const key = entry.cursor.primaryKey && (await sourceKeyOf(app, entry.pipeline, entry.table));
      if (entry.cursor.primaryKey && key) checkKeyValues(entry.cursor.primaryKey, entry.table, key);
      const current = planned.get(name) ?? (await api.get(entry))?.extract.cursor;
      if (current) refuseRewind(name, current, entry.cursor, flags.allowRewind);
    }
    for (const entry of entries) planned.set(`${entry.pipeline} / ${entry.table}`, entry.cursor);
    return { path, document, options };
  } catch (error) {
    if (isTidemarkError(error)) return { path, options, error: error.message };
    throw error;
  }
}

async function importChecked(api: WatermarkApi, file: CheckedFile): Promise<FileImport> {
  if (file.error !== undefined) return { file: file.path, imported: [], error: file.error };
  try {
    const imported: Watermark[] = await api.importDocument(file.document, file.options, cliActor());
    return { file: file.path, imported };
  } catch (error) {
    if (isTidemarkError(error)) return { file: file.path, imported: [], error: error.message };
    throw error;
  }
}

export function registerImport(watermark: Command): void {
  watermark
    .command('import')
    .description(
      "import an export, or the old tool's watermark files (v1, v2 JSON or last_run_timestamp.txt); every file is checked first, then all are imported or none",
    )
    .requiredOption('-f, --file <path...>', 'file(s) to import')
    .option(
      '-p, --pipeline <name>',
      "pipeline of the old tool's files (default: default); for an export, only its entries of this pipeline",
    )
    .option(
      '-t, --table <key>',
      'table key when a file names none (needed for last_run_timestamp.txt); for an export, only this table',
      oneTable,
    )
    .option('--allow-rewind', 'allow moving a cursor back: the rows between are extracted again')
    .option('--continue', 'import the files that pass the checks and report the others (default: all or none)')
    .option('--json', 'print as JSON')
    .action(async (flags: ImportFlags, command: Command) => {
      const report = await withTidemark(command, async (app) => {
        const api = await app.get(WatermarkConnection).api();
        const checked: CheckedFile[] = [];
        const planned = new Map<string, Cursor>();
        for (const path of flags.file) checked.push(await checkFile(app, api, path, flags, planned));
        const bad = checked.filter((f) => f.error !== undefined);
        if (bad.length > 0 && !flags.continue) {
          throw badInput(
            [
              `nothing imported: ${bad.length} of ${checked.length} file(s) cannot be imported (fix them, or add --continue to import the others):`,
              ...bad.map((f) => `  ${f.path}: ${f.error}`),
            ].join('\n'),
          );
        }
        const results: FileImport[] = [];
        for (const file of checked) results.push(await importChecked(api, file));
        return results;
      });
      print(flags, report, describeImport);
      if (report.some((r) => r.error !== undefined)) process.exitCode = 1;
    });
}
