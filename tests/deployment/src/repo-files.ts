import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { Dockerfile, parseDockerfile } from './dockerfile';

/** Where the deployment files and the apps they package live. */
export const ROOT = resolve(__dirname, '../../..');
export const DOCKER = join(ROOT, 'docker');
export const K8S = join(DOCKER, 'k8s');

export const SERVICE_APPS = ['watermark-service', 'extractor', 'loader'] as const;
export const APPS = [...SERVICE_APPS, 'cli'] as const;
export type AppName = (typeof APPS)[number];
export type ServiceApp = (typeof SERVICE_APPS)[number];

export const dockerfilePath = (app: AppName) => join(DOCKER, `${app}.Dockerfile`);

export function readDockerfile(app: AppName): Dockerfile {
  return parseDockerfile(readFileSync(dockerfilePath(app), 'utf8'));
}

/** The port a service's main.ts gives bootstrapService: what it listens on when PORT is not set. */
export function appDefaultPort(app: ServiceApp): number {
  const main = readFileSync(join(ROOT, 'apps', app, 'src/main.ts'), 'utf8');
  const match = /bootstrapService\(\s*'([\w-]+)',\s*\w+,\s*(\d+)/.exec(main);
  if (!match) throw new Error(`apps/${app}/src/main.ts: no bootstrapService('name', Module, port) call`);
  return Number(match[2]);
}

/** One YAML document, with merge keys (`<<: *anchor`) as Compose reads them. */
export function readYaml<T>(path: string): T {
  return parse(readFileSync(path, 'utf8'), { merge: true }) as T;
}

export function readYamlDocuments<T>(path: string): T[] {
  return parseAllDocuments(readFileSync(path, 'utf8'), { merge: true }).map((doc) => {
    if (doc.errors.length > 0) throw new Error(`${path}: ${doc.errors[0].message}`);
    return doc.toJS() as T;
  });
}

/** `registry/name:tag` → `registry/name` (a port in the registry host is not a tag). */
export function imageRepository(image: string): string {
  const slash = image.lastIndexOf('/');
  const colon = image.lastIndexOf(':');
  return colon > slash ? image.slice(0, colon) : image;
}

export function imageTag(image: string): string | undefined {
  const repository = imageRepository(image);
  return repository === image ? undefined : image.slice(repository.length + 1);
}

/** The numeric uid of a Dockerfile USER (`1000:1000` → 1000), or NaN for a name. */
export const userId = (user: string) => Number(user.split(':')[0]);

/** Environment variable names that hold secrets. */
export const SECRET_NAME = /PASSWORD|SECRET|TOKEN|ACCESS_KEY|PRIVATE_KEY|PASSPHRASE/i;
