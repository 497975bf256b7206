import { bootstrapService } from '@tidemark/service-kit';
import { LoaderModule } from './app/loader.module';

// No MySQL: a loader reads only registered manifests.
void bootstrapService('loader', LoaderModule, 3102, { readiness: ['watermarks', 'objectStore', 'warehouse'] });
