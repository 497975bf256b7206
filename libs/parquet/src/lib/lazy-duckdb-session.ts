import { DuckdbSession, DuckdbSessionOptions } from './duckdb-session';

/**
 * A DuckDB session opened on first use. Most incremental runs find nothing
 * new, and opening and closing DuckDB was a tenth of such a run's CPU.
 */
export class LazyDuckdbSession {
  private opening?: Promise<DuckdbSession>;

  constructor(private readonly options: DuckdbSessionOptions) {}

  get(): Promise<DuckdbSession> {
    this.opening ??= DuckdbSession.open(this.options);
    return this.opening;
  }

  /** Closes the session if it was opened. */
  async close(): Promise<void> {
    if (!this.opening) return;
    const session = await this.opening.catch(() => undefined);
    session?.close();
  }
}
