import { Module } from '@nestjs/common';
import { TidemarkCoreModule } from '@tidemark/service-kit';
import { LeasesController } from './leases.controller';
import { SettingsController } from './settings.controller';
import { StagesController } from './stages.controller';
import { TransferController } from './transfer.controller';
import { watermarkApiProvider } from './watermark-api.provider';
import { WatermarksController } from './watermarks.controller';

@Module({
  imports: [TidemarkCoreModule.forRoot()],
  controllers: [WatermarksController, StagesController, LeasesController, SettingsController, TransferController],
  providers: [watermarkApiProvider],
})
export class WatermarkServiceModule {}
