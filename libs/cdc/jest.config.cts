module.exports = {
  displayName: 'cdc',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  coverageDirectory: '../../coverage/libs/cdc',
};
