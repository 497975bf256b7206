import { badInput } from '@tidemark/errors';

/**
 * A manifest's load order (ADR 0015): the extract lease's fencing token in
 * the high bits, the manifest's number in its run in the low 20. Tokens only
 * grow and a commit is accepted only with the newest one, so load orders grow
 * in the order manifests are registered, whatever the hosts' clocks say.
 */
export const LOAD_ORDER_SEQUENCE_BITS = 20;
export const MAX_MANIFESTS_PER_RUN = 2 ** LOAD_ORDER_SEQUENCE_BITS - 1;

const MAX_BIGINT = 2n ** 63n - 1n;
/** The largest fencing token whose load orders still fit a signed BIGINT. */
const MAX_TOKEN = MAX_BIGINT >> BigInt(LOAD_ORDER_SEQUENCE_BITS);

/** The load order of the `manifestNumber`-th manifest (1, 2, …) of the run holding `fencingToken`, in decimal. */
export function loadOrderValue(fencingToken: number, manifestNumber: number): string {
  if (!Number.isSafeInteger(fencingToken) || fencingToken < 1 || BigInt(fencingToken) > MAX_TOKEN) {
    throw new Error(`fencing token ${fencingToken} cannot make a load order: it must be a whole number from 1 to ${MAX_TOKEN}`);
  }
  if (!Number.isSafeInteger(manifestNumber) || manifestNumber < 1 || manifestNumber > MAX_MANIFESTS_PER_RUN) {
    throw new Error(
      `manifest number ${manifestNumber} cannot make a load order: one run writes at most ${MAX_MANIFESTS_PER_RUN} manifests; ` +
        'raise extract.targetFileBytes or run again to continue',
    );
  }
  return ((BigInt(fencingToken) << BigInt(LOAD_ORDER_SEQUENCE_BITS)) + BigInt(manifestNumber)).toString();
}

/** Whether `value` is a load order at all: a positive signed BIGINT in decimal digits. */
export function isLoadOrderValue(value: unknown): value is string {
  return typeof value === 'string' && /^[1-9]\d{0,18}$/.test(value) && BigInt(value) <= MAX_BIGINT;
}

/**
 * At an extract commit: a manifest's load order must carry the commit's
 * fencing token, or registration order and load order could disagree. A
 * manifest with no load order (an earlier version's) passes.
 */
export function checkLoadOrderToken(manifest: { id: string; loadOrder?: { value: string } }, fencingToken: number | undefined): void {
  const value = manifest.loadOrder?.value;
  if (value === undefined) return;
  const token = isLoadOrderValue(value) ? BigInt(value) >> BigInt(LOAD_ORDER_SEQUENCE_BITS) : null;
  if (fencingToken === undefined || token !== BigInt(fencingToken)) {
    throw badInput(
      `manifest ${manifest.id} has load order ${value}, made with fencing token ${token ?? 'none'}, ` +
        `but is committed with ${fencingToken === undefined ? 'no fencing token' : `token ${fencingToken}`}: ` +
        'a load order must come from the lease the commit holds',
    );
  }
}
