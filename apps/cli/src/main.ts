#!/usr/bin/env node
import { buildProgram } from './program';
import { debugRequested, reportError } from './output/report-error';

buildProgram()
  .parseAsync(process.argv)
  .catch((error) => {
    process.exitCode = reportError(error, { debug: debugRequested() });
  });
