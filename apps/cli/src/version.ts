/** Set by the build (apps/cli/webpack.config.js) from the root package.json. */
declare const TIDEMARK_VERSION: string | undefined;

/** The version this binary was built from; "unknown" when run unbundled (ts-node, specs). */
export function cliVersion(): string {
  return typeof TIDEMARK_VERSION === 'string' ? TIDEMARK_VERSION : 'unknown';
}

/**
 * `tidemark --version` or `-V`, alone. Not a program option: commander lets a
 * program option match after a subcommand too, and `watermark restore
 * --version N` (the old tool's form) would then print the version.
 */
export function versionRequested(args: string[]): boolean {
  return args.length === 1 && (args[0] === '--version' || args[0] === '-V');
}

/** The line `--help` adds for it. */
export const VERSION_HELP = '\nPrint the version: tidemark -V, --version';
