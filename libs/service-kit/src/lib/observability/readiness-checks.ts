import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorFunction, HealthIndicatorService } from '@nestjs/terminus';
import { maskUrlPassword } from '@tidemark/config';
import { EmbeddedContext } from '@tidemark/sync';
import { SERVICE_RUNTIME, ServiceRuntime } from './service-runtime';
import { SharedWatermarks } from './shared-watermarks';
import { sourceConnections } from './source-connections';
import { withTimeout } from './with-timeout';

/** Longest wait for one dependency; Kubernetes' probe timeout must be above it. */
export const READINESS_TIMEOUT_MS = 5_000;

/** The folder an object-store probe lists: nothing lives there, so a listing costs one request. */
const PROBE_PREFIX = '_tidemark_ready/';

const messageOf = (error: unknown) => maskUrlPassword(error instanceof Error ? error.message : String(error));

/**
 * One terminus indicator per dependency the service needs, each `up` or
 * `down` with the error that says why. Connections to MySQL and the
 * warehouse are opened fresh on a throwaway context and closed, so a probe
 * never waits behind a long extraction on the shared connection and says
 * whether a new connection would work now. The watermark authority is
 * asked through the service's own (pooled) connection.
 */
@Injectable()
export class ReadinessChecks {
  constructor(
    @Inject(EmbeddedContext) private readonly ctx: EmbeddedContext,
    @Inject(SERVICE_RUNTIME) private readonly runtime: ServiceRuntime,
    private readonly watermarks: SharedWatermarks,
    private readonly health: HealthIndicatorService,
  ) {}

  indicators(): HealthIndicatorFunction[] {
    return this.runtime.readiness.flatMap((check): HealthIndicatorFunction[] => {
      switch (check) {
        case 'watermarks':
          return [() => this.probe('watermarks', async () => (await this.watermarks.get()).getDefaultWatermark())];
        case 'objectStore':
          return [() => this.probe('objectStore', () => this.listNothing())];
        case 'warehouse':
          return [() => this.probe('warehouse', () => this.onThrowawayContext((probe) => probe.warehouse()))];
        case 'sources':
          return sourceConnections(this.ctx.config).map(
            (name) => () => this.probe(`mysql:${name}`, () => this.onThrowawayContext((probe) => probe.source(name))),
          );
      }
    });
  }

  private async probe(key: string, work: () => Promise<unknown>) {
    const indicator = this.health.check(key);
    try {
      await withTimeout(work(), READINESS_TIMEOUT_MS);
      return indicator.up();
    } catch (error) {
      return indicator.down({ message: messageOf(error) });
    }
  }

  /** One listing request under a folder that holds nothing: the bucket exists and the keys may read it. */
  private async listNothing(): Promise<void> {
    const prefix = this.ctx.config.objectStore.prefix;
    const folder = prefix ? `${prefix.replace(/\/+$/, '')}/${PROBE_PREFIX}` : PROBE_PREFIX;
    const listing = this.ctx.store().list(folder)[Symbol.asyncIterator]();
    await listing.next();
    await listing.return?.();
  }

  private async onThrowawayContext(open: (probe: EmbeddedContext) => Promise<unknown>): Promise<void> {
    const probe = new EmbeddedContext(this.ctx.config);
    try {
      await open(probe);
    } finally {
      await probe.close();
    }
  }
}
