import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { TidemarkConfig } from '@tidemark/config';
import { HttpWatermarkClient } from '@tidemark/watermark-client';
import { WatermarkApi } from '@tidemark/watermark-model';
import { closeWatermarkDataSource, openWatermarkDataSource, WatermarkStore } from '@tidemark/watermark-store';
import { LazyResource } from './lazy-resource';
import { reportingStoreFailures } from './store-unavailable';
import { TIDEMARK_CONFIG } from './tokens';

/** The watermark service when one is configured, else the store (SQLite or PostgreSQL); opened on first use. */
@Injectable()
export class WatermarkConnection implements OnApplicationShutdown {
  private readonly connection: LazyResource<{ api: WatermarkApi; close: () => Promise<void> }>;

  constructor(@Inject(TIDEMARK_CONFIG) private readonly config: TidemarkConfig) {
    this.connection = new LazyResource(
      () => this.open(),
      (opened) => opened.close(),
    );
  }

  async api(): Promise<WatermarkApi> {
    return (await this.connection.get()).api;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.connection.close();
  }

  private async open(): Promise<{ api: WatermarkApi; close: () => Promise<void> }> {
    const service = this.config.watermarkService;
    if (service) {
      const seconds = service.requestTimeoutSeconds;
      return {
        api: new HttpWatermarkClient({ ...service, timeoutMs: seconds && seconds * 1000 }),
        close: async () => undefined,
      };
    }
    const store = this.config.watermarkStore;
    const dataSource = await openWatermarkDataSource(store);
    return {
      api: reportingStoreFailures(new WatermarkStore(dataSource), storeAddress(this.config)),
      close: () => closeWatermarkDataSource(dataSource, store),
    };
  }
}

/** The store named for people, without a password. */
function storeAddress(config: TidemarkConfig): string {
  const store = config.watermarkStore;
  if (store.type === 'sqlite') return `SQLite ${store.path}`;
  try {
    const u = new URL(store.url);
    return `PostgreSQL ${u.hostname}:${u.port || 5432}${u.pathname}`;
  } catch {
    return 'PostgreSQL';
  }
}
