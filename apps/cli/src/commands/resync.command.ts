import { Command } from 'commander';
import { badInput, conflict, TidemarkError } from '@tidemark/errors';
import { TableJob, tableIdOf, WatermarkConnection } from '@tidemark/sync';
import { WatermarkApi } from '@tidemark/watermark-model';
import { describeResyncDone, describeResyncPlan, ResyncLine } from '../output/resync-view';
import { addTableSelectionOptions, runTables, selectedJobs, TableSelectionFlags } from './sync.command';
import { cliActor, withTidemark } from './with-tidemark';

interface ResyncFlags extends TableSelectionFlags {
  yes?: boolean;
}

/** Manifests a resync makes history: every one that could still load, or did. */
const LIVE = new Set(['pending', 'loaded', 'skipped']);

async function planned(api: WatermarkApi, job: TableJob): Promise<ResyncLine> {
  const id = tableIdOf(job);
  const live = (await api.manifests(id)).filter((m) => LIVE.has(m.status));
  return {
    table: id.table,
    loadMode: job.loadMode,
    before: await api.get(id),
    superseded: { manifests: live.length, rows: live.reduce((n, m) => n + m.rows, 0) },
  };
}

/** Every table is checked before any is reset: a run under way on one refuses the whole command. */
async function refuseLeased(api: WatermarkApi, jobs: TableJob[]): Promise<void> {
  const held: string[] = [];
  for (const job of jobs) {
    for (const stage of ['extract', 'load'] as const) {
      const lease = await api.leaseHolder(tableIdOf(job), stage);
      if (lease) held.push(`${job.target.key} (${stage}) is leased by ${lease.holder} until ${lease.expiresAt}`);
    }
  }
  if (held.length > 0) {
    throw conflict(`cannot resync while a run works these tables, nothing was reset: ${held.join('; ')}`);
  }
}

/** Resets each table; a failure part way names the tables already reset, whose next sync rebuilds them. */
async function resetAll(api: WatermarkApi, jobs: TableJob[], out: NodeJS.WritableStream): Promise<void> {
  const done: string[] = [];
  for (const job of jobs) {
    try {
      const { before, superseded } = await api.resync(tableIdOf(job), cliActor());
      out.write(describeResyncDone({ table: job.target.key, loadMode: job.loadMode, before, superseded }) + '\n');
      done.push(job.target.key);
    } catch (error) {
      if (done.length === 0 || !(error instanceof TidemarkError)) throw error;
      throw new TidemarkError(
        error.code,
        `${error.message} (already reset: ${done.join(', ')}; \`tidemark sync\` of them finishes their rebuild)`,
        { cause: error },
      );
    }
  }
}

export function registerResyncCommand(program: Command): void {
  const resync = program
    .command('resync')
    .description(
      'start tables over: reset both stages, supersede their manifests, then one sync that extracts everything and replaces each target',
    );
  addTableSelectionOptions(resync)
    .option('--yes', 'confirm: the tables start over and their targets are replaced')
    .action((flags: ResyncFlags, command: Command) =>
      withTidemark(command, async (app) => {
        const jobs = selectedJobs(app, flags);
        const api = await app.get(WatermarkConnection).api();
        if (!flags.yes) {
          const plan = [];
          for (const job of jobs) plan.push(await planned(api, job));
          process.stdout.write(describeResyncPlan(flags.pipeline, plan) + '\n');
          throw badInput('a resync is final: add --yes to confirm');
        }
        await refuseLeased(api, jobs);
        // With --json, stdout carries the run report alone.
        await resetAll(api, jobs, flags.json ? process.stderr : process.stdout);
        await runTables(app, 'resync', flags, { extract: true, load: true });
      }),
    );
}
