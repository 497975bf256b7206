import { Module } from '@nestjs/common';
import { dashboardPublicPathsProvider } from '../dashboard/dashboard-paths';
import { DashboardController } from './dashboard.controller';
import { LeasesController } from './leases.controller';
import { ManifestsController } from './manifests.controller';
import { SettingsController } from './settings.controller';
import { StagesController } from './stages.controller';
import { TransferController } from './transfer.controller';
import { watermarkApiProvider } from './watermark-api.provider';
import { WatermarksController } from './watermarks.controller';

/**
 * The watermark API and its dashboard over the configured store, which
 * createServiceApp's core module opens (WatermarkConnection).
 */
@Module({
  controllers: [
    WatermarksController,
    StagesController,
    LeasesController,
    SettingsController,
    TransferController,
    DashboardController,
    ManifestsController,
  ],
  providers: [watermarkApiProvider, dashboardPublicPathsProvider],
})
export class WatermarkServiceModule {}
