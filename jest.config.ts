import type { Config } from 'jest';
import { getJestProjectsAsync } from '@nx/jest';

// `npm test`: every project in one jest run, so the suite ends with one summary.
export default async (): Promise<Config> => ({
  projects: await getJestProjectsAsync(),
  // Two: with three, the suites overlap more, and a write another suite holds
  // open on the shared MariaDB holds every table's safe ceiling back (ADR 0010),
  // which made the README demo's incremental run move 0 rows once in CI.
  maxWorkers: 2,
  // Global options are not taken from the projects' preset in a multi-project run.
  testTimeout: 120_000,
  reporters: ['default', '<rootDir>/tools/testing/summary-reporter.js'],
});
