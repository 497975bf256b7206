/** Liveness, readiness and the Prometheus scrape: read-only, called every few seconds by machines without the API token. */
export const PROBE_PATHS: ReadonlySet<string> = new Set(['/health', '/ready', '/metrics']);
