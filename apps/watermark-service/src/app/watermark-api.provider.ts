import { Provider } from '@nestjs/common';
import { WatermarkConnection } from '@tidemark/sync';
import { WatermarkApi } from '@tidemark/watermark-model';

export const WATERMARK_API = Symbol('WatermarkApi');

/** The service's store, as configured (SQLite embedded, PostgreSQL in production). */
export const watermarkApiProvider: Provider = {
  provide: WATERMARK_API,
  inject: [WatermarkConnection],
  useFactory: (watermarks: WatermarkConnection): Promise<WatermarkApi> => watermarks.api(),
};
