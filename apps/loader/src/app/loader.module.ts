import { Module } from '@nestjs/common';
import { TidemarkCoreModule } from '@tidemark/service-kit';
import { RunsController } from './runs.controller';

@Module({ imports: [TidemarkCoreModule.forRoot()], controllers: [RunsController] })
export class LoaderModule {}
