export * from './lib/bound-query';
export * from './lib/typed-placeholder';
export * from './lib/keyset-query';
export * from './lib/ceiling-query';
