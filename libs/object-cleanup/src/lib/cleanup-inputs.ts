import { ObjectStore } from '@tidemark/object-store';
import { WatermarkApi } from '@tidemark/watermark-model';

/** The watermark store or service: which tables have files, and the manifests that claim them. */
export interface CleanupWatermarks {
  api(): Promise<WatermarkApi>;
}

/**
 * What a cleanup lists, reads and deletes from; the sync module's
 * OBJECT_STORE and WatermarkConnection satisfy them as they are.
 */
export interface CleanupInputs {
  store: ObjectStore;
  watermarks: CleanupWatermarks;
  /** The object-store prefix every pipeline's folders are under (`objectStore.prefix` of the config). */
  objectPrefix: string;
}
