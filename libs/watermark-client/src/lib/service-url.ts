import { TidemarkError } from '@tidemark/errors';

/** The URL as it may be shown: a user, password, query or fragment in it replaced by `***`. */
export function redactUrl(text: string): string {
  return text.replace(/\/\/[^/@\s]*@/, '//***@').replace(/[?#].*$/, '?***');
}

/**
 * The watermark service's base URL, e.g. `http://watermark:3100`. The token
 * travels in a header (TIDEMARK_API_TOKEN), so a URL holding credentials or
 * a query is refused, and never echoed with them.
 */
export function parseServiceUrl(value: string): string {
  const url = value.replace(/\/+$/, '');
  const shown = redactUrl(url);
  if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
    throw new TidemarkError('CONFIG', `invalid watermark service URL "${shown}": use e.g. http://host:3100`);
  }
  const parsed = new URL(url);
  if (parsed.username || parsed.password) {
    throw new TidemarkError(
      'CONFIG',
      `the watermark service URL "${shown}" holds a user or password: give http://host:port and the token in TIDEMARK_API_TOKEN`,
    );
  }
  if (parsed.search || parsed.hash) {
    throw new TidemarkError(
      'CONFIG',
      `the watermark service URL "${shown}" has a query or fragment: give http://host:port`,
    );
  }
  return url;
}
