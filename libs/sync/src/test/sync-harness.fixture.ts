import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { TidemarkConfig } from '@tidemark/config';
import { ObjectStore } from '@tidemark/object-store';
import { MysqlSource } from '@tidemark/source';
import { PostgresWarehouse, Warehouse, WarehouseDialect } from '@tidemark/warehouse';
import { WatermarkApi } from '@tidemark/watermark-model';
import { SourceConnections } from '../lib/connections/source-connections';
import { OBJECT_STORE, TIDEMARK_CONFIG } from '../lib/connections/tokens';
import { WarehouseConnection } from '../lib/connections/warehouse-connection';
import { WatermarkConnection } from '../lib/connections/watermark-connection';
import { PipelineRunner, PipelineRunOptions } from '../lib/run-pipeline';
import { SyncResult } from '../lib/run-table';
import { TableOutcome } from '../lib/run-outcome';
import { SyncModule } from '../lib/sync.module';
import { TableJobs } from '../lib/table-job';
import { ExtractOptions, TablePreview, TableSync } from '../lib/table-sync';

/** A spec's stand-ins: a warehouse in place of the configured one, or a wrapper around the real watermark API (to fail at a chosen moment). */
export interface HarnessWrappers {
  warehouse?: () => Warehouse;
  watermarks?: (real: WatermarkApi) => WatermarkApi;
}

export interface StageOptions extends ExtractOptions {
  extract?: boolean;
  load?: boolean;
}

/**
 * For specs: SyncModule composed over a config exactly as the CLI composes
 * it, with short ways to run a table's stages and reach its connections.
 */
export class SyncHarness {
  private constructor(readonly app: INestApplicationContext) {}

  static async open(config: TidemarkConfig, wrap: HarnessWrappers = {}): Promise<SyncHarness> {
    if (!wrap.warehouse && !wrap.watermarks) {
      return new SyncHarness(
        await NestFactory.createApplicationContext(SyncModule.forConfig(config), {
          logger: false,
          abortOnError: false,
        }),
      );
    }
    const builder = Test.createTestingModule({ imports: [SyncModule.forConfig(config)] });
    const { warehouse, watermarks } = wrap;
    if (warehouse) {
      builder.overrideProvider(WarehouseConnection).useFactory({
        inject: [TIDEMARK_CONFIG, OBJECT_STORE],
        factory: (c: TidemarkConfig, store: ObjectStore) =>
          new (class extends WarehouseConnection {
            override async warehouse(): Promise<PostgresWarehouse> {
              return warehouse() as PostgresWarehouse; // the loader only uses the Warehouse interface
            }
          })(c, store),
      });
    }
    if (watermarks) {
      builder.overrideProvider(WatermarkConnection).useFactory({
        inject: [TIDEMARK_CONFIG],
        factory: (c: TidemarkConfig) =>
          new (class extends WatermarkConnection {
            override async api(): Promise<WatermarkApi> {
              return watermarks(await super.api());
            }
          })(c),
      });
    }
    const app = await builder.compile();
    await app.init();
    return new SyncHarness(app);
  }

  /** Loading into the Redshift emulator (Redshift cannot run here), over the network as into Redshift. */
  static onEmulator(
    config: TidemarkConfig,
    emulator: { url: string },
    wrap: HarnessWrappers = {},
  ): Promise<SyncHarness> {
    return SyncHarness.open({ ...config, warehouse: { ...config.warehouse, url: emulator.url } }, wrap);
  }

  get config(): TidemarkConfig {
    return this.app.get(TIDEMARK_CONFIG);
  }

  get dialect(): WarehouseDialect {
    return this.app.get(WarehouseConnection).dialect;
  }

  /** Extract then load one table (either stage can be left out), throwing what a stage throws. */
  async syncTable(pipeline: string, table: string, o: StageOptions = {}): Promise<SyncResult> {
    const job = this.app.get(TableJobs).job(pipeline, table);
    const sync = this.app.get(TableSync);
    const result: SyncResult = { pipeline: job.pipeline.name, table: job.target.key };
    if (o.extract !== false) result.extract = await sync.extract(job, o);
    if (o.load !== false) result.load = await sync.load(job);
    return result;
  }

  previewTable(pipeline: string, table: string, o: StageOptions = {}): Promise<TablePreview> {
    return this.app.get(TableSync).preview(this.app.get(TableJobs).job(pipeline, table), o);
  }

  runPipeline(pipeline: string, o: PipelineRunOptions = {}): Promise<TableOutcome[]> {
    return this.app.get(PipelineRunner).run(pipeline, o);
  }

  watermarks(): Promise<WatermarkApi> {
    return this.app.get(WatermarkConnection).api();
  }

  store(): ObjectStore {
    return this.app.get(OBJECT_STORE);
  }

  warehouse(): Promise<PostgresWarehouse> {
    return this.app.get(WarehouseConnection).warehouse();
  }

  source(connection: string): Promise<MysqlSource> {
    return this.app.get(SourceConnections).source(connection);
  }

  async close(): Promise<void> {
    await this.app.close();
  }
}
