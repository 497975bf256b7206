/** Keys whose values are secrets wherever they appear in the config. */
export const SECRET_KEYS = [
  'password',
  'secretAccessKey',
  'sessionToken',
  'token',
  'privateKey',
  'passphrase',
] as const;

export const MASK = '***';

const secretKeys = new Set<string>(SECRET_KEYS.map((k) => k.toLowerCase()));

export const isSecretKey = (key: string | number): boolean => secretKeys.has(String(key).toLowerCase());

/** `postgres://user:secret@host/db` → `postgres://user:***@host/db`; other text unchanged. */
export function maskUrlPassword(text: string): string {
  // Greedy up to the last `@` of the authority: a password may hold an unencoded `@`.
  return text.replace(/\b([a-z][a-z0-9+.-]*:\/\/[^\s:/?#@]*:)[^\s/?#]+@/gi, `$1${MASK}@`);
}

/**
 * A copy of `value` with every secret replaced by `***`: the values of
 * secret keys (an empty one stays empty, so "no password" still shows) and
 * passwords inside URLs.
 */
export function maskSecrets(value: unknown, key?: string | number): unknown {
  if (typeof value === 'string') {
    if (key !== undefined && isSecretKey(key)) return value === '' ? '' : MASK;
    return maskUrlPassword(value);
  }
  if (key !== undefined && isSecretKey(key) && value !== undefined && value !== null && typeof value !== 'object')
    return MASK;
  if (Array.isArray(value)) return value.map((v) => maskSecrets(v));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskSecrets(v, k)]));
  }
  return value;
}
