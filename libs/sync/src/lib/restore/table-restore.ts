import { Inject, Injectable } from '@nestjs/common';
import { TidemarkConfig } from '@tidemark/config';
import { badInput } from '@tidemark/errors';
import { LoadResult } from '@tidemark/loading';
import { listUnder, tableObjectPrefix } from '@tidemark/object-cleanup';
import { ObjectStore } from '@tidemark/object-store';
import { ChainOptions, chainOptionsOf, Manifest, WatermarkApi } from '@tidemark/watermark-model';
import { OBJECT_STORE, TIDEMARK_CONFIG } from '../connections/tokens';
import { WatermarkConnection } from '../connections/watermark-connection';
import { TableJob, tableIdOf } from '../table-job';
import { LoadOptions, TableSync } from '../table-sync';
import { BackupCheck, checkBackup } from './backup-check';
import { readManifests } from './manifest-copies';
import { unrestorableError } from './unrestorable-error';

/** Where a restore builds: another table than the table's own target. */
export interface RestoreTarget {
  schema: string;
  table: string;
}

/** A table checked for a reload: what it will be rebuilt from. */
export interface ReloadPlan {
  job: TableJob;
  check: BackupCheck;
}

/**
 * Reading a table back from the object store, which every extract made a
 * backup: its registered manifests say which files hold the table as of any
 * time, and their JSON copies beside the files say how to load them. Opens
 * no MySQL connection, ever.
 */
@Injectable()
export class TableRestores {
  constructor(
    @Inject(TIDEMARK_CONFIG) private readonly config: TidemarkConfig,
    @Inject(OBJECT_STORE) private readonly store: ObjectStore,
    @Inject(WatermarkConnection) private readonly watermarks: WatermarkConnection,
    @Inject(TableSync) private readonly sync: TableSync,
  ) {}

  /** What a reload (no `asOf`) or a restore as of `asOf` needs, checked against the object store. */
  async check(job: TableJob, asOf?: string): Promise<BackupCheck> {
    const api = await this.watermarks.api();
    const id = tableIdOf(job);
    const summaries = await api.manifests(id);
    const options = await this.chainOptions(api, job);
    const prefix = tableObjectPrefix(this.config.objectStore.prefix, job.pipeline, job.target.key);
    return checkBackup(summaries, options, await listUnder(this.store, prefix), asOf);
  }

  /** As `check`, refusing (before anything changed) when there is nothing to restore or a needed file is gone. */
  async restorable(job: TableJob, asOf?: string): Promise<BackupCheck> {
    const check = await this.check(job, asOf);
    if (check.missing.length > 0) throw unrestorableError(job.target.key, check, asOf);
    if (check.chain.length === 0) {
      const when = asOf ? ` registered by ${asOf}` : '';
      const oldest = check.oldestRestorable
        ? `; the oldest point it can be restored to is ${check.oldestRestorable}`
        : '';
      throw badInput(
        `table ${job.target.key} of pipeline ${job.pipeline.name} has no manifest${when}: nothing to restore${oldest}`,
      );
    }
    return check;
  }

  /** Checks that every table can be rebuilt from the object store; any file gone refuses them all. */
  async planReloads(jobs: TableJob[]): Promise<ReloadPlan[]> {
    const plans: ReloadPlan[] = [];
    for (const job of jobs) plans.push({ job, check: await this.restorable(job) });
    return plans;
  }

  /** Asks each checked table's next load to rebuild its target from the object store (a load-stage reset). */
  async requestReloads(plans: ReloadPlan[], actor: string): Promise<void> {
    const api = await this.watermarks.api();
    for (const { job } of plans) await api.reset(tableIdOf(job), 'load', actor);
  }

  /**
   * Builds `into` as the table was as of `asOf` (or as it is now), from the
   * object store alone, after `restorable`'s check; `onChecked` is told what
   * it will read before it starts.
   */
  async restoreInto(
    job: TableJob,
    into: RestoreTarget,
    asOf: string | undefined,
    o: LoadOptions & { onChecked?: (check: BackupCheck) => void } = {},
  ): Promise<LoadResult> {
    const check = await this.restorable(job, asOf);
    o.onChecked?.(check);
    const manifests: Manifest[] = await readManifests(this.store, check);
    return this.sync.buildInto(job, manifests, into, o);
  }

  private async chainOptions(api: WatermarkApi, job: TableJob): Promise<ChainOptions> {
    return chainOptionsOf(await api.history(tableIdOf(job)), job.loadMode === 'append');
  }
}
