import { WatermarkApi } from '@tidemark/watermark-model';

/** The watermark API with `commitExtract` and `commitLoad` hooked: a hook runs before the real call. */
export function hooked(hooks: { extract?: (n: number) => Promise<void>; load?: () => void }) {
  let extracts = 0;
  return (real: WatermarkApi): WatermarkApi =>
    new Proxy(real, {
      get(target, prop) {
        const value = Reflect.get(target, prop, target);
        if (prop === 'commitExtract' && hooks.extract) {
          return async (...args: Parameters<WatermarkApi['commitExtract']>) => {
            await hooks.extract?.(++extracts);
            return target.commitExtract(...args);
          };
        }
        if (prop === 'commitLoad' && hooks.load) {
          return async (...args: Parameters<WatermarkApi['commitLoad']>) => {
            const done = await target.commitLoad(...args);
            if (args[0].manifestIds.length > 0) hooks.load?.();
            return done;
          };
        }
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
}

/**
 * From the second manifest on, the extract's commit waits (up to 60 s)
 * until a load was committed: a sync that loads only after its extract
 * never gets one, and its extract fails. `waited` says the gate held a commit.
 */
export function extractWaitsForALoad(timeoutMs = 60_000) {
  const gate = {
    loadsCommitted: 0,
    waited: false,
    wrap: hooked({
      load: () => gate.loadsCommitted++,
      extract: async (n) => {
        if (n < 2) return;
        const until = Date.now() + timeoutMs;
        while (gate.loadsCommitted === 0) {
          if (Date.now() > until) throw new Error(`no load was committed while the extract waited to commit manifest ${n}`);
          gate.waited = true;
          await new Promise((r) => setTimeout(r, 20));
        }
      },
    }),
  };
  return gate;
}
