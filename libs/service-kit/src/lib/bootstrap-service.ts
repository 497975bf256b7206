import { INestApplication, Module, Type, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { loadConfig, TidemarkConfig } from '@tidemark/config';
import { Logger as NestPinoLogger, PinoLogger } from 'nestjs-pino';
import { requireApiToken } from './bearer-token.middleware';
import { logProcessWarnings } from './observability/process-warnings';
import { requestLogger } from './observability/request-logger';
import { readServiceEnv } from './observability/service-env';
import { createServiceLogger, ServiceLogger } from './observability/service-logger';
import { ReadinessCheck, ServiceRuntime } from './observability/service-runtime';
import { ServiceRuntimeModule } from './observability/service-runtime.module';
import { TidemarkMetrics } from './observability/tidemark-metrics';
import { applyHttpSecurity } from './security/apply-http-security';
import { DEFAULT_BODY_LIMIT, httpSecurityFromEnv } from './security/http-security-settings';
import { keepConnectionsOpenLongerThanProxies } from './keep-alive';
import { TidemarkCoreModule } from './tidemark-core.module';
import { TidemarkErrorFilter } from './tidemark-error.filter';

export { httpSecurityFromEnv } from './security/http-security-settings';

export interface ServiceOptions {
  /** On every log line and metric (default `tidemark`). */
  name?: string;
  /** Title of the OpenAPI document served at /docs; none: no /docs. */
  openApiTitle?: string;
  /** Largest accepted JSON body (default 1mb); larger ones get 413. */
  bodyLimit?: string;
  /** Browser origins allowed by CORS; none (the default): CORS off. */
  corsOrigins?: string[];
  /** The service's pino logger (default: JSON at info on stdout); false: no logs at all. */
  logger?: false | ServiceLogger;
  /** The share of successful requests (probes aside) that get a log line, 0 to 1 (default 1); failed and slow ones always do. TIDEMARK_REQUEST_LOG_SAMPLE overrides it. */
  requestLogSample?: number;
  /** When set, every route but the probes and the scrape requires this bearer token. */
  bearerToken?: string;
  /** What GET /ready checks (default: the watermark store or service). */
  readiness?: ReadinessCheck[];
  /** The config, already loaded; none: the directory TIDEMARK_CONFIG names (default ./config) is loaded here. */
  config?: TidemarkConfig;
}

/** Nest's own log lines (startup, errors with stacks) through the same pino logger, before the app exists. */
function nestLoggerFor(logger: ServiceLogger): NestPinoLogger {
  const params = { pinoHttp: { logger } };
  return new NestPinoLogger(new PinoLogger(params), params);
}

/**
 * The root of every service: its own module next to the core (the config's
 * connections and sync services, /health) and inside the service runtime
 * (logs, /ready, /metrics).
 */
@Module({})
class TidemarkServiceRoot {}

/**
 * A service app with the same pipes, filters and limits whether it is
 * started for real or by a test: JSON request logs, security headers,
 * bearer token, JSON-only size-limited bodies, bodies validated and
 * stripped of unknown fields, TidemarkErrors mapped to statuses (and
 * counted), GET /health, /ready and /metrics.
 */
export async function createServiceApp(module: Type<unknown>, options: ServiceOptions = {}): Promise<INestApplication> {
  const name = options.name ?? 'tidemark';
  const logger =
    options.logger === false ? createServiceLogger(name, 'silent') : (options.logger ?? createServiceLogger(name));
  const runtime: ServiceRuntime = { name, logger, readiness: options.readiness ?? ['watermarks'] };
  const config = options.config ?? loadConfig(readServiceEnv(process.env).configDir);
  const app = await NestFactory.create(
    {
      module: TidemarkServiceRoot,
      imports: [ServiceRuntimeModule.forService(runtime), TidemarkCoreModule.forConfig(config), module],
    },
    {
      bodyParser: false,
      // A module that fails to start throws to the caller, which says why in one line.
      abortOnError: false,
      logger: options.logger === false ? false : nestLoggerFor(logger),
    },
  );
  keepConnectionsOpenLongerThanProxies(app);
  app.use(requestLogger(logger, { sample: options.requestLogSample }));
  applyHttpSecurity(app, {
    bearerToken: options.bearerToken,
    bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
    corsOrigins: options.corsOrigins ?? [],
  });
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  app.useGlobalFilters(new TidemarkErrorFilter(app.get(TidemarkMetrics)));
  // SIGTERM/SIGINT: the shutdown hooks run (runs stop, connections close), then exit 0, logs flushed.
  app.enableShutdownHooks([], { useProcessExit: true });
  if (options.openApiTitle) {
    const config = new DocumentBuilder().setTitle(options.openApiTitle).addBearerAuth().build();
    SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, config));
  }
  return app;
}

export interface BootstrapOptions extends Omit<ServiceOptions, 'name' | 'logger' | 'config'> {
  /** Take the bearer token from TIDEMARK_API_TOKEN, and refuse to start without one. */
  requireApiToken?: boolean;
}

/**
 * Starts a service on PORT/HOST (default 127.0.0.1), logging JSON lines at
 * LOG_LEVEL, successful requests sampled at TIDEMARK_REQUEST_LOG_SAMPLE (unset: the service's requestLogSample). Everything it is configured with is checked before the app is
 * created: PORT, LOG_LEVEL, TIDEMARK_METRICS_TOKEN, the API token when
 * required, TIDEMARK_BODY_LIMIT and TIDEMARK_CORS_ORIGINS (unless given),
 * and the config directory (loadConfig). A service that cannot start says
 * why in one log line and exits 1.
 */
export async function bootstrapService(
  name: string,
  module: Type<unknown>,
  defaultPort: number,
  { requireApiToken: needsToken, ...options }: BootstrapOptions = {},
): Promise<void> {
  let logger = createServiceLogger(name);
  try {
    const env = readServiceEnv(process.env);
    logger = createServiceLogger(name, env.logLevel);
    logProcessWarnings(logger);
    const bearerToken = needsToken ? requireApiToken() : options.bearerToken;
    const security = httpSecurityFromEnv();
    const config = loadConfig(env.configDir);
    const app = await createServiceApp(module, {
      ...security,
      ...options,
      name,
      logger,
      config,
      bearerToken,
      requestLogSample: env.requestLogSample ?? options.requestLogSample,
    });
    const port = env.port ?? defaultPort;
    await app.listen(port, env.host);
    logger.info({ port, host: env.host }, `${name} listening on http://${env.host}:${port}`);
  } catch (error) {
    logger.fatal(`${name} could not start: ${(error as Error).message}`);
    process.exitCode = 1;
    process.exit();
  }
}
