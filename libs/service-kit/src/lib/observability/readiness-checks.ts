import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorFunction, HealthIndicatorService } from '@nestjs/terminus';
import { maskUrlPassword, TidemarkConfig } from '@tidemark/config';
import { ObjectStore } from '@tidemark/object-store';
import { OBJECT_STORE, SourceConnections, TIDEMARK_CONFIG, WarehouseConnection, WatermarkConnection } from '@tidemark/sync';
import { SERVICE_RUNTIME, ServiceRuntime } from './service-runtime';
import { sourceConnectionNames } from './source-connection-names';
import { withTimeout } from './with-timeout';

/** Longest wait for one dependency; Kubernetes' probe timeout must be above it. */
export const READINESS_TIMEOUT_MS = 5_000;

/** The folder an object-store probe lists: nothing lives there, so a listing costs one request. */
const PROBE_PREFIX = '_tidemark_ready/';

const messageOf = (error: unknown) => maskUrlPassword(error instanceof Error ? error.message : String(error));

/** A connection a probe opens for itself and closes (the connection classes close on app shutdown). */
interface ProbeConnection {
  onApplicationShutdown(): Promise<void>;
}

/**
 * One terminus indicator per dependency the service needs, each `up` or
 * `down` with the error that says why. Connections to MySQL and the
 * warehouse are opened fresh for the probe and closed, so a probe never
 * waits behind a long extraction on the shared connection and says whether
 * a new connection would work now. The watermark authority is asked
 * through the service's own (pooled) connection.
 */
@Injectable()
export class ReadinessChecks {
  constructor(
    @Inject(TIDEMARK_CONFIG) private readonly config: TidemarkConfig,
    @Inject(OBJECT_STORE) private readonly store: ObjectStore,
    @Inject(WatermarkConnection) private readonly watermarks: WatermarkConnection,
    @Inject(SERVICE_RUNTIME) private readonly runtime: ServiceRuntime,
    @Inject(HealthIndicatorService) private readonly health: HealthIndicatorService,
  ) {}

  indicators(): HealthIndicatorFunction[] {
    return this.runtime.readiness.flatMap((check): HealthIndicatorFunction[] => {
      switch (check) {
        case 'watermarks':
          return [() => this.probe('watermarks', async () => (await this.watermarks.api()).getDefaultWatermark())];
        case 'objectStore':
          return [() => this.probe('objectStore', () => this.listNothing())];
        case 'warehouse':
          return [
            () =>
              this.probe('warehouse', () =>
                this.onItsOwn(new WarehouseConnection(this.config, this.store), (probe) => probe.warehouse()),
              ),
          ];
        case 'sources':
          return sourceConnectionNames(this.config).map(
            (name) => () =>
              this.probe(`mysql:${name}`, () =>
                this.onItsOwn(new SourceConnections(this.config), (probe) => probe.source(name)),
              ),
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
    const prefix = this.config.objectStore.prefix;
    const folder = prefix ? `${prefix.replace(/\/+$/, '')}/${PROBE_PREFIX}` : PROBE_PREFIX;
    const listing = this.store.list(folder)[Symbol.asyncIterator]();
    await listing.next();
    await listing.return?.();
  }

  private async onItsOwn<C extends ProbeConnection>(probe: C, open: (probe: C) => Promise<unknown>): Promise<void> {
    try {
      await open(probe);
    } finally {
      await probe.onApplicationShutdown();
    }
  }
}
