import { bootstrapService } from '@tidemark/service-kit';
import { WatermarkServiceModule } from './app/watermark-service.module';

void bootstrapService('watermark-service', WatermarkServiceModule, 3100, {
  openApiTitle: 'Tidemark watermark service',
  requireApiToken: true,
  readiness: ['watermarks'],
});
