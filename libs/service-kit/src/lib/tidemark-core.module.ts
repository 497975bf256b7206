import { Controller, DynamicModule, Get, Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { loadConfig } from '@tidemark/config';
import { EmbeddedContext } from '@tidemark/sync';

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
 * GET /health.
 */
@Global()
@Module({})
export class TidemarkCoreModule {
  static forRoot(): DynamicModule {
    return {
      module: TidemarkCoreModule,
      imports: [ConfigModule.forRoot({ isGlobal: true })],
      controllers: [HealthController],
      providers: [
        {
          provide: EmbeddedContext,
          inject: [ConfigService],
          useFactory: (config: ConfigService) =>
            new EmbeddedContext(loadConfig(config.get<string>('TIDEMARK_CONFIG') ?? 'config')),
        },
        ContextCloser,
      ],
      exports: [EmbeddedContext],
    };
  }
}
