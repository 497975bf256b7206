import type { Config } from 'jest';
import { getJestProjectsAsync } from '@nx/jest';

// `npm test`: every project in one jest run, so the suite ends with one summary.
export default async (): Promise<Config> => ({
  projects: await getJestProjectsAsync(),
  // Three on two cores: most of a worker's time is spent waiting on the
  // processes and servers its tests start (.ci/run prints how busy the cores were).
  maxWorkers: 3,
  // Global options are not taken from the projects' preset in a multi-project run.
  testTimeout: 120_000,
  reporters: ['default', '<rootDir>/tools/testing/summary-reporter.js'],
});
