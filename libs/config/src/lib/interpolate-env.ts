import { TidemarkError } from '@tidemark/errors';

/**
 * Replaces `${NAME}` (and `${NAME:-default}`) in every string of a parsed
 * YAML document. A missing variable is an error naming it and the file:
 * secrets never fall back to an empty string silently.
 */
export function interpolateEnv(value: unknown, env: NodeJS.ProcessEnv, file: string): unknown {
  if (typeof value === 'string') {
    return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g, (_m, name: string, fallback?: string) => {
      const found = env[name] ?? fallback;
      if (found === undefined) {
        throw new TidemarkError('CONFIG', `${file}: environment variable ${name} is not set`);
      }
      return found;
    });
  }
  if (Array.isArray(value)) return value.map((v) => interpolateEnv(v, env, file));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolateEnv(v, env, file)]));
  }
  return value;
}
