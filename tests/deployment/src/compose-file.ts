import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DOCKER, readYaml } from './repo-files';

/** The parts of a Compose service these checks read. */
export interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string };
  environment?: Record<string, string> | string[];
  volumes?: string[];
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  restart?: string;
  profiles?: string[];
}

export interface ComposeFile {
  services: Record<string, ComposeService>;
}

export const COMPOSE_FILE = join(DOCKER, 'compose.yml');
export const ENV_EXAMPLE = join(DOCKER, '.env.example');

export const readCompose = () => readYaml<ComposeFile>(COMPOSE_FILE);

/** `KEY=value` lines of a Compose env file; comments and blank lines skipped. */
export function readEnvFile(path: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const match = /^\s*([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (match) vars[match[1]] = match[2].trim();
  }
  return vars;
}

const REFERENCE = /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?)([?-])([^}]*))?\}/g;

/**
 * Compose's interpolation of a value: `${NAME}`, `${NAME:-default}`,
 * `${NAME:?error}` (and their forms without `:`), and `$$` for `$`.
 */
export function interpolate(value: string, vars: Record<string, string>): string {
  return value.replace(REFERENCE, (whole, name?: string, colon?: string, kind?: string, text?: string) => {
    if (whole === '$$') return '$';
    const found = vars[name as string];
    const missing = found === undefined || (colon === ':' && found === '');
    if (!missing) return found;
    if (kind === '?') throw new Error(`compose refuses to start: ${name} is not set (${text})`);
    return kind === '-' ? (text as string) : '';
  });
}

/** A service's `environment:` as a mapping, whichever form the file uses. */
export function environmentOf(service: ComposeService): Record<string, string> {
  const env = service.environment ?? {};
  if (!Array.isArray(env)) return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, String(v)]));
  return Object.fromEntries(env.map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
}

/** The environment the service's container gets, with `vars` (docker/.env) substituted as Compose does. */
export function containerEnvironment(service: ComposeService, vars: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(environmentOf(service)).map(([k, v]) => [k, interpolate(v, vars)]));
}

export interface PortMapping {
  hostIp?: string;
  hostPort: number;
  containerPort: number;
}

/** `[ip:]host:container` short syntax. */
export function parsePort(spec: string): PortMapping {
  const parts = spec.split(':');
  if (parts.length < 2 || parts.length > 3) throw new Error(`port "${spec}": expected [ip:]host:container`);
  const [containerPort, hostPort, hostIp] = parts.reverse();
  return { hostIp, hostPort: Number(hostPort), containerPort: Number(containerPort) };
}

export interface VolumeMount {
  source: string;
  target: string;
  readOnly: boolean;
}

/** `source:target[:ro]` short syntax. */
export function parseVolume(spec: string): VolumeMount {
  const [source, target, mode] = spec.split(':');
  return { source, target, readOnly: mode === 'ro' };
}
