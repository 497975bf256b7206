import { WAREHOUSE_TIMEOUT_DEFAULTS, withDefaults } from './timeouts';

describe('withDefaults', () => {
  it('keeps the timeouts that are set and fills the rest from the defaults', () => {
    expect(withDefaults({ connectTimeoutSeconds: 3, statementTimeoutSeconds: undefined })).toEqual({
      ...WAREHOUSE_TIMEOUT_DEFAULTS,
      connectTimeoutSeconds: 3,
    });
  });

  it('gives the defaults when nothing is set', () => {
    expect(withDefaults()).toEqual(WAREHOUSE_TIMEOUT_DEFAULTS);
  });
});
