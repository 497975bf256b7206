import { bootstrapService } from '@tidemark/service-kit';
import { WatermarkServiceModule } from './app/watermark-service.module';

void bootstrapService('watermark-service', WatermarkServiceModule, 3100, {
  openApiTitle: 'Tidemark watermark service',
  requireApiToken: true,
  readiness: ['watermarks'],
  // Hundreds of lease calls a second, each change already recorded in the store's history and lease events:
  // one success in a hundred gets a line by default; failures and slow requests always do (decision 0045).
  requestLogSample: 0.01,
});
