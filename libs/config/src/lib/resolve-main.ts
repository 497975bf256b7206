import { resolve } from 'node:path';
import { PREFIX_CHARACTERS } from '@tidemark/object-keys';
import { withDefaults } from '@tidemark/timeouts';
import { ConfigFile } from './config-file';
import { MainFile, WarehouseSection } from './config-schema';
import { resolveBastion } from './resolve-bastion';
import { ObjectStoreSettings, WatermarkStoreSettings } from './system-settings';
import { EXTRACT_DEFAULTS, RedshiftSettings, TidemarkConfig, WarehouseConfig } from './tidemark-config';
import { hasProblemAt, Validated } from './validate-section';

export type MainSettings = Omit<TidemarkConfig, 'connections' | 'pipelines'>;

/**
 * `tidemark.yml` as settings: defaults filled in, paths resolved from `base`
 * (the folder that holds the config directory). Each section's own rules are
 * checked only when its keys passed validation. Undefined when any problem
 * was found.
 */
export function resolveMain(file: ConfigFile, checked: Validated<MainFile>, base: string): MainSettings | undefined {
  const main = checked.value;
  const usable = (key: string) => !hasProblemAt(checked, [key]);
  const store = usable('watermarkStore') ? storeOptions(main, base, file) : undefined;
  const objectStore = usable('objectStore') ? objectStoreOptions(main, base, file) : undefined;
  const warehouse = usable('warehouse') ? warehouseOptions(main.warehouse, objectStore, base, file) : undefined;
  if (checked.faulty.size || !store || !objectStore || !warehouse) return undefined;
  return {
    workDirectory: resolve(base, main.workDirectory ?? '.tidemark/work'),
    watermarkStore: store,
    watermarkService: main.watermarkService,
    objectStore,
    warehouse,
    extract: { ...EXTRACT_DEFAULTS, ...(main.extract ?? {}) },
    parallelTables: main.parallelTables ?? 1,
    logDirectory: resolve(base, main.logDirectory ?? '.tidemark/logs'),
  };
}

function storeOptions(main: MainFile, base: string, file: ConfigFile): WatermarkStoreSettings | undefined {
  const s = main.watermarkStore;
  if (s.type === 'postgres') {
    const { connectTimeoutSeconds, statementTimeoutSeconds, poolSize } = s;
    if (s.url) return { type: 'postgres', url: s.url, schema: s.schema, connectTimeoutSeconds, statementTimeoutSeconds, poolSize };
    file.report(['watermarkStore', 'url'], 'is required for type postgres');
    return undefined;
  }
  return { type: 'sqlite', path: resolve(base, s.path ?? '.tidemark/watermarks.sqlite'), busyTimeoutSeconds: s.busyTimeoutSeconds };
}

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/;

/**
 * S3 requests carry the data and signed credentials: plain http is allowed
 * to this machine (a local MinIO or Ceph), elsewhere only when the config
 * says so.
 */
function s3EndpointProblem(endpoint: string, allowHttp: boolean): string | undefined {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return `"${endpoint}" is not a URL (expected https://host[:port])`;
  }
  if (url.protocol === 'https:') return undefined;
  if (url.protocol !== 'http:') return `"${endpoint}" must be an https:// (or http://) URL`;
  if (allowHttp || LOOPBACK.test(url.hostname)) return undefined;
  return (
    `"${endpoint}" is plain http to ${url.hostname}: the files and the signed requests would cross the network unencrypted; ` +
    'use https, or set objectStore.allowHttp: true for a trusted private network'
  );
}

function objectStoreOptions(main: MainFile, base: string, file: ConfigFile): ObjectStoreSettings | undefined {
  const o = main.objectStore;
  const prefix = o.prefix ?? 'tidemark';
  if (!PREFIX_CHARACTERS.test(prefix)) {
    file.report(
      ['objectStore', 'prefix'],
      `"${prefix}" has characters S3 advises against and Redshift COPY refuses in a URI: use letters, digits, _ . - ! and /`,
    );
    return undefined;
  }
  if (o.type === 's3') {
    if (!o.bucket) {
      file.report(['objectStore', 'bucket'], 'is required for type s3');
      return undefined;
    }
    const endpointProblem = o.endpoint === undefined ? undefined : s3EndpointProblem(o.endpoint, o.allowHttp === true);
    if (endpointProblem) {
      file.report(['objectStore', 'endpoint'], endpointProblem);
      return undefined;
    }
    return {
      type: 's3',
      prefix,
      bucket: o.bucket,
      endpoint: o.endpoint,
      region: o.region ?? 'us-east-1',
      accessKeyId: o.accessKeyId,
      secretAccessKey: o.secretAccessKey,
      requestTimeoutSeconds: o.requestTimeoutSeconds,
    };
  }
  return { type: 'local', prefix, directory: resolve(base, o.directory ?? '.tidemark/objects') };
}

function warehouseOptions(
  w: WarehouseSection,
  objectStore: ObjectStoreSettings | undefined,
  base: string,
  file: ConfigFile,
): WarehouseConfig | undefined {
  const before = file.problemCount;
  const ssh = w.ssh && resolveBastion(w.ssh, base, file, ['warehouse', 'ssh']);
  let redshift: RedshiftSettings | undefined;
  if (w.type === 'redshift') {
    if (objectStore && objectStore.type !== 's3') {
      file.report(['warehouse', 'type'], 'redshift loads with COPY from S3: objectStore.type must be s3');
    }
    redshift = redshiftSettings(w, file);
  } else if (w.redshift) file.report(['warehouse', 'redshift'], 'is only for warehouse.type redshift');
  if (file.problemCount > before) return undefined;
  const { connectTimeoutSeconds, readIdleTimeoutSeconds, statementTimeoutSeconds } = w;
  // Filled in here, so that `config show` prints the timeouts a run will use.
  const timeouts = withDefaults({ connectTimeoutSeconds, readIdleTimeoutSeconds, statementTimeoutSeconds });
  return { type: w.type, url: w.url, ssh, ...(redshift ? { redshift } : {}), timeouts };
}

function redshiftSettings(w: WarehouseSection, file: ConfigFile): RedshiftSettings | undefined {
  const r = w.redshift ?? {};
  let auth: RedshiftSettings['auth'];
  if (r.iamRole) auth = { iamRole: r.iamRole };
  else if (r.accessKeyId && r.secretAccessKey) {
    auth = { accessKeyId: r.accessKeyId, secretAccessKey: r.secretAccessKey, sessionToken: r.sessionToken };
  } else {
    file.report(['warehouse', 'redshift'], 'give iamRole, or accessKeyId and secretAccessKey, for COPY to read S3');
    return undefined;
  }
  return { auth, serverless: r.serverless ?? false, varcharMode: r.varcharMode ?? 'bytes', slices: r.slices ?? 1 };
}
