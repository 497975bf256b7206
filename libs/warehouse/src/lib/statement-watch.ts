import type { ClientConfig, PoolClient } from 'pg';
import { TidemarkError } from '@tidemark/errors';
import { WarehouseTimeouts } from '@tidemark/timeouts';

// Defined in the timeouts model lib (config fills them in); re-exported for the warehouse's callers.
export { WAREHOUSE_TIMEOUT_DEFAULTS, withDefaults } from '@tidemark/timeouts';
export type { WarehouseTimeouts } from '@tidemark/timeouts';

type Socketed = { connection?: { stream?: { destroy(error?: Error): void } } };

/** Ends a pg client's socket at once: `end()` waits for a server that may never answer. */
export function destroyClient(client: unknown, error?: Error): void {
  (client as Socketed).connection?.stream?.destroy(error);
}

/**
 * Watches warehouse statements. PostgreSQL sends nothing while a statement
 * runs, so silence alone cannot tell a long MERGE from a frozen server or
 * network: after `readIdleTimeoutSeconds` without an answer the watch runs
 * `SELECT 1` on a new connection. A server that answers is working, and the
 * statement goes on (checked again each period, up to the statement
 * timeout); one that does not is stalled, and the statement's connection is
 * destroyed so the run fails instead of waiting forever.
 */
export class StatementWatch {
  constructor(
    private readonly clientConfig: ClientConfig,
    private readonly timeouts: WarehouseTimeouts,
    private readonly address: string,
  ) {}

  /**
   * `statement` on `client`, failing with an error naming the warehouse when
   * the server stalls. `onAlive` hears each sign of life: the statement's
   * end, and each answered check while it runs.
   */
  async run<T>(client: PoolClient, statement: () => Promise<T>, onAlive?: () => void): Promise<T> {
    const { readIdleTimeoutSeconds: idle, statementTimeoutSeconds: limit, connectTimeoutSeconds: connect } = this.timeouts;
    const started = Date.now();
    let timer: NodeJS.Timeout | undefined;
    let settled = false;
    const stalled = new Promise<never>((_, reject) => {
      const fail = (error: TidemarkError) => {
        if (settled) return;
        destroyClient(client, error);
        reject(error);
      };
      const check = async () => {
        const elapsed = (Date.now() - started) / 1000;
        if (elapsed >= limit + connect) return fail(this.error(`a statement ran ${Math.round(elapsed)} s (statementTimeoutSeconds: ${limit})`));
        const alive = await this.answers();
        if (settled) return;
        if (!alive) {
          return fail(
            this.error(
              `a statement got no answer for ${Math.round(elapsed)} s and a new connection got none within ${connect} s ` +
                `(readIdleTimeoutSeconds: ${idle}, connectTimeoutSeconds: ${connect})`,
            ),
          );
        }
        onAlive?.();
        arm(Math.min(idle, limit + connect - elapsed));
      };
      const arm = (seconds: number) => {
        timer = setTimeout(() => void check(), Math.max(0, seconds) * 1000);
        timer.unref();
      };
      arm(Math.min(idle, limit + connect));
    });
    stalled.catch(() => undefined);
    try {
      const result = await Promise.race([statement(), stalled]);
      onAlive?.();
      return result;
    } finally {
      settled = true;
      clearTimeout(timer);
    }
  }

  private error(what: string): TidemarkError {
    return new TidemarkError('WAREHOUSE_UNREACHABLE', `the warehouse at ${this.address} stopped answering: ${what}; the connection was closed`);
  }

  /** Whether a new connection runs `SELECT 1` within the connect timeout. */
  private async answers(): Promise<boolean> {
    const { Client } = await import('pg');
    const ms = this.timeouts.connectTimeoutSeconds * 1000;
    const probe = new Client({ ...this.clientConfig, connectionTimeoutMillis: ms, query_timeout: ms });
    probe.on('error', () => undefined);
    try {
      await probe.connect();
      await probe.query('SELECT 1');
      return true;
    } catch {
      return false;
    } finally {
      destroyClient(probe);
    }
  }
}
