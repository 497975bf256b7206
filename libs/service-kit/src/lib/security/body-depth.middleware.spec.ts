import { nestedDeeperThan } from './body-depth.middleware';

describe('nestedDeeperThan', () => {
  const nest = (levels: number): unknown => {
    let value: unknown = 1;
    for (let i = 0; i < levels; i++) value = i % 2 ? [value] : { a: value };
    return value;
  };

  it('measures depth without recursion, even 100,000 levels down', () => {
    expect(nestedDeeperThan(nest(64), 64)).toBe(false);
    expect(nestedDeeperThan(nest(65), 64)).toBe(true);
    expect(nestedDeeperThan(JSON.parse(`${'['.repeat(100_000)}${']'.repeat(100_000)}`), 64)).toBe(true);
  });

  it('takes scalars, null and wide shallow bodies', () => {
    expect(nestedDeeperThan(undefined, 64)).toBe(false);
    expect(nestedDeeperThan(null, 64)).toBe(false);
    expect(nestedDeeperThan({ manifest: { files: Array.from({ length: 10_000 }, () => ({ key: 'k' })) } }, 64)).toBe(
      false,
    );
  });
});
