import type * as DuckdbApi from '@duckdb/node-api';

let loaded: typeof DuckdbApi | undefined;

/**
 * @duckdb/node-api, loaded when the first session opens: requiring it cost
 * ~0.3 s of every command's start, and most commands never read or write
 * Parquet.
 */
export async function loadDuckdb(): Promise<typeof DuckdbApi> {
  return (loaded ??= await import('@duckdb/node-api'));
}

/** The module a session already loaded: for code that runs only inside an open session. */
export function loadedDuckdb(): typeof DuckdbApi {
  if (!loaded) throw new Error('@duckdb/node-api is used before a DuckDB session was opened');
  return loaded;
}
