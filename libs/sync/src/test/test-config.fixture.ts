import { join } from 'node:path';
import { EXTRACT_DEFAULTS, TidemarkConfig } from '@tidemark/config';
import { MYSQL, POSTGRES_URL, s3Settings } from '@tidemark/testing';

export interface TestConfigOptions {
  dir: string;
  objectStore?: 'local' | 's3';
  bucket?: string;
  targetFileBytes?: number;
}

/** For specs: a complete config on the real test servers, with state kept under `dir`. */
export function testConfig(o: TestConfigOptions): TidemarkConfig {
  return {
    workDirectory: join(o.dir, 'work'),
    watermarkStore: { type: 'sqlite', path: join(o.dir, 'watermarks.sqlite') },
    objectStore:
      o.objectStore === 's3'
        ? { type: 's3', prefix: 'tidemark', bucket: o.bucket ?? 'tidemark-test', ...s3Settings() }
        : { type: 'local', prefix: 'tidemark', directory: join(o.dir, 'objects') },
    warehouse: { type: 'postgres', url: POSTGRES_URL },
    extract: { ...EXTRACT_DEFAULTS, targetFileBytes: o.targetFileBytes ?? EXTRACT_DEFAULTS.targetFileBytes },
    parallelTables: 1,
    logDirectory: join(o.dir, 'logs'),
    connections: { default: { name: 'default', ...MYSQL } },
    pipelines: {},
  };
}
