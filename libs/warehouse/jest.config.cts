module.exports = {
  displayName: 'warehouse',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  coverageDirectory: '../../coverage/libs/warehouse',
};
