import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { ClassConstructor, plainToInstance } from 'class-transformer';
import { ValidationError, validateSync } from 'class-validator';
import { validateCronExpression } from 'cron';
import { parse } from 'yaml';
import { TidemarkError } from '@tidemark/errors';
import { ObjectStoreConfig } from '@tidemark/object-store';
import { BastionOptions } from '@tidemark/source';
import { WatermarkStoreOptions } from '@tidemark/watermark-store';
import { ConnectionFile, MainFile, PipelineFile, SshSection, TableEntry } from './config-schema';
import { interpolateEnv } from './interpolate-env';
import { EXTRACT_DEFAULTS, PipelineConfig, TABLE_DEFAULTS, TidemarkConfig } from './tidemark-config';

const configError = (message: string) => new TidemarkError('CONFIG', message);

function flatten(errors: ValidationError[], path = ''): string[] {
  return errors.flatMap((e) => {
    const key = path ? `${path}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((m) => `${key}: ${m}`);
    return [...own, ...flatten(e.children ?? [], key)];
  });
}

/** Options not given stay out, so they cannot overwrite defaults with `undefined`. */
function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Validates a plain object as `cls`; problems are `path.key: message`. */
function validated<T extends object>(cls: ClassConstructor<T>, plain: unknown, file: string, path = ''): T {
  const instance = plainToInstance(cls, plain ?? {}, { enableImplicitConversion: false });
  const problems = flatten(validateSync(instance, { whitelist: true, forbidNonWhitelisted: true }), path);
  if (problems.length) throw configError(`${file}: ${problems.join('; ')}`);
  return instance;
}

function readYaml<T extends object>(file: string, cls: ClassConstructor<T>, env: NodeJS.ProcessEnv): T {
  let raw: unknown;
  try {
    raw = parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw configError(`${file}: not valid YAML: ${(error as Error).message}`);
  }
  return validated(cls, interpolateEnv(raw ?? {}, env, file), file);
}

function yamlFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => join(dir, f));
}

const nameOf = (file: string) => basename(file).replace(/\.ya?ml$/, '');

/**
 * Reads `<dir>/tidemark.yml`, `<dir>/connections/*.yml` and
 * `<dir>/pipelines/*.yml`. Relative paths are taken from the directory that
 * holds `<dir>`, so a config works from wherever the command is run.
 */
export function loadConfig(dir: string, env: NodeJS.ProcessEnv = process.env): TidemarkConfig {
  const root = resolve(dir);
  const mainPath = join(root, 'tidemark.yml');
  if (!existsSync(mainPath)) {
    throw configError(`no config found: ${mainPath} does not exist (run \`tidemark init\` or pass --config DIR)`);
  }
  const base = resolve(root, '..');
  const main = readYaml(mainPath, MainFile, env);

  const connections: TidemarkConfig['connections'] = {};
  for (const file of yamlFiles(join(root, 'connections'))) {
    const { ssh, ...c } = readYaml(file, ConnectionFile, env);
    connections[nameOf(file)] = { name: nameOf(file), ...c, ssh: ssh && bastionOptions(ssh, base, file) };
  }
  const pipelines: Record<string, PipelineConfig> = {};
  for (const file of yamlFiles(join(root, 'pipelines'))) {
    const p = readYaml(file, PipelineFile, env);
    if (!connections[p.connection]) {
      throw configError(`${file}: connection: "${p.connection}" is not defined in ${join(root, 'connections')}`);
    }
    for (const [stage, cron] of Object.entries(p.schedule ?? {})) {
      const check = validateCronExpression(String(cron));
      if (!check.valid) throw configError(`${file}: schedule.${stage}: "${cron}" is not a cron expression: ${check.error?.message}`);
    }
    pipelines[nameOf(file)] = {
      name: nameOf(file),
      connection: p.connection,
      targetSchema: p.targetSchema,
      schedule: p.schedule,
      tables: Object.entries(p.tables ?? {}).map(([key, t]) => ({
        key,
        ...TABLE_DEFAULTS,
        ...definedOnly(validated(TableEntry, t, file, `tables.${key}`)),
      })),
    };
  }
  return {
    workDirectory: resolve(base, main.workDirectory ?? '.tidemark/work'),
    watermarkStore: storeOptions(main, base, mainPath),
    watermarkService: main.watermarkService,
    objectStore: objectStoreOptions(main, base, mainPath),
    warehouse: main.warehouse,
    extract: { ...EXTRACT_DEFAULTS, ...(main.extract ?? {}) },
    connections,
    pipelines,
  };
}

function bastionOptions(ssh: SshSection, base: string, file: string): BastionOptions {
  const { knownHostsPath, privateKeyPath, ...rest } = ssh;
  if (!ssh.privateKey && !privateKeyPath) throw configError(`${file}: ssh: give privateKeyPath or privateKey`);
  let knownHosts: string | undefined;
  if (knownHostsPath) {
    try {
      knownHosts = readFileSync(resolve(base, knownHostsPath), 'utf8');
    } catch (error) {
      throw configError(`${file}: ssh.knownHostsPath: cannot read ${resolve(base, knownHostsPath)}: ${(error as Error).message}`);
    }
  }
  return { ...rest, knownHosts, privateKeyPath: privateKeyPath && resolve(base, privateKeyPath) };
}

function storeOptions(main: MainFile, base: string, file: string): WatermarkStoreOptions {
  const s = main.watermarkStore;
  if (s.type === 'postgres') {
    if (!s.url) throw configError(`${file}: watermarkStore.url is required for type postgres`);
    return { type: 'postgres', url: s.url, schema: s.schema };
  }
  return { type: 'sqlite', path: resolve(base, s.path ?? '.tidemark/watermarks.sqlite') };
}

function objectStoreOptions(main: MainFile, base: string, file: string): ObjectStoreConfig {
  const o = main.objectStore;
  const prefix = o.prefix ?? 'tidemark';
  if (o.type === 's3') {
    if (!o.bucket) throw configError(`${file}: objectStore.bucket is required for type s3`);
    return {
      type: 's3',
      prefix,
      bucket: o.bucket,
      endpoint: o.endpoint,
      region: o.region ?? 'us-east-1',
      accessKeyId: o.accessKeyId,
      secretAccessKey: o.secretAccessKey,
    };
  }
  return { type: 'local', prefix, directory: resolve(base, o.directory ?? '.tidemark/objects') };
}
