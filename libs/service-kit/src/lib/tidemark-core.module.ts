import { Controller, DynamicModule, Get, Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { loadConfig } from '@tidemark/config';
import { EmbeddedContext } from '@tidemark/sync';
import { readServiceEnv } from './observability/service-env';
import { SERVICE_RUNTIME, ServiceRuntime } from './observability/service-runtime';

@Controller('health')
class HealthController {
  @Get()
  health() {
    return { status: 'ok' };
  }
}

class ContextCloser implements OnApplicationShutdown {
  constructor(@Inject(EmbeddedContext) private readonly ctx: EmbeddedContext) {}

  async onApplicationShutdown(): Promise<void> {
    await this.ctx.close();
  }
}

/**
 * What every Tidemark service shares: the config directory (TIDEMARK_CONFIG,
 * default ./config) read and validated at boot, the stores it names, and
 * GET /health (liveness: the process answers; it checks nothing else, so a
 * down database never gets the process restarted; GET /ready says that).
 */
@Global()
@Module({})
export class TidemarkCoreModule {
  static forRoot(): DynamicModule {
    return {
      module: TidemarkCoreModule,
      // A bad PORT, LOG_LEVEL … stops the boot with a CONFIG error naming the variable.
      imports: [ConfigModule.forRoot({ isGlobal: true, validate: (env) => (readServiceEnv(env), env) })],
      controllers: [HealthController],
      providers: [
        {
          provide: EmbeddedContext,
          inject: [ConfigService, { token: SERVICE_RUNTIME, optional: true }],
          // bootstrapService loaded and checked the config before creating the app: use that one.
          useFactory: (config: ConfigService, runtime?: ServiceRuntime) =>
            new EmbeddedContext(runtime?.config ?? loadConfig(config.get<string>('TIDEMARK_CONFIG') || 'config')),
        },
        ContextCloser,
      ],
      exports: [EmbeddedContext],
    };
  }
}
