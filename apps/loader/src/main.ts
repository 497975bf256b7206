import { bootstrapService } from '@tidemark/service-kit';
import { LoaderModule } from './app/loader.module';

void bootstrapService('loader', LoaderModule, 3102);
