import { bootstrapService } from '@tidemark/service-kit';
import { ExtractorModule } from './app/extractor.module';

void bootstrapService('extractor', ExtractorModule, 3101, { readiness: ['watermarks', 'objectStore', 'sources'] });
