#!/usr/bin/env node
import { buildProgram } from './program';
import { debugRequested, reportError } from './output/report-error';
import { cliVersion, versionRequested } from './version';

if (versionRequested(process.argv.slice(2))) process.stdout.write(`${cliVersion()}\n`);
else
  buildProgram()
    .parseAsync(process.argv)
    .catch((error) => {
      process.exitCode = reportError(error, { debug: debugRequested() });
    });
