import { checkLoadOrderToken, loadOrderValue, MAX_MANIFESTS_PER_RUN } from './load-order';

describe('the load order of a manifest', () => {
  it('is the fencing token, then the manifest number in 20 bits', () => {
    expect(loadOrderValue(1, 1)).toBe('1048577');
    expect(loadOrderValue(1, MAX_MANIFESTS_PER_RUN)).toBe('2097151');
    expect(loadOrderValue(2, 1)).toBe('2097153');
  });

  it('orders every manifest of a run after every manifest of an earlier token', () => {
    expect(BigInt(loadOrderValue(7, 1))).toBeGreaterThan(BigInt(loadOrderValue(6, MAX_MANIFESTS_PER_RUN)));
  });

  it('stays a signed BIGINT up to the largest token it accepts, exactly (no float rounding)', () => {
    const maxToken = Number.MAX_SAFE_INTEGER; // above 2^43 - 1 the value would pass BIGINT
    expect(() => loadOrderValue(maxToken, 1)).toThrow(/fencing token 9007199254740991 cannot make a load order/);
    expect(loadOrderValue(2 ** 43 - 1, MAX_MANIFESTS_PER_RUN)).toBe(String(2n ** 63n - 1n));
  });

  it('refuses what cannot number a manifest', () => {
    expect(() => loadOrderValue(0, 1)).toThrow(/fencing token 0 cannot make a load order/);
    expect(() => loadOrderValue(1.5, 1)).toThrow(/fencing token 1.5/);
    expect(() => loadOrderValue(1, 0)).toThrow(/manifest number 0 cannot make a load order/);
    expect(() => loadOrderValue(1, MAX_MANIFESTS_PER_RUN + 1)).toThrow(/one run writes at most 1048575 manifests/);
  });
});

describe('checkLoadOrderToken', () => {
  const manifest = (value?: string) => ({ id: 'm1', ...(value === undefined ? {} : { loadOrder: { value } }) });

  it('passes a load order made with the commit token, and a manifest of an earlier version', () => {
    expect(() => checkLoadOrderToken(manifest(loadOrderValue(5, 3)), 5)).not.toThrow();
    expect(() => checkLoadOrderToken(manifest(), undefined)).not.toThrow();
  });

  it('refuses a load order made with another token, or committed without one', () => {
    expect(() => checkLoadOrderToken(manifest(loadOrderValue(4, 1)), 5)).toThrow(
      'manifest m1 has load order 4194305, made with fencing token 4, but is committed with token 5: a load order must come from the lease the commit holds',
    );
    expect(() => checkLoadOrderToken(manifest(loadOrderValue(4, 1)), undefined)).toThrow(/committed with no fencing token/);
    expect(() => checkLoadOrderToken(manifest('x'), 5)).toThrow(/made with fencing token none/);
  });
});
