const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');
const { join } = require('path');
const { DefinePlugin } = require('webpack');
const { readFileSync } = require('fs');

const { version } = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8'));

module.exports = {
  output: {
    path: join(__dirname, '../../dist/apps/cli'),
    clean: true,
    ...(process.env.NODE_ENV !== 'production' && {
      devtoolModuleFilenameTemplate: '[absolute-resource-path]',
    }),
  },
  plugins: [
    new NxAppWebpackPlugin({
      target: 'node',
      compiler: 'tsc',
      main: './src/main.ts',
      tsConfig: './tsconfig.app.json',
      optimization: false,
      outputHashing: 'none',
      generatePackageJson: true,
      sourceMap: true,
    }),
    // `tidemark --version`: the bundle carries the version it was built from.
    new DefinePlugin({ TIDEMARK_VERSION: JSON.stringify(version) }),
  ],
};
