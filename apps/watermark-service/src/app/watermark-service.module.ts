import { Module } from '@nestjs/common';
import { TidemarkCoreModule } from '@tidemark/service-kit';
import { WatermarksController } from './watermarks.controller';

@Module({ imports: [TidemarkCoreModule.forRoot()], controllers: [WatermarksController] })
export class WatermarkServiceModule {}
