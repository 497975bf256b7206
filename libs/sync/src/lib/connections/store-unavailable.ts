import { isTidemarkError, TidemarkError } from '@tidemark/errors';
import { WatermarkApi } from '@tidemark/watermark-model';
import { isSqliteBusy } from '@tidemark/watermark-store';

/**
 * The watermark store's API with its database failures reported as one
 * clear error (exit 1) instead of an internal error with a stack. Both
 * commits are safe to run again, so a re-run after the outage converges
 * (tests/crash-matrix).
 */
export function reportingStoreFailures(api: WatermarkApi, where: string): WatermarkApi {
  return new Proxy(api, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        try {
          return await value.apply(target, args);
        } catch (error) {
          if (isTidemarkError(error)) throw error;
          const why = isSqliteBusy(error)
            ? 'stayed locked by another process for longer than watermarkStore.busyTimeoutSeconds, so this step was not recorded; run again once that process is done'
            : `failed, so this step was not recorded; run again once it is back: ${(error as Error).message}`;
          throw new TidemarkError('WATERMARK_SERVICE', `the watermark store (${where}) ${why}`, { cause: error });
        }
      };
    },
  });
}
