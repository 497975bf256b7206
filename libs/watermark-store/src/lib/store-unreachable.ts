import { TidemarkError } from '@tidemark/errors';
import { WatermarkStoreOptions } from './watermark-store-options';

/** Network errors that mean the store's server did not answer (as opposed to refusing what was asked). */
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNRESET',
]);

/** SQLite gave up waiting for another process's write lock on the file (busy_timeout): the store is busy, not down. */
export function isSqliteBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

/** A PostgreSQL URL without its password and query (which may hold one): scheme, user, host, port, database. */
function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.username ? `${u.username}@` : ''}${u.host}${u.pathname}`;
  } catch {
    return 'an unreadable URL';
  }
}

/** Which store, and where, with secrets left out: `PostgreSQL watermark store at postgresql://user@host:5432/db`. */
export function describeStore(options: WatermarkStoreOptions): string {
  if (options.type === 'sqlite') return `SQLite watermark store at ${options.path}`;
  const schema = options.schema ? ` (schema ${options.schema})` : '';
  return `PostgreSQL watermark store at ${safeUrl(options.url)}${schema}`;
}

/** Why the store could not be opened, as one line that names it; the original error is kept as the cause. */
export function storeOpenError(options: WatermarkStoreOptions, error: unknown): TidemarkError {
  const { code, message } = error as { code?: string; message?: string };
  const verb = code && UNREACHABLE.has(code) ? 'cannot reach' : 'cannot open';
  const reason = (message ?? String(error)).split('\n')[0];
  return new TidemarkError('WATERMARK_STORE', `${verb} the ${describeStore(options)}: ${reason}`, { cause: error });
}
