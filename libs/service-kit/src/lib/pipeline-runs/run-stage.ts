export type RunStage = 'extract' | 'load';
export const RUN_STAGE = Symbol('RunStage');
