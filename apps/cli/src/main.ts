#!/usr/bin/env node
import { buildProgram } from './program';
import { debugRequested, reportError } from './output/report-error';

// The AWS SDK's documented switch for its multi-line notice that later SDK versions will need Node 22: it says
// nothing about this run, and the user can still see it by setting the variable to anything but "true".
if (!process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
}

buildProgram()
  .parseAsync(process.argv)
  .catch((error) => {
    process.exitCode = reportError(error, { debug: debugRequested() });
  });
