import { buildProgram } from './program';
import { debugRequested, reportError } from './output/report-error';

/** Parses the command line and runs the command; a failure sets the exit code. */
export async function runCli(argv: string[]): Promise<void> {
  await buildProgram()
    .parseAsync(argv)
    .catch((error) => {
      process.exitCode = reportError(error, { debug: debugRequested() });
    });
}
