export const REDACTED = '[Redacted]';

/**
 * Whether a query parameter's name says its value is a credential: `token`,
 * `access_token`, `api_key`, `apiKey`, `client_secret`, `password`,
 * `X-Amz-Signature`, `auth`… (any case, `-`/`_` ignored, `[]` suffixes too).
 */
export function isCredentialName(name: string): boolean {
  const n = name
    .replace(/\[.*$/, '')
    .replace(/[-_.\s]/g, '')
    .toLowerCase();
  return /token|secret|passw|pwd|apikey|signature|credential|auth|session/.test(n) || n === 'key' || n === 'sig';
}

function decoded(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

/** The URL with the value of every credential query parameter replaced; the rest is kept as sent. */
export function redactUrl(url: string): string {
  const at = url.indexOf('?');
  if (at < 0) return url;
  const params = url
    .slice(at + 1)
    .split('&')
    .map((pair) => {
      const name = pair.split('=', 1)[0];
      return isCredentialName(decoded(name)) ? `${name}=${REDACTED}` : pair;
    });
  return `${url.slice(0, at)}?${params.join('&')}`;
}

/** A parsed query (Express' extended parser nests objects) with credential values replaced; the original is untouched. */
export function redactQuery(query: unknown): unknown {
  if (typeof query !== 'object' || query === null) return query;
  if (Array.isArray(query)) return query.map(redactQuery);
  return Object.fromEntries(
    Object.entries(query).map(([name, value]) => [name, isCredentialName(name) ? REDACTED : redactQuery(value)]),
  );
}

/** pino's serialized request, as logged: credentials in the URL's query and in the parsed query replaced. */
export function redactRequest<T extends { url?: string; query?: unknown }>(req: T): T {
  return { ...req, url: typeof req.url === 'string' ? redactUrl(req.url) : req.url, query: redactQuery(req.query) };
}
