import { Logger } from 'pino';

/** What /ready checks: the watermark store or service, the object store, the warehouse, the MySQL sources. */
export type ReadinessCheck = 'watermarks' | 'objectStore' | 'warehouse' | 'sources';

/** What the service was started with, for the modules of the app. */
export interface ServiceRuntime {
  /** `extractor`, `loader`, `watermark-service`: on every log line and metric. */
  name: string;
  logger: Logger;
  readiness: ReadinessCheck[];
}

export const SERVICE_RUNTIME = Symbol('ServiceRuntime');
