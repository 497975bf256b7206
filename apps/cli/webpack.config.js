const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');
const { join } = require('path');
const { DefinePlugin } = require('webpack');
const { readFileSync } = require('fs');
// A build helper, not a library: it lives outside apps/cli so that Nx's generated package.json does not
// list its build tool among the CLI's run-time packages (tools/webpack/bundled-packages.js).
// eslint-disable-next-line @nx/enforce-module-boundaries
const { bundledPackages } = require('../../tools/webpack/bundled-packages');

const { version } = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8'));

// The packages bundled into packages.js (ADR 0052).
const packages = bundledPackages('main');

module.exports = {
  externals: packages.externals,
  optimization: packages.optimization,
  output: {
    path: join(__dirname, '../../dist/apps/cli'),
    clean: true,
    // cli.js hands runCli to main.js through module.exports.
    library: { type: 'commonjs2' },
    ...(process.env.NODE_ENV !== 'production' && {
      devtoolModuleFilenameTemplate: '[absolute-resource-path]',
    }),
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
      sourceMap: false,
      externalDependencies: 'none',
      mergeExternals: true,
    }),
    // `tidemark --version`: the bundle carries the version it was built from.
    new DefinePlugin({ TIDEMARK_VERSION: JSON.stringify(version) }),
    ...packages.plugins,
  ],
};
