import { TidemarkConfig } from '@tidemark/config';
import { Logger } from 'pino';

/** What /ready checks: the watermark store or service, the object store, the warehouse, the MySQL sources. */
export type ReadinessCheck = 'watermarks' | 'objectStore' | 'warehouse' | 'sources';

/** What the service was started with, for the modules of the app. */
export interface ServiceRuntime {
  /** `extractor`, `loader`, `watermark-service`: on every log line and metric. */
  name: string;
  logger: Logger;
  readiness: ReadinessCheck[];
  /** The config loaded and checked before the app was created; none: the core module loads TIDEMARK_CONFIG. */
  config?: TidemarkConfig;
}

export const SERVICE_RUNTIME = Symbol('ServiceRuntime');
