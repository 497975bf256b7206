import { Controller, DynamicModule, Get, Global, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { TidemarkConfig } from '@tidemark/config';
import { SyncModule } from '@tidemark/sync';
import { readServiceEnv } from './observability/service-env';

@Controller('health')
class HealthController {
  @Get()
  health() {
    return { status: 'ok' };
  }
}

/**
 * What every Tidemark service shares: its settings from the environment,
 * checked at boot; SyncModule over the config (the connections it names,
 * each opened on first use and closed when the app closes, and the sync
 * services: the same module the CLI composes); and GET /health (liveness:
 * the process answers; it checks nothing else, so a down database never
 * gets the process restarted; GET /ready says that).
 */
@Global()
@Module({})
export class TidemarkCoreModule {
  static forConfig(config: TidemarkConfig): DynamicModule {
    return {
      module: TidemarkCoreModule,
      imports: [
        // A bad PORT, LOG_LEVEL … stops the boot with a CONFIG error naming the variable.
        ConfigModule.forRoot({ isGlobal: true, validate: (env) => (readServiceEnv(env), env) }),
        SyncModule.forConfig(config),
      ],
      controllers: [HealthController],
      exports: [SyncModule],
    };
  }
}
