module.exports = {
  displayName: 'parquet',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  coverageDirectory: '../../coverage/libs/parquet',
};
