// Outside apps/cli so that Nx's generated package.json does not count the build's own tools
// (terser-webpack-plugin) among the CLI's run-time packages.
const { join } = require('path');
const { NormalModuleReplacementPlugin, optimize, SourceMapDevToolPlugin } = require('webpack');
const TerserPlugin = require('terser-webpack-plugin');

/**
 * Packages with native addons stay in node_modules: webpack cannot bundle a .node binary.
 * @duckdb/node-api is plain JavaScript over @duckdb/node-bindings, so it is bundled (ADR 0053).
 */
const NATIVE_PACKAGES = new Set([
  '@duckdb/node-bindings',
  'better-sqlite3',
  'ssh2',
  'cpu-features',
  'koffi',
]);

function packageOf(request) {
  const parts = request.split('/');
  return request.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** pg's `./stream`, which probes for Cloudflare Workers, replaced by its Node.js functions alone. */
function pgNodeStream(resource) {
  if (/[\\/]node_modules[\\/]pg[\\/]lib$/.test(resource.context))
    resource.request = join(__dirname, 'pg-node-stream.js');
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
 * Left to Node's require at run time: native addons, and the optional packages that Nest and
 * TypeORM require only when a feature asks for them and that are not installed; their require
 * fails at run time exactly as it does unbundled.
 */
function keepOutOfBundle({ request }, callback) {
  const bare = request && !request.startsWith('.') && !request.startsWith('/') && !request.startsWith('@tidemark/');
  if (bare && (NATIVE_PACKAGES.has(packageOf(request)) || !installed(request)))
    return callback(null, `commonjs ${request}`);
  callback();
}

/**
 * The webpack settings that bundle a program's packages into packages.js beside its entry
 * (ADR 0052), so a start reads one file instead of resolving ~1,300. `startEntry` (main.js, which
 * installs the compile cache) keeps its few packages to itself: it must load nothing before.
 * For Nx's plugin: `externalDependencies: 'none'`, `mergeExternals: true`, `sourceMap: false`.
 */
function bundledPackages(startEntry) {
  return {
    externals: [keepOutOfBundle],
    optimization: {
      splitChunks: {
        cacheGroups: {
          packages: {
            test: /[\\/]node_modules[\\/]/,
            name: 'packages',
            chunks: (chunk) => chunk.name !== startEntry,
            enforce: true,
          },
        },
      },
    },
    plugins: [
      new NormalModuleReplacementPlugin(/^\.\/stream$/, pgNodeStream),
      // The packages' lazy import()s go with them into packages.js: entries, plus packages.js.
      new optimize.LimitChunkCountPlugin({ maxChunks: 3 }),
      // Maps for the program's own code only: the packages' would make a map of 17 MB, which
      // --enable-source-maps (the images) parses and holds (+88 MiB RSS, measured).
      new SourceMapDevToolPlugin({ filename: '[file].map', exclude: /^packages\.js$/ }),
      // Every character outside ASCII escaped, nothing else changed: one such character makes V8
      // hold the whole 11 MB source as a two-byte string (+20 MiB RSS, measured).
      new TerserPlugin({
        test: /^packages\.js$/,
        extractComments: false,
        terserOptions: {
          compress: false,
          mangle: false,
          keep_classnames: true,
          keep_fnames: true,
          format: { ascii_only: true, beautify: true, comments: false },
        },
      }),
    ],
  };
}

module.exports = { bundledPackages };
