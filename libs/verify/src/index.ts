export * from './lib/verify-table';
export * from './lib/verify-inputs';
export * from './lib/verification';
export * from './lib/row-difference';
export * from './lib/describe-verification';
export { VERIFY_GENERATED_NAMES } from './lib/result-names';
