import { setTimeout as sleep } from 'node:timers/promises';
import { ErrorCode, TidemarkError } from '@tidemark/errors';
import { parseServiceUrl } from './service-url';

export interface HttpTransportOptions {
  /** The watermark service, e.g. `http://watermark:3100`. */
  url: string;
  token: string;
  /** Per attempt; default 30 s. */
  timeoutMs?: number;
  /** Waits before the 2nd, 3rd… attempt; default [200, 400] (3 attempts). [] disables retries. */
  retryDelaysMs?: number[];
}

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  query?: Record<string, string | undefined>;
  body?: unknown;
  /** Sent as `X-Tidemark-Actor`, recorded in the history. */
  actor?: string;
  /** False for a request that must not run twice (e.g. adding to counts). */
  idempotent?: boolean;
}

/** Gateway answers that mean the request did not reach (or was not done by) the service. */
const RETRIED_STATUSES = new Set([502, 503, 504]);

/**
 * The one place that talks HTTP to the watermark service: bearer token, JSON
 * both ways, a timeout per attempt, and error responses as TidemarkErrors.
 *
 * Retries (exponential backoff) happen only for network errors and 502/503/504,
 * never for another status: a 4xx is the final answer. POSTs are retried too:
 * the service's writes are idempotent — a commit is keyed by its manifest id
 * (sent twice, counted once), load commits skip loaded manifests, stage marks
 * and resets set absolute values, and a lease is re-granted to the same
 * holder. The one exception is adding to counts; its request says
 * `idempotent: false`. A timeout is not retried, so a call waits at most
 * `timeoutMs` for a service that accepted the request but is slow.
 */
export class HttpTransport {
  readonly url: string;
  private readonly timeoutMs: number;
  private readonly retryDelaysMs: number[];

  constructor(private readonly options: HttpTransportOptions) {
    this.url = parseServiceUrl(options.url);
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.retryDelaysMs = options.retryDelaysMs ?? [200, 400];
  }

  async request<T>(request: HttpRequest): Promise<T> {
    const retries = request.idempotent === false ? [] : this.retryDelaysMs;
    for (let attempt = 0; ; attempt++) {
      const canRetry = attempt < retries.length;
      let response: Response;
      try {
        response = await fetch(this.address(request), this.init(request));
      } catch (error) {
        if (isTimeout(error)) throw timeoutError(this.url, this.timeoutMs);
        if (!canRetry) throw unreachableError(this.url, error);
        await sleep(retries[attempt]);
        continue;
      }
      if (RETRIED_STATUSES.has(response.status) && canRetry) {
        await response.body?.cancel();
        await sleep(retries[attempt]);
        continue;
      }
      return this.decode<T>(response);
    }
  }

  private address({ path, query = {} }: HttpRequest): string {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, value);
    const search = params.toString();
    return `${this.url}${path}${search ? `?${search}` : ''}`;
  }

  private init({ method, body, actor }: HttpRequest): RequestInit {
    const headers: Record<string, string> = {
      Authorization: `Bearer ${this.options.token}`,
      Accept: 'application/json',
    };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (actor !== undefined) headers['X-Tidemark-Actor'] = actor;
    return {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(this.timeoutMs),
    };
  }

  private async decode<T>(response: Response): Promise<T> {
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      if (isTimeout(error)) throw timeoutError(this.url, this.timeoutMs);
      throw unreachableError(this.url, error);
    }
    const body = parseJson(text);
    if (!response.ok) throw responseError(this.url, response.status, body);
    return body as T;
  }
}

/** An empty body (204) is undefined; a body that is not JSON stays text. */
function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

// --- error responses -------------------------------------------------------

/** Statuses whose server message is already the user-facing one (the store's own TidemarkError). */
const CODES: Record<number, ErrorCode> = {
  400: 'BAD_INPUT',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  422: 'LOAD_MISMATCH',
};

/** The server's `message`: a string, or class-validator's list of strings. */
function serverMessage(body: unknown): string | null {
  const message = (body as { message?: unknown } | null)?.message;
  if (typeof message === 'string') return message;
  if (Array.isArray(message)) return message.map(String).join('; ');
  return null;
}

/** An error response of the watermark service at `service`, as a TidemarkError. */
function responseError(service: string, status: number, body: unknown): TidemarkError {
  if (status === 401) {
    return new TidemarkError(
      'CONFIG',
      `the watermark service at ${service} refused the token (401): set TIDEMARK_API_TOKEN`,
    );
  }
  const message = serverMessage(body) ?? (typeof body === 'string' && body.trim() ? body.trim().slice(0, 200) : null);
  const code = CODES[status];
  if (code && message) return new TidemarkError(code, message);
  return new TidemarkError(
    'WATERMARK_SERVICE',
    `the watermark service at ${service} answered ${status}: ${message ?? 'no message'}`,
  );
}

/** fetch failed before any response: refused, reset, DNS, TLS… */
function unreachableError(service: string, error: unknown): TidemarkError {
  const { message, cause } = error as { message?: string; cause?: { message?: string; code?: string } };
  const reason = cause?.message || cause?.code || message || String(error);
  return new TidemarkError('WATERMARK_SERVICE', `cannot reach the watermark service at ${service}: ${reason}`, {
    cause: error,
  });
}

function timeoutError(service: string, timeoutMs: number): TidemarkError {
  return new TidemarkError(
    'WATERMARK_SERVICE',
    `the watermark service at ${service} did not answer within ${timeoutMs / 1000} s`,
  );
}

/** AbortSignal.timeout's DOMException (not instanceof this realm's Error under jest). */
function isTimeout(error: unknown): boolean {
  return (error as { name?: unknown } | null)?.name === 'TimeoutError';
}
