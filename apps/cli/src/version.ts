/** Set by the build (apps/cli/webpack.config.js) from the root package.json. */
declare const TIDEMARK_VERSION: string | undefined;

/** The version this binary was built from; "unknown" when run unbundled (ts-node, specs). */
export function cliVersion(): string {
  return typeof TIDEMARK_VERSION === 'string' ? TIDEMARK_VERSION : 'unknown';
}
