const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');
const { join } = require('path');
const { DefinePlugin, optimize, SourceMapDevToolPlugin } = require('webpack');
const { readFileSync } = require('fs');

const { version } = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8'));

/** Packages with native addons stay in node_modules: webpack cannot bundle a .node binary. */
const NATIVE_PACKAGES = new Set([
  '@duckdb/node-api',
  '@duckdb/node-bindings',
  'better-sqlite3',
  'ssh2',
  'cpu-features',
]);

function packageOf(request) {
  const parts = request.split('/');
  return request.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function installed(request) {
  try {
    require.resolve(request, { paths: [__dirname] });
    return true;
  } catch {
    return false;
  }
}

/**
 * The packages are bundled (into packages.js), so a start resolves and reads two files instead of
 * ~1,300 (ADR 0052). Left to Node's require at run time: native addons, and the optional packages that
 * Nest and TypeORM require only when a feature asks for them and that are not installed; their
 * require fails at run time exactly as it does unbundled.
 */
function keepOutOfBundle({ request }, callback) {
  const bare = request && !request.startsWith('.') && !request.startsWith('/') && !request.startsWith('@tidemark/');
  if (bare && (NATIVE_PACKAGES.has(packageOf(request)) || !installed(request)))
    return callback(null, `commonjs ${request}`);
  callback();
}

module.exports = {
  externals: [keepOutOfBundle],
  output: {
    path: join(__dirname, '../../dist/apps/cli'),
    clean: true,
    // cli.js hands runCli to main.js through module.exports.
    library: { type: 'commonjs2' },
    ...(process.env.NODE_ENV !== 'production' && {
      devtoolModuleFilenameTemplate: '[absolute-resource-path]',
    }),
  },
  optimization: {
    splitChunks: {
      // The program's packages in a file of their own, packages.js, which cli.js requires at start.
      // Not main.js's (tslib): it must load nothing before the compile cache is in place.
      cacheGroups: {
        packages: {
          test: /[\\/]node_modules[\\/]/,
          name: 'packages',
          chunks: (chunk) => chunk.name !== 'main',
          enforce: true,
        },
      },
    },
  },
  plugins: [
    new NxAppWebpackPlugin({
      target: 'node',
      compiler: 'tsc',
      main: './src/main.ts',
      // The program is a bundle of its own, required by main.js once the compile cache is in place (ADR 0038).
      additionalEntryPoints: [{ entryName: 'cli', entryPath: './src/cli.ts' }],
      tsConfig: './tsconfig.app.json',
      optimization: false,
      outputHashing: 'none',
      generatePackageJson: true,
      // Maps for the program's own code only (below): the packages' would make a map of 17 MB, which
      // --enable-source-maps (the image) parses and holds, 88 MiB more than the CLI's own.
      sourceMap: false,
      externalDependencies: 'none',
      mergeExternals: true,
    }),
    // `tidemark --version`: the bundle carries the version it was built from.
    new DefinePlugin({ TIDEMARK_VERSION: JSON.stringify(version) }),
    // The packages' lazy import()s go with them into packages.js: the CLI is main.js, cli.js and packages.js.
    new optimize.LimitChunkCountPlugin({ maxChunks: 3 }),
    new SourceMapDevToolPlugin({ filename: '[file].map', exclude: /^packages\.js$/ }),
  ],
};
