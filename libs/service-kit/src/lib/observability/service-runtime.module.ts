import { DynamicModule, Global, Inject, MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { TerminusModule } from '@nestjs/terminus';
import { LoggerModule, PinoLogger } from 'nestjs-pino';
import { RUN_REPORTER } from '@tidemark/pipeline-runs';
import { WatermarkConnection } from '@tidemark/sync';
import { bearerTokenMiddleware } from '../bearer-token.middleware';
import { MetricsController } from './metrics.controller';
import { ReadinessChecks } from './readiness-checks';
import { ReadyController } from './ready.controller';
import { RunObserver } from './run-observer';
import { readServiceEnv, SERVICE_ENV, SERVICE_ENV_KEYS, ServiceEnv } from './service-env';
import { SERVICE_RUNTIME, ServiceRuntime } from './service-runtime';
import { registerTableLag } from './table-lag';
import { TidemarkMetrics } from './tidemark-metrics';

/** The service settings, read through Nest's ConfigService and checked when the app boots. */
const serviceEnvProvider = {
  provide: SERVICE_ENV,
  inject: [ConfigService],
  useFactory: (config: ConfigService): ServiceEnv =>
    readServiceEnv(Object.fromEntries(SERVICE_ENV_KEYS.map((key) => [key, config.get<string>(key)]))),
};

/** The metrics, with the lag gauge reading the service's watermark authority at each scrape. */
const metricsProvider = {
  provide: TidemarkMetrics,
  inject: [SERVICE_RUNTIME, WatermarkConnection, PinoLogger],
  useFactory: (runtime: ServiceRuntime, watermarks: WatermarkConnection, logger: PinoLogger) => {
    const metrics = new TidemarkMetrics(runtime.name);
    logger.setContext('TableLag');
    registerTableLag(
      metrics.registry,
      async () => (await watermarks.api()).list(),
      (error) => logger.warn({ err: error }, 'tidemark_table_lag_seconds: the watermarks could not be read'),
    );
    return metrics;
  },
};

/**
 * What createServiceApp adds around a service's own module: JSON logs
 * (nestjs-pino over the runtime's pino logger; the request logger itself
 * is mounted first by createServiceApp), GET /ready (terminus) and GET
 * /metrics (prom-client), and the run observer the extractor's and the
 * loader's RunTracker reports to (as RUN_REPORTER). The connections it
 * checks and reads come from the core module (TidemarkCoreModule).
 */
@Global()
@Module({})
export class ServiceRuntimeModule implements NestModule {
  constructor(@Inject(SERVICE_ENV) private readonly env: ServiceEnv) {}

  static forService(runtime: ServiceRuntime): DynamicModule {
    return {
      module: ServiceRuntimeModule,
      imports: [
        // useExisting: the request logger is already mounted; this binds its per-request logger for PinoLogger.
        LoggerModule.forRoot({ pinoHttp: { logger: runtime.logger }, useExisting: true }),
        TerminusModule.forRoot({ errorLogStyle: 'json' }),
      ],
      controllers: [ReadyController, MetricsController],
      providers: [
        { provide: SERVICE_RUNTIME, useValue: runtime },
        serviceEnvProvider,
        ReadinessChecks,
        metricsProvider,
        RunObserver,
        { provide: RUN_REPORTER, useExisting: RunObserver },
      ],
      exports: [SERVICE_RUNTIME, SERVICE_ENV, TidemarkMetrics, RUN_REPORTER],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    if (!this.env.metricsToken) return;
    consumer
      .apply(bearerTokenMiddleware(this.env.metricsToken, () => false))
      .forRoutes({ path: 'metrics', method: RequestMethod.ALL });
  }
}
