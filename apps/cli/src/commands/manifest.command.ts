import { Command } from 'commander';
import { badInput } from '@tidemark/errors';
import { describeManifestTable, describeRetry, describeSkip } from '../output/manifest-view';
import { print, TableFlags, tableCommand, tableIdOf } from './table-options';
import { cliActor, withWatermarks } from './with-tidemark';

type SkipFlags = TableFlags & { reason?: string; yes?: boolean };

export function registerManifestCommand(program: Command): void {
  const manifest = program
    .command('manifest')
    .description("a table's registered manifests: list them, set one that cannot load aside, put it back");

  tableCommand(
    manifest,
    'list',
    'every manifest of a table with its state (pending, loaded, superseded, skipped)',
  ).action(async (flags: TableFlags, command: Command) => {
    const id = tableIdOf(flags, command);
    const list = await withWatermarks(command, (api) => api.manifests(id));
    print(flags, list, describeManifestTable);
  });

  tableCommand(manifest, 'skip', 'set a pending manifest aside: loads pass it by until it is retried')
    .argument('<manifest-id>', 'the manifest, as `manifest list` shows it')
    .option('--reason <text>', 'why (kept with the manifest)')
    .option('--yes', "confirm: the manifest's rows are not loaded while it is skipped")
    .action(async (manifestId: string, flags: SkipFlags, command: Command) => {
      const id = tableIdOf(flags, command);
      if (!flags.reason?.trim()) throw badInput('give the reason for skipping with --reason');
      if (!flags.yes) {
        throw badInput(
          `skipping manifest ${manifestId} of ${id.pipeline} / ${id.table} leaves its rows out of the warehouse: add --yes to confirm`,
        );
      }
      const reason = flags.reason;
      const m = await withWatermarks(command, (api) => api.skipManifest(id, manifestId, reason, cliActor()));
      print(flags, m, (v) => describeSkip(v, `${id.pipeline} / ${id.table}`));
    });

  tableCommand(manifest, 'retry', 'put a skipped manifest back to pending: the next load loads it')
    .argument('<manifest-id>', 'the skipped manifest')
    .action(async (manifestId: string, flags: TableFlags, command: Command) => {
      const id = tableIdOf(flags, command);
      const m = await withWatermarks(command, (api) => api.retryManifest(id, manifestId, cliActor()));
      print(flags, m, (v) => describeRetry(v, `${id.pipeline} / ${id.table}`));
    });
}
