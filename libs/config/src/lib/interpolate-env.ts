import { TidemarkError } from '@tidemark/errors';
import { KeyPath } from './config-problem';

const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

/**
 * Replaces `${NAME}` (and `${NAME:-default}`) in every string of a parsed
 * YAML document. Each variable that is not set and has no default is passed
 * to `onMissing` with the key path of the value that names it: secrets never
 * fall back to an empty string silently.
 */
export function substituteEnv(
  value: unknown,
  env: NodeJS.ProcessEnv,
  onMissing: (path: KeyPath, name: string) => void,
  path: KeyPath = [],
): unknown {
  if (typeof value === 'string') {
    return value.replace(REFERENCE, (m, name: string, fallback?: string) => {
      const found = env[name] ?? fallback;
      if (found === undefined) onMissing(path, name);
      return found ?? m;
    });
  }
  if (Array.isArray(value)) return value.map((v, i) => substituteEnv(v, env, onMissing, [...path, i]));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, substituteEnv(v, env, onMissing, [...path, k])]),
    );
  }
  return value;
}

/** `substituteEnv` that throws at the first missing variable, naming it and the file. */
export function interpolateEnv(value: unknown, env: NodeJS.ProcessEnv, file: string): unknown {
  return substituteEnv(value, env, (_path, name) => {
    throw new TidemarkError('CONFIG', `${file}: environment variable ${name} is not set`);
  });
}
